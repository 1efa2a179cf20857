"""The commissioner's reports, each a function from a scope to a report; one list of them
for the overview, the pages and the API."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.core.report import Report
from reports.filters import ReportScope
from reports.sections.budgets import budgets_report


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
)

BY_SLUG = {section.slug: section for section in SECTIONS}
