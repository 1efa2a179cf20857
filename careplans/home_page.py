"""What waits for a coordinator or facilitator on their home page (``people.sections``):
plans to sign off (a facilitator's, the sign-off queue's selection), the team's plans
with a draft, plans returned and not yet sent again, and reconsiderations answered in the
last four weeks. Each a count and a link to the list of those records. One query a count,
whatever the data."""

from typing import Any

from django.db.models import Count, Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from careplans.participant_list import list_href
from careplans.selectors import sign_off_queue
from common.hooks import PageSection
from common.tables import day_text
from participants.list_columns import shown
from participants.services import participants_visible_to
from people.models import TEAM_ROLES, Role, User
from people.sections import Place


def waiting_items(user: User) -> list[dict[str, Any]]:
    """The cards: a heading, a count, what it counts and a link to them."""
    today = timezone.localdate()
    people = participants_visible_to(user)
    items = []
    if user.role == Role.FACILITATOR:
        queue = sign_off_queue(user).aggregate(plans=Count("pk"), oldest=Min("submitted_at"))
        oldest = queue["oldest"] and timezone.localtime(queue["oldest"]).date()
        items.append(
            {
                "key": "queue",
                "heading": "Plans to sign off",
                "count": queue["plans"],
                "words": "waiting",
                "description": (
                    f"Oldest first: the oldest has waited since {day_text(oldest)}."
                    if oldest
                    else "No plan is waiting for the team's sign-off."
                ),
                "href": reverse("careplans:queue"),
                "link": "Open the sign-off queue",
            }
        )
    items += [
        {
            "key": "draft",
            "heading": "Plans with a draft",
            "count": shown(people, "draft", today).count(),
            "words": "with a draft",
            "description": "Drafts you or your team can carry on with.",
            "href": list_href("draft"),
            "link": "See the people with a draft",
        },
        {
            "key": "returned",
            "heading": "Plans returned",
            "count": shown(people, "returned", today).count(),
            "words": "returned",
            "description": "Returned with reasons and not yet sent again.",
            "href": list_href("returned"),
            "link": "See the returned plans",
        },
        {
            "key": "reconsidered",
            "heading": "Reconsiderations answered",
            "count": shown(people, "reconsidered", today).count(),
            "words": "answered",
            "description": (
                "People whose request for reconsideration was answered in the last four weeks."
            ),
            "href": list_href("reconsidered"),
            "link": "See who they are",
        },
    ]
    return items


def _context(request: HttpRequest, user: User) -> dict[str, Any]:
    if user.role not in TEAM_ROLES:
        return {"plan_items": []}
    return {"plan_items": waiting_items(user)}


SECTION = PageSection(
    place=Place.SUMMARY,
    template_name="careplans/_home_waiting.html",
    context=_context,
)
