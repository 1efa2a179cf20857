"""The commissioner's reports, each a function from a scope to a report; one list of them
for the overview, the pages and the API."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.core.report import Report
from reports.filters import ReportScope
from reports.sections.budgets import budgets_report
from reports.sections.decisions import decisions_report
from reports.sections.reviews import reviews_report


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    description: str
    build: Callable[[ReportScope], Report]


SECTIONS: tuple[Section, ...] = (
    Section(
        "budgets",
        "Budgets",
        "Approved budgets by cluster, team and how they are managed, their range, and plans "
        "by status.",
        budgets_report,
    ),
    Section(
        "decisions",
        "Decisions",
        "Plans waiting for a decision, how long decisions take by route and month, the share "
        "decided within the target and returned, and reconsiderations.",
        decisions_report,
    ),
    Section(
        "reviews",
        "Reviews",
        "Reviews held on time, plans reviewed within 12 months, reviews overdue by team, and "
        "the progress on outcomes recorded at reviews.",
        reviews_report,
    ),
)

BY_SLUG = {section.slug: section for section in SECTIONS}
