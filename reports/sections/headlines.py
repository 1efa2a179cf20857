"""The overview's figures for sections whose whole report is too slow to build for it (a
section without a ``summary`` shows none there):
the figures that need watching now, from the same queries as the section's own tables (so
the overview and the section agree), without the rest of the report."""

from reports.core.report import Figures, Kind, format_value
from reports.filters import ReportScope
from reports.sections.decisions import _waiting
from reports.sections.peer_audit_rates import peer_audit_report
from reports.sections.reviews import _overdue


def decisions_headline(scope: ReportScope) -> Figures:
    """Plans waiting for a decision today and the longest wait (one query)."""
    waiting = _waiting(scope)
    total = waiting.footer[0] if waiting.footer else {"waiting": 0, "oldest_wait": None}
    figure = format_value(Kind.COUNT, total["waiting"])
    if total["oldest_wait"] is not None:
        figure += f" (oldest {format_value(Kind.DAYS, total['oldest_wait'])})"
    return (("Waiting for a decision", figure),)


def reviews_headline(scope: ReportScope) -> Figures:
    """Reviews overdue today (one query)."""
    overdue = _overdue(scope)
    count = overdue.footer[0]["overdue"] if overdue.footer else 0
    return (("Reviews overdue", format_value(Kind.COUNT, count)),)


def peer_audit_headline(scope: ReportScope) -> Figures:
    """The pass rate and plans audited: the whole report, a few grouped queries over the
    audits (not the plans)."""
    return peer_audit_report(scope).summary
