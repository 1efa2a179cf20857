"""Forms of the care plan pages.

They check the shape of what was typed (an amount of money, a whole number, a
date); the services (``careplans.drafting``, ``careplans.decisions``) decide, and
their errors are shown on the fields they name. Every form that changes a draft
carries the ``revision`` it was read at, so that a save from a stale copy is
refused rather than lost.

- ``base``: the draft form every change to a draft uses, and a whole-number field
- ``contents``: the plan's contents, outcomes, risks, and removing a part
- ``lines``: a spending line
- ``decisions``: deciding a plan, and asking for and answering a reconsideration
"""
