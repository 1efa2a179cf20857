"""The person's care plans, as a section of their page (``participants.sections``)."""

from typing import Any

from django.http import HttpRequest

from careplans.models import PlanStatus
from careplans.selectors import plan_summaries
from common.hooks import PageSection
from participants.models import Participant
from participants.sections import Place

SUBMITTED = PlanStatus.SUBMITTED


def _context(request: HttpRequest, participant: Participant) -> dict[str, Any]:
    summaries = plan_summaries(participant)
    waiting = next(
        (s["current"] for s in summaries if s["current"] and s["current"].status == SUBMITTED),
        None,
    )
    return {"care_plans": summaries, "waiting": waiting}


SECTION = PageSection(
    place=Place.AFTER_DETAILS,
    template_name="careplans/_person_section.html",
    context=_context,
)
