"""The commissioner's reports, each a function from a scope to a report; one list of them
for the overview, the pages and the API."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpResponse

from reports.core.report import Figures, Report
from reports.filters import ReportScope
from reports.sections.budgets import budgets_report, budgets_summary
from reports.sections.decisions import decisions_report
from reports.sections.headlines import decisions_headline, reviews_headline
from reports.sections.phb_return import phb_return_file, phb_return_report
from reports.sections.reviews import reviews_report


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    description: str
    build: Callable[[ReportScope], Report]
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
        "phb-return",
        "National quarterly return",
        "People with a personal health budget in the year to date and at the quarter’s "
        "end, by management option, category and age, as NHS England asks each quarter.",
        phb_return_report,
        file=phb_return_file,
    ),
)

BY_SLUG = {section.slug: section for section in SECTIONS}
