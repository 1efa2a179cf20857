"""The commissioner's reports, each a function from a scope to a report; one list of them
for the overview, the pages and the API."""

from collections.abc import Callable
from dataclasses import dataclass

from reports.core.report import Figures, Report
from reports.filters import ReportScope
from reports.sections.budgets import budgets_report, budgets_summary


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    description: str
    build: Callable[[ReportScope], Report]
    summary: Callable[[ReportScope], Figures] | None = None
    """The overview's figures in a query or two; without it the overview builds the whole
    report for its summary."""


SECTIONS: tuple[Section, ...] = (
    Section(
        "budgets",
        "Budgets",
        "Approved budgets by cluster, team and how they are managed, their range, and plans "
        "by status.",
        budgets_report,
        summary=budgets_summary,
    ),
)

BY_SLUG = {section.slug: section for section in SECTIONS}
