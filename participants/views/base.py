"""What every page about one person shares: finding them in scope, units and dates."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from audit.reads import get_visible_or_404
from costing.models import Intervention
from participants.services import participants_visible_to

UNIT_PLURALS = {Intervention.Unit.CONTACT: "contacts", Intervention.Unit.BED_DAY: "bed days"}


def visible_participants(user):
    """The people ``user`` may see, with what the pages show of them in the same query."""
    return participants_visible_to(user).select_related("team", "care_coordinator", "cluster")


def long_date(day) -> str:
    """``date(2010, 10, 1)`` -> ``"1 October 2010"``."""
    return f"{day.day} {day:%B %Y}"


def units(intervention: Intervention | None, quantity: int) -> str:
    if intervention is None:
        return "units"
    if quantity == 1:
        return intervention.get_unit_display()
    return UNIT_PLURALS.get(intervention.unit, intervention.get_unit_display())


class ParticipantPageMixin:
    """A page about one person: 404 outside the user's scope, 403 without ``permission``.

    The person is loaded once per request, and a page read (GET) is logged as
    a view of their record.
    """

    permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        self.participant = get_visible_or_404(
            request, visible_participants(request.user), pk=kwargs["pk"]
        )
        if self.permission and not request.user.has_perm(self.permission, self.participant):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)

    def detail_url(self) -> str:
        return reverse("participants:detail", args=[self.participant.pk])
