"""What the apps above careplans show on a plan's page.

A plan's reviews and review packs (and the buttons that record a review and print
a pack, first on the page of a plan in force) belong to ``reviews``, which careplans may
not import: reviews registers a ``PageSection`` on ``plan_page_sections`` in its
``AppConfig.ready()`` (see ``common.hooks``), and the plan page renders it.
"""

from enum import StrEnum
from typing import Any

from django.http import HttpRequest

from careplans.models import CarePlan
from common.hooks import Hook, PageSection, sections_for


class Place(StrEnum):
    ACTIONS = "actions"
    """First on the page of a plan in force, before "Start a new draft" (its buttons)."""
    AFTER_DECISIONS = "after_decisions"


plan_page_sections: Hook[PageSection] = Hook("sections of a plan's page")


def plan_page_context(request: HttpRequest, plan: CarePlan) -> dict[str, Any]:
    return sections_for(plan_page_sections, Place, request, plan)
