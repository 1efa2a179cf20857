"""Transfer requests on the home page (``people.sections``): how many wait for the user's
decision, and where to ask for one."""

from typing import Any

from django.http import HttpRequest

from common.hooks import PageSection
from participants.transfers import transfers_to_decide
from people.models import User
from people.sections import Place


def _context(request: HttpRequest, user: User) -> dict[str, Any]:
    return {
        "transfers_waiting": transfers_to_decide(user).count(),
        "may_ask": user.has_perm("participants.ask_for_transfer"),
    }


SECTION = PageSection(
    place=Place.AFTER_ROLE,
    template_name="participants/_home_transfers.html",
    context=_context,
)
