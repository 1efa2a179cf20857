"""Transfers between teams: a team asks for a person by NHS number; a facilitator of the
team that holds them, or a commissioner of the organisation, agrees or refuses with a reason;
agreeing moves the person, and their plans, reviews and history follow.

Transfers are between teams of one organisation: a person held by another organisation is
moved by the commissioners of both, outside the service.

Who sees a request: the asking team (coordinators and facilitators), which sees only the NHS
number it typed, the status and the reasons, never the person or the team that holds them
until it has them; and those who may decide it. Anyone else gets 404.

Pages and API call the same functions here.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import record_event
from common.errors import RecordedRefusal
from common.hooks import Hook
from participants import nhs_number
from participants.models import Participant, TransferRequest
from people.access import transfer_decider_scope, transfer_scope
from people.models import User

NO_ONE_HOLDS = "No team holds a person with this NHS number: add them to your team instead."
ALREADY_YOURS = "This person is already on your team’s caseload."
OUTSIDE_THE_ORGANISATION = (
    "This person is known to a team outside your organisation. Transfers are between teams "
    "of one organisation: ask your commissioner to arrange it with theirs."
)
ALREADY_ASKED = "Your team has already asked for this person: the request is waiting."
GIVE_A_REASON = "Say why the person is moving to your team."
GIVE_A_REFUSAL_REASON = "Say why the transfer is refused."
LAPSED_REASON = "The person moved to another team."

Follower = Callable[[Participant, User], None]

person_moved: Hook[Follower] = Hook("what follows a person to their new team")
"""Higher apps keep what hangs on the person in step with their new team (a care plan's
open draft names a coordinator of the team, say). Called inside the move's transaction with
the person (already in the new team) and the user who agreed."""


class AlreadyDecided(Exception):  # noqa: N818  (it names the condition, as ValidationError does)
    """The request is no longer waiting: nothing was changed."""


# -- Who sees and decides (the rule itself is in ``people.access``) ------------------------------


def transfers_visible_to(user: User) -> QuerySet[TransferRequest]:
    """The requests the user's team asked for, and those the user may decide."""
    return TransferRequest.objects.filter(transfer_scope(user))


def transfers_to_decide(user: User) -> QuerySet[TransferRequest]:
    """The requests waiting for this user's decision, oldest first."""
    return TransferRequest.objects.filter(
        transfer_decider_scope(user), status=TransferRequest.Status.WAITING
    ).order_by("asked_at", "pk")


def asked_by_the_team(user: User) -> QuerySet[TransferRequest]:
    """What the user's team has asked for, newest first."""
    if user.team_id is None:
        return TransferRequest.objects.none()
    return transfers_visible_to(user).filter(asking_team_id=user.team_id)


def decided_for(user: User) -> QuerySet[TransferRequest]:
    """Requests the user could have decided that are no longer waiting, newest first."""
    return TransferRequest.objects.filter(transfer_decider_scope(user)).exclude(
        status=TransferRequest.Status.WAITING
    )


def may_decide(user: User, transfer: TransferRequest) -> bool:
    """A facilitator of the team that holds the person, or a commissioner of the
    organisation. Only they learn from a request which team holds the person."""
    return user.has_perm("participants.decide_transfer", transfer)


# -- Asking ---------------------------------------------------------------------------------------


def _person_to_ask_for(user: User, value: str, request, channel) -> Participant:
    try:
        digits = nhs_number.normalise(value)
    except nhs_number.NHSNumberError as error:
        raise ValidationError({"nhs_number": str(error)}) from None
    person = Participant.objects.select_related("team").filter(nhs_number=digits).first()
    if person is None:
        raise ValidationError({"nhs_number": NO_ONE_HOLDS})
    if person.team_id == user.team_id:
        raise ValidationError({"nhs_number": ALREADY_YOURS})
    if person.team.organisation_id != user.team.organisation_id:
        record_event(
            kind=AuditEvent.Kind.KNOWN_ELSEWHERE,
            obj=person,
            user=user,
            request=request,
            channel=channel,
        )
        raise RecordedRefusal({"nhs_number": OUTSIDE_THE_ORGANISATION})
    return person


def transfer_ask(
    *,
    user: User,
    nhs_number: str,
    reason: str,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
) -> TransferRequest:
    """Ask, for the user's team, for the person with this NHS number.

    An attempt on a person held outside the organisation is refused and kept in the audit
    trail (``request`` and ``channel`` say how it was made)."""
    if not user.has_perm("participants.ask_for_transfer"):
        raise PermissionDenied("Only a coordinator or facilitator asks for a transfer.")
    if not reason.strip():
        raise ValidationError({"reason": GIVE_A_REASON})
    person = _person_to_ask_for(user, nhs_number, request, channel)
    with transaction.atomic():
        waiting = TransferRequest.objects.select_for_update().filter(
            participant=person, asking_team_id=user.team_id, status=TransferRequest.Status.WAITING
        )
        if waiting.exists():
            raise ValidationError({"nhs_number": ALREADY_ASKED})
        transfer = TransferRequest(
            nhs_number=person.nhs_number,
            participant=person,
            holding_team_id=person.team_id,
            asking_team_id=user.team_id,
            asked_by=user,
            reason=reason.strip(),
        )
        transfer._history_user = user
        try:
            with transaction.atomic():
                transfer.save()
        except IntegrityError:  # the same team asked a moment ago
            raise ValidationError({"nhs_number": ALREADY_ASKED}) from None
    return transfer


# -- Deciding -------------------------------------------------------------------------------------


def _check_decider(user: User, transfer: TransferRequest) -> None:
    if not may_decide(user, transfer):
        raise PermissionDenied(
            "Only a facilitator of the team that holds the person, or a commissioner of the "
            "organisation, decides a transfer."
        )


def already_decided_message(transfer: TransferRequest) -> str:
    when = f"{timezone.localtime(transfer.decided_at):%d %B %Y at %H:%M}"
    if transfer.status == TransferRequest.Status.LAPSED:
        return f"This request was closed on {when}: the person moved to another team."
    return f"This request has already been {transfer.get_status_display().lower()} on {when}."


@transaction.atomic
def transfer_decide(
    *, user: User, transfer: TransferRequest, agree: bool, reason: str = ""
) -> TransferRequest:
    """Agree or refuse (with a reason) a waiting request. The request's row is locked first:
    of two decisions at once, one wins and the other gets ``AlreadyDecided``."""
    locked = TransferRequest.objects.select_for_update(of=("self",)).get(pk=transfer.pk)
    _check_decider(user, locked)
    if locked.status != TransferRequest.Status.WAITING:
        raise AlreadyDecided(already_decided_message(locked))
    if not agree and not reason.strip():
        raise ValidationError({"reason": GIVE_A_REFUSAL_REASON})
    person = Participant.objects.select_for_update(of=("self",)).get(pk=locked.participant_id)
    if person.team_id != locked.holding_team_id:
        raise AlreadyDecided("The person is no longer with the team that held them.")
    locked.status = TransferRequest.Status.AGREED if agree else TransferRequest.Status.REFUSED
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.decision_reason = reason.strip()
    locked._history_user = user
    locked.save()
    if agree:
        _move(person, locked, user)
    return locked


def _move(person: Participant, transfer: TransferRequest, user: User) -> None:
    """The person joins the asking team, coordinated by whoever asked (if they still can);
    other teams' waiting requests for them lapse."""
    person.team_id = transfer.asking_team_id
    person.care_coordinator = transfer.asked_by if transfer.asker_can_coordinate else None
    person._history_user = user
    person.save()
    others = TransferRequest.objects.select_for_update().filter(
        participant=person, status=TransferRequest.Status.WAITING
    )
    for other in others:
        other.status = TransferRequest.Status.LAPSED
        other.decided_at = transfer.decided_at
        other.decision_reason = LAPSED_REASON
        other._history_user = user
        other.save()
    for follow in person_moved:
        follow(person, user)


def transfers_waiting_count(user: User) -> int:
    """How many transfer requests wait for the user's decision (the menu's count)."""
    return transfers_to_decide(user).count()
