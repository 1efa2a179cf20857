"""The commissioner's reports, each a function from a scope to a report; one list of them
for the overview, the pages and the API."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse

from reports.core.report import Figures, Report
from reports.filters import ReportScope
from reports.sections.budgets import budgets_report, budgets_summary
from reports.sections.cluster_budgets import cluster_budgets_report
from reports.sections.cost_of_care import cost_of_care_section
from reports.sections.decisions import decisions_report
from reports.sections.headlines import (
    decisions_headline,
    peer_audit_headline,
    reviews_headline,
)
from reports.sections.outcomes import outcomes_report
from reports.sections.peer_audit_rates import peer_audit_report
from reports.sections.phb_return import phb_return_file, phb_return_report
from reports.sections.purchases import purchases_report
from reports.sections.reviews import reviews_report
from reports.sections.spend import spend_report


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    description: str
    build: Callable[[ReportScope], Report]
    api: bool = True
    """False where an older API already answers at ``reports/<slug>/`` (the peer audit's
    results), so the section has its page only."""
    file: Callable[[ReportScope, bool], HttpResponse] | None = None
    """The section's own file, in a layout of its own (the return, ready to submit),
    given whether it is for publication: the page's ``?file=`` and the API's CSV."""
    summary: Callable[[ReportScope], Figures] | None = None
    """The overview's figures, in a query or two (the overview shows none for a section
    without: it never builds whole reports, to stay fast)."""

    @property
    def has_file(self) -> bool:
        return self.file is not None


SECTIONS: tuple[Section, ...] = (
    Section(
        "budgets",
        "Budgets",
        "Approved budgets by cluster, team and how they are managed, their range, and plans "
        "by status.",
        budgets_report,
        summary=budgets_summary,
    ),
    Section(
        "decisions",
        "Decisions",
        "Plans waiting for a decision, how long decisions take by route and month, the share "
        "decided within the target and returned, and reconsiderations.",
        decisions_report,
        summary=decisions_headline,
    ),
    Section(
        "reviews",
        "Reviews",
        "Reviews held on time, plans reviewed within 12 months, reviews overdue by team, and "
        "the progress on outcomes recorded at reviews.",
        reviews_report,
        summary=reviews_headline,
    ),
    Section(
        "outcomes",
        "Outcomes chosen",
        "How many people chose each kind of outcome in the plans in force.",
        outcomes_report,
    ),
    Section(
        "purchases",
        "Purchases by category",
        "Purchases in the spending plans in force: how many, for how many people, and their "
        "cost a year, by category.",
        purchases_report,
    ),
    Section(
        "cost-of-care",
        "Cost of care",
        "Budget holders and the comparison group, the year before against the year, split "
        "by use of crisis or inpatient care, with the change in per cent.",
        cost_of_care_section,
    ),
    Section(
        "cluster-budgets",
        "Cluster cost against indicative budget",
        "Each person's indicative budget against their care cluster's annual cost, and each "
        "cluster's mean.",
        cluster_budgets_report,
    ),
    Section(
        "spend",
        "Spend",
        "Approved budgets against planned spend and the spending recorded at reviews; the "
        "underspend by team and by how budgets are managed.",
        spend_report,
    ),
    Section(
        "peer-audit",
        "Peer audit",
        "The peer audit's pass rate by team and quarter.",
        peer_audit_report,
        api=False,
        summary=peer_audit_headline,
    ),
    Section(
        "phb-return",
        "National quarterly return",
        "People with a personal health budget in the year to date and at the quarter’s "
        "end, by management option, category and age, as NHS England asks each quarter.",
        phb_return_report,
        file=phb_return_file,
    ),
)

BY_SLUG = {section.slug: section for section in SECTIONS}
