"""A plan's reviews and review packs, as a section of the plan's page
(``careplans.sections``), and the buttons that record a review and print a pack, first on
the page of a plan in force."""

from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from careplans.models import CarePlan, Reconsideration
from careplans.sections import Place
from careplans.selectors import budget_reduced_by
from common.hooks import PageSection
from reviews.models import Review


def reviews_of(plan: CarePlan) -> list[Review]:
    """The plan's reviews, newest first, each with its requests for reconsideration and
    whether it reduced the budget (so that the person can ask for that to be looked at)."""
    reviews = list(
        Review.objects.filter(plan=plan)
        .select_related("version__indicative_budget")
        .prefetch_related(
            "budget_changes",
            Prefetch(
                "reconsiderations",
                Reconsideration.objects.select_related("requested_by", "answered_by"),
            ),
        )
        .order_by("-held_on", "-pk")[:20]
    )
    for review in reviews:
        review.reduced = budget_reduced_by(review)
        review.reconsideration_list = list(review.reconsiderations.all())
        review.open_reconsideration = any(
            r.answered_at is None for r in review.reconsideration_list
        )
    return reviews


def _context(request: HttpRequest, plan: CarePlan) -> dict[str, Any]:
    return {"reviews": reviews_of(plan)}


SECTION = PageSection(
    place=Place.AFTER_DECISIONS,
    template_name="reviews/_plan_section.html",
    context=_context,
)


ACTIONS = PageSection(
    place=Place.ACTIONS,
    template_name="reviews/_plan_actions.html",
    context=lambda request, plan: {},
)
