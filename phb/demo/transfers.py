"""A demonstration transfer: Hillside asks for one of Riverside's people, and the request
waits for Riverside's facilitator."""

from django.db import transaction

from participants.models import Participant, TransferRequest
from participants.transfers import transfer_ask
from people.models import Role, Team, User


@transaction.atomic
def load_demo_transfers(teams: list[Team]) -> int:
    """Returns the requests added (0 if loaded)."""
    riverside, hillside = teams
    if TransferRequest.objects.filter(asking_team=hillside).exists():
        return 0
    person = (
        Participant.objects.filter(team=riverside, care_plans__isnull=True).order_by("pk").first()
    )
    asker = User.objects.filter(team=hillside, role=Role.COORDINATOR).order_by("pk").first()
    if person is None or asker is None:
        return 0
    transfer_ask(
        user=asker,
        nhs_number=person.nhs_number,
        reason="Moved into Hillside's area in the spring; their GP is now in our patch.",
    )
    return 1
