"""Recording participants, their clusters and their service use.

Pages, the API and the CSV imports all come through here. Every write of
several rows is all or nothing: one bad row and nothing is kept, and every
bad row is reported.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from audit.models import AuditEvent
from audit.services import record_event
from common.errors import RecordedRefusal
from costing.core import tariffs
from costing.core.money import MoneyError, parse_amount
from costing.core.quantities import QuantityError, check_quantity
from costing.core.years import FinancialYearError, check_day
from costing.models import Cluster, Intervention, TariffPrice
from participants import nhs_number
from participants.models import ClusterAssignment, DirectPayment, Participant, ServiceEvent
from people.access import caseload_visible_to
from people.models import TEAM_ROLES, Team, User

NO_SUCH_PERSON = "There is no such person on your caseload."
ALREADY_RECORDED = "A person with this NHS number is already recorded."
KNOWN_ELSEWHERE = (
    "This person is already known to another team. "
    "To take over their care, ask that team for a transfer."
)
NO_SUCH_COORDINATOR = "There is no such coordinator or facilitator in the person’s team."

EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "date_of_birth",
    "address",
    "care_coordinator",
    "phb_category",
    "cohort",
    "representative",
    "higher_financial_risk",
)


def participants_visible_to(user: User) -> QuerySet[Participant]:
    """The participants ``user`` may see: their team's, or their organisation's."""
    return caseload_visible_to(user, Participant.objects.all(), team_path="team__")


def team_coordinators(team: Team | None) -> QuerySet[User]:
    """The people who may coordinate care in ``team``: its active coordinators and facilitators."""
    return User.objects.filter(team=team, role__in=sorted(TEAM_ROLES), is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def _check_coordinator(team_id: int, coordinator: User | None) -> None:
    if coordinator is None:
        return
    if coordinator.team_id != team_id or coordinator.role not in TEAM_ROLES:
        raise ValidationError({"care_coordinator": NO_SUCH_COORDINATOR})


class KnownToAnotherTeam(RecordedRefusal):
    """The NHS number is of a person another team holds. No team is named, and the attempt
    is in the audit trail (which is why it is a ``RecordedRefusal``)."""


def _check_nhs_number(
    value: str,
    *,
    user: User,
    exclude_pk: int | None = None,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
) -> str:
    """The NHS number as 10 digits, if no one else has it.

    Called outside the service's own transaction, so that the audit event of an attempt on
    another team's person is kept when the refusal rolls the rest back.
    """
    try:
        digits = nhs_number.normalise(value)
    except nhs_number.NHSNumberError as error:
        raise ValidationError({"nhs_number": str(error)}) from None
    clash = Participant.objects.filter(nhs_number=digits).exclude(pk=exclude_pk).first()
    if clash is None:
        return digits
    if clash.team_id == user.team_id:
        raise ValidationError({"nhs_number": ALREADY_RECORDED})
    record_event(
        kind=AuditEvent.Kind.KNOWN_ELSEWHERE,
        obj=clash,
        user=user,
        request=request,
        channel=channel,
    )
    raise KnownToAnotherTeam({"nhs_number": KNOWN_ELSEWHERE})


def participant_create(
    *,
    user: User,
    nhs_number: str,
    cluster: Cluster | None = None,
    cluster_start=None,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
    **fields,
) -> Participant:
    """Add a person to the user's team; their first cluster starts the history.

    ``request`` and ``channel`` say, for the audit trail, how an attempt to add a person
    another team holds was made."""
    if not user.has_perm("participants.add_participant"):
        raise ValidationError("Only a coordinator or facilitator can add a person to a team.")
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    digits = _check_nhs_number(nhs_number, user=user, request=request, channel=channel)
    with transaction.atomic():
        participant = Participant(team_id=user.team_id, nhs_number=digits, **fields)
        _check_coordinator(user.team_id, participant.care_coordinator)
        participant.full_clean(validate_unique=False)
        participant.save()
        if cluster is not None:
            cluster_assign(
                participant=participant,
                cluster=cluster,
                start=cluster_start or timezone.localdate(),
            )
    return participant


def participant_update(
    *,
    user: User,
    participant: Participant,
    request: HttpRequest | None = None,
    channel: str = AuditEvent.Channel.PAGE,
    **fields,
) -> Participant:
    """Change a person's details (not their team, and not their cluster: see ``cluster_assign``)."""
    if not user.has_perm("participants.change_participant", participant):
        raise ValidationError("Only the person’s own team can change their record.")
    if "nhs_number" in fields:
        participant.nhs_number = _check_nhs_number(
            fields.pop("nhs_number"),
            user=user,
            exclude_pk=participant.pk,
            request=request,
            channel=channel,
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(participant, name, value)
        _check_coordinator(participant.team_id, participant.care_coordinator)
        participant.full_clean(validate_unique=False)
        participant.save()
    return participant


@transaction.atomic
def cluster_assign(*, participant: Participant, cluster: Cluster, start: date) -> ClusterAssignment:
    """Move a person into ``cluster`` from ``start``; the current period ends the day before."""
    current = (
        ClusterAssignment.objects.select_for_update()
        .filter(participant=participant, end__isnull=True)
        .first()
    )
    try:
        check_day(start)
    except FinancialYearError as error:
        raise ValidationError({"start": str(error)}) from None
    if current is not None:
        if start <= current.start:
            raise ValidationError(
                {
                    "start": f"The new cluster must start after {current.start:%d %B %Y}, "
                    "when the current one started."
                }
            )
        if current.cluster_id == cluster.pk:
            raise ValidationError(
                {"cluster": f"The person is already in cluster {cluster.number}."}
            )
        current.end = start - timedelta(days=1)
        current.save(update_fields=["end"])
    assignment = ClusterAssignment.objects.create(
        participant=participant, cluster=cluster, start=start
    )
    participant.cluster = cluster
    participant.save(update_fields=["cluster"])
    return assignment


# -- Service use and direct payments ---------------------------------------------------------------


class EntriesInvalid(Exception):  # noqa: N818  (it names the condition, as ValidationError does)
    """Some entries of an all-or-nothing batch cannot be recorded.

    ``errors`` maps the index of each bad entry to its messages by field.
    """

    def __init__(self, errors: dict[int, dict[str, list[str]]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} entries cannot be recorded")


@dataclass(frozen=True)
class ServiceUseEntry:
    participant: Participant
    intervention: Intervention
    date: date
    quantity: int


@dataclass(frozen=True)
class DirectPaymentEntry:
    participant: Participant
    date: date
    amount: Decimal
    description: str


def _common_errors(user: User, participant: Participant, day: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not user.has_perm("participants.record_service_use", participant):
        errors["participant"] = ["Only the person’s own team can record their service use."]
    if day > timezone.localdate():
        errors["date"] = ["The date cannot be in the future."]
    else:
        try:
            check_day(day)
        except FinancialYearError as error:
            errors["date"] = [str(error)]
    return errors


def price_entries(
    entries: Sequence[ServiceUseEntry],
) -> tuple[list[TariffPrice | None], dict[int, dict[str, list[str]]]]:
    """The tariff price in force for each entry (one query), and the entries no tariff covers."""
    rows = TariffPrice.objects.filter(intervention__in={e.intervention.pk for e in entries})
    by_intervention: dict[int, dict[date, TariffPrice]] = defaultdict(dict)
    for row in rows:
        by_intervention[row.intervention_id][row.valid_from] = row
    prices: list[TariffPrice | None] = []
    errors: dict[int, dict[str, list[str]]] = {}
    for index, entry in enumerate(entries):
        known = by_intervention[entry.intervention.pk]
        try:
            found = tariffs.price_on(
                [row.as_dated_price() for row in known.values()],
                entry.date,
                intervention=entry.intervention.code,
            )
        except tariffs.NoTariffError as error:
            errors[index] = {"date": [str(error)]}
            prices.append(None)
        else:
            prices.append(known[found.valid_from])
    return prices, errors


def service_use_problems(
    *, user: User, entries: Sequence[ServiceUseEntry]
) -> tuple[list[TariffPrice | None], dict[int, dict[str, list[str]]]]:
    """The price of each entry, and what stops any of them being recorded, by index and field."""
    prices, errors = price_entries(entries)
    for index, entry in enumerate(entries):
        found = _common_errors(user, entry.participant, entry.date)
        try:
            check_quantity(entry.quantity, entry.intervention.unit)
        except QuantityError as error:
            found["quantity"] = [str(error)]
        for field, messages in found.items():
            errors.setdefault(index, {}).setdefault(field, []).extend(messages)
    return prices, dict(sorted(errors.items()))


@transaction.atomic
def service_use_record(*, user: User, entries: Sequence[ServiceUseEntry]) -> list[ServiceEvent]:
    """Record events of service use, each priced at the tariff in force on its date."""
    if not entries:
        raise ValidationError("There is no service use to record.")
    prices, errors = service_use_problems(user=user, entries=entries)
    if errors:
        raise EntriesInvalid(errors)
    events = [
        ServiceEvent(
            participant=entry.participant,
            intervention=entry.intervention,
            tariff_price=price,
            date=entry.date,
            quantity=entry.quantity,
            entered_by=user,
        )
        for entry, price in zip(entries, prices, strict=True)
    ]
    return bulk_create_with_history(events, ServiceEvent, default_user=user)


def direct_payment_problems(
    *, user: User, entries: Sequence[DirectPaymentEntry]
) -> dict[int, dict[str, list[str]]]:
    """What stops any of the payments being recorded, by index and field."""
    errors: dict[int, dict[str, list[str]]] = {}
    for index, entry in enumerate(entries):
        found = _common_errors(user, entry.participant, entry.date)
        try:
            parse_amount(entry.amount)
        except MoneyError as error:
            found["amount"] = [str(error)]
        if not entry.description.strip():
            found["description"] = ["Say what the payment was for."]
        if found:
            errors[index] = found
    return errors


@transaction.atomic
def direct_payments_record(
    *, user: User, entries: Sequence[DirectPaymentEntry]
) -> list[DirectPayment]:
    """Record direct payments made for alternative goods and services."""
    if not entries:
        raise ValidationError("There are no direct payments to record.")
    errors = direct_payment_problems(user=user, entries=entries)
    if errors:
        raise EntriesInvalid(errors)
    payments = [
        DirectPayment(
            participant=entry.participant,
            date=entry.date,
            amount=entry.amount,
            description=entry.description.strip(),
            entered_by=user,
        )
        for entry in entries
    ]
    return bulk_create_with_history(payments, DirectPayment, default_user=user)


# -- What the tariffs ask of service use (``costing.usage``) ---------------------------------------


def price_use_counts(price_ids: Iterable[int]) -> dict[int, int]:
    """Events priced at each of these prices (one grouped query)."""
    rows = (
        ServiceEvent.objects.filter(tariff_price_id__in=list(price_ids))
        .values_list("tariff_price_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def price_last_used_on(price_id: int) -> date | None:
    """The date of the latest event priced at this price."""
    return ServiceEvent.objects.filter(tariff_price_id=price_id).aggregate(last=Max("date"))["last"]
