"""Which decided versions of care plans were in force, and when.

A version signed off or approved is in force from the later of its decision's day and
its own start date, until the next decided version of the same plan takes over (from
that version's decision day) or the plan ends (the day it was ended). Days are London's.
Reports ask for the versions in force at some time in a period, in one query.
"""

from datetime import date

from django.db.models import DateField, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest, TruncDate

from careplans.models import CarePlanVersion, Decision

DECIDED_IN_FAVOUR = (Decision.Kind.SIGN_OFF, Decision.Kind.APPROVE)


def _decision_day(path: str = "decision__decided_at") -> TruncDate:
    return TruncDate(path, output_field=DateField())


def versions_in_force(start: date, end: date) -> QuerySet[CarePlanVersion]:
    """Decided versions in force on at least one day from ``start`` to ``end`` inclusive,
    annotated with ``in_force_from``, ``replaced_on`` and ``ended_on`` (see
    ``in_force_until``)."""
    later_decided = (
        CarePlanVersion.objects.filter(
            plan=OuterRef("plan"),
            number__gt=OuterRef("number"),
            decision__kind__in=DECIDED_IN_FAVOUR,
        )
        .order_by("number")
        .annotate(day=_decision_day())
        .values("day")[:1]
    )
    return (
        CarePlanVersion.objects.filter(decision__kind__in=DECIDED_IN_FAVOUR)
        .annotate(
            in_force_from=Greatest(
                _decision_day(),
                Coalesce("start_date", _decision_day()),
                output_field=DateField(),
            ),
            replaced_on=Subquery(later_decided, output_field=DateField()),
            ended_on=TruncDate("plan__ended_at", output_field=DateField()),
        )
        .filter(in_force_from__lte=end)
        .filter(Q(replaced_on__isnull=True) | Q(replaced_on__gt=start))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=start))
        .filter(Q(replaced_on__isnull=True) | Q(replaced_on__gt=F("in_force_from")))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=F("in_force_from")))
    )


def in_force_until(version: CarePlanVersion) -> date | None:
    """The first day an annotated version is no longer in force (None: still in force)."""
    days = [day for day in (version.replaced_on, version.ended_on) if day is not None]
    return min(days) if days else None
