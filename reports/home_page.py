"""The commissioner's home page (``people.sections``): the organisation's figures that need
watching now, each with a link to where to act on it. Plans waiting for a decision and the
oldest wait; reviews overdue; the approved budgets in force this financial year, their
planned spend against the indicative budgets they were approved against. Three aggregate
queries, whatever the data."""

from datetime import date
from typing import Any

from django.db.models import Count, Min
from django.http import HttpRequest
from django.utils import timezone

from careplans.selectors import sign_off_queue
from common.hooks import PageSection
from costing.core.years import FinancialYear
from people.models import User
from people.sections import Place
from reports.core.periods import Period
from reports.core.report import Kind, format_value
from reports.core.stats import share
from reports.filters import ReportScope
from reports.sections.budgets import budget_figures
from reviews.services import overdue_reviews


def waiting_plans(user: User, today: date) -> dict[str, Any]:
    """How many plans wait for a decision, and since when the oldest has."""
    waiting = sign_off_queue(user).aggregate(plans=Count("pk"), oldest=Min("submitted_at"))
    oldest = waiting["oldest"] and timezone.localtime(waiting["oldest"]).date()
    return {
        "plans": waiting["plans"],
        "oldest": oldest,
        "oldest_days": (today - oldest).days if oldest else None,
    }


def budgets_this_year(user: User, today: date) -> dict[str, Any]:
    """The approved budgets in force in this financial year: how many, their planned spend
    (the spending plans' totals a year) and the indicative budgets they were approved
    against."""
    year = Period(FinancialYear.of(today))
    scope = ReportScope(user=user, period=year, today=today)
    figures = budget_figures(scope)
    return {
        "year": year,
        "budgets": figures["budgets"],
        "planned": format_value(Kind.MONEY, figures["total"]),
        "indicative": format_value(Kind.MONEY, figures["indicative"]),
        "planned_share": format_value(Kind.PERCENT, share(figures["total"], figures["indicative"])),
        "has_share": bool(figures["indicative"]),
    }


def _context(request: HttpRequest, user: User) -> dict[str, Any]:
    if not user.has_perm("reports.view_reports"):
        return {"commissioner": False}
    today = timezone.localdate()
    return {
        "commissioner": True,
        "waiting": waiting_plans(user, today),
        "overdue": overdue_reviews(user, today).count(),
        "budgets": budgets_this_year(user, today),
    }


SECTION = PageSection(
    place=Place.SUMMARY,
    template_name="reports/_home_summary.html",
    context=_context,
)
