"""The person's indicative budgets, as a section of their page (``participants.sections``)."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from budgets.models import IndicativeBudget
from common.hooks import Action, PageSection
from participants.models import Participant
from participants.sections import Place

PERMISSION = "budgets.set_indicative_budget"


def budgets_of(participant: Participant) -> list[dict[str, Any]]:
    """Every indicative budget kept, latest first; the latest of each year is the one in force."""
    seen_years: set[int] = set()
    budgets = []
    for budget in IndicativeBudget.objects.filter(participant=participant).select_related("set_by"):
        budgets.append({"budget": budget, "in_force": budget.year not in seen_years})
        seen_years.add(budget.year)
    return budgets


def _context(request: HttpRequest, participant: Participant) -> dict[str, Any]:
    return {
        "budgets": budgets_of(participant),
        "can_set_budget": request.user.has_perm(PERMISSION, participant),
    }


def _actions(request: HttpRequest, participant: Participant) -> list[Action]:
    if not request.user.has_perm(PERMISSION, participant):
        return []
    href = reverse("participants:indicative_budget", args=[participant.pk])
    return [Action("Work out an indicative budget", href)]


SECTION = PageSection(
    place=Place.AFTER_COST_OF_CARE,
    template_name="budgets/_person_section.html",
    context=_context,
    actions=_actions,
)
