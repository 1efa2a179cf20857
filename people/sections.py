"""What the apps above people show on the home page.

The home page belongs to people, but what waits for the user (transfer requests, in
participants) belongs to higher apps, which people may not import: each registers a
``PageSection`` on ``home_page_sections`` in its ``AppConfig.ready()`` (see
``common.hooks``); the section's context is given the signed-in user as its record.
"""

from enum import StrEnum
from typing import Any

from django.http import HttpRequest

from common.hooks import Hook, PageSection, sections_for


class Place(StrEnum):
    SUMMARY = "summary"
    """First, under the greeting: what the user's role watches (the commissioner's figures)."""
    AFTER_ROLE = "after_role"


home_page_sections: Hook[PageSection] = Hook("sections of the home page")


def home_page_context(request: HttpRequest) -> dict[str, Any]:
    return sections_for(home_page_sections, Place, request, request.user)
