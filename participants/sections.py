"""What the apps above participants show on a person's page.

The person's page belongs to participants, but their care plans (careplans)
and indicative budgets (budgets) belong to higher apps, which participants may
not import. Each registers a ``PageSection`` on ``person_page_sections`` in its
``AppConfig.ready()`` (see ``common.hooks``); the page renders every section at
its place, with the section's own template and context.
"""

from enum import StrEnum
from typing import Any

from django.http import HttpRequest

from common.hooks import Hook, PageSection, sections_for
from participants.models import Participant


class Place(StrEnum):
    AFTER_DETAILS = "after_details"
    AFTER_COST_OF_CARE = "after_cost_of_care"


person_page_sections: Hook[PageSection] = Hook("sections of a person's page")


def person_page_context(request: HttpRequest, participant: Participant) -> dict[str, Any]:
    return sections_for(person_page_sections, Place, request, participant)
