"""A coordinator's or facilitator's reviews on their home page (``people.sections``): those
due in the next four weeks and those overdue, each a count and a link to the list of them.
Two queries, whatever the data."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from careplans.participant_list import list_href
from common.hooks import PageSection
from participants.list_columns import shown
from participants.services import participants_visible_to
from people.models import TEAM_ROLES, User
from people.sections import Place
from reviews.services import overdue_reviews


def review_items(user: User) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {
            "key": "review_soon",
            "heading": "Reviews due in the next four weeks",
            "count": shown(participants_visible_to(user), "review_soon", today).count(),
            "words": "due soon",
            "description": "Plans whose next review falls in the next four weeks.",
            "href": list_href("review_soon"),
            "link": "See the reviews due soon",
        },
        {
            "key": "review_overdue",
            "heading": "Reviews overdue",
            "count": overdue_reviews(user, today).count(),
            "words": "overdue",
            "description": "Plans whose review date has passed.",
            "href": reverse("reviews:overdue"),
            "link": "See the overdue reviews",
        },
    ]


def _context(request: HttpRequest, user: User) -> dict[str, Any]:
    if user.role not in TEAM_ROLES:
        return {"review_items": []}
    return {"review_items": review_items(user)}


SECTION = PageSection(
    place=Place.SUMMARY,
    template_name="reviews/_home_reviews.html",
    context=_context,
)
