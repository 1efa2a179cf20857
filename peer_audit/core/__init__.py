"""The peer audit's rules, in plain Python: the checklist's answers and pass rule, the
sample, the assignment of audits, pseudonyms, redaction and the roll-up. No Django here."""
