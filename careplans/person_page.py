"""The person's care plans, as a section of their page (``participants.sections``)."""

from typing import Any

from django.http import HttpRequest

from careplans.selectors import plan_summaries
from common.hooks import PageSection
from participants.models import Participant
from participants.sections import Place


def _context(request: HttpRequest, participant: Participant) -> dict[str, Any]:
    return {"care_plans": plan_summaries(participant)}


SECTION = PageSection(
    place=Place.AFTER_DETAILS,
    template_name="careplans/_person_section.html",
    context=_context,
)
