"""Which decided versions are in force in a period: from the later of the decision's day
and the plan's start, until a later decided version takes over or the plan ends."""

from datetime import date

import pytest
from django.utils import timezone

from careplans.in_force import in_force_until, versions_in_force
from careplans.models import CarePlanVersion, Decision, PlanStatus
from tests.approved_plans import approved_plan, at_noon

pytestmark = pytest.mark.django_db


def _in_force(start: date, end: date) -> set[int]:
    return set(versions_in_force(start, end).values_list("pk", flat=True))


def _second_version(first: CarePlanVersion, by, *, on: date, kind=Decision.Kind.SIGN_OFF):
    second = CarePlanVersion.objects.create(
        plan=first.plan, number=2, drafted_by=by, last_edited_by=by, start_date=on
    )
    CarePlanVersion.objects.filter(pk=second.pk).update(status=PlanStatus.SIGNED_OFF)
    decision = Decision.objects.create(version=second, kind=kind, decided_by=by)
    Decision.objects.filter(pk=decision.pk).update(decided_at=at_noon(on))
    return second


def test_a_version_is_in_force_from_its_decision_until_a_later_one_takes_over(people):
    first = approved_plan(people.team, people.facilitator, on=date(2026, 5, 10))
    second = _second_version(first, people.facilitator, on=date(2026, 8, 1))

    assert _in_force(date(2026, 4, 1), date(2026, 5, 9)) == set()
    assert _in_force(date(2026, 5, 10), date(2026, 5, 10)) == {first.pk}
    assert _in_force(date(2026, 7, 31), date(2026, 7, 31)) == {first.pk}
    assert _in_force(date(2026, 8, 1), date(2026, 8, 1)) == {second.pk}
    assert _in_force(date(2026, 4, 1), date(2027, 3, 31)) == {first.pk, second.pk}
    shown = {
        v.pk: in_force_until(v) for v in versions_in_force(date(2026, 4, 1), date(2027, 3, 31))
    }
    assert shown == {first.pk: date(2026, 8, 1), second.pk: None}


def test_a_later_start_date_delays_it_and_ending_the_plan_stops_it(people):
    version = approved_plan(people.team, people.facilitator, on=date(2026, 5, 10))
    CarePlanVersion.objects.filter(pk=version.pk).update(start_date=date(2026, 6, 1))
    assert _in_force(date(2026, 5, 10), date(2026, 5, 31)) == set()
    assert _in_force(date(2026, 6, 1), date(2026, 6, 1)) == {version.pk}

    version.plan.ended_at = timezone.make_aware(timezone.datetime(2026, 9, 30, 15))
    version.plan.save()
    assert _in_force(date(2026, 9, 29), date(2026, 9, 29)) == {version.pk}
    assert _in_force(date(2026, 9, 30), date(2027, 3, 31)) == set()


def test_a_returned_version_is_never_in_force(people):
    first = approved_plan(people.team, people.facilitator, on=date(2026, 5, 10))
    _second_version(first, people.facilitator, on=date(2026, 8, 1), kind=Decision.Kind.RETURN)
    assert _in_force(date(2026, 9, 1), date(2026, 9, 1)) == {first.pk}


def test_a_returned_version_between_two_decided_ones_does_not_end_the_first(people):
    first = approved_plan(people.team, people.facilitator, on=date(2026, 5, 10))
    _second_version(first, people.facilitator, on=date(2026, 6, 1), kind=Decision.Kind.RETURN)
    third = CarePlanVersion.objects.create(
        plan=first.plan, number=3, drafted_by=people.facilitator, last_edited_by=people.facilitator
    )
    CarePlanVersion.objects.filter(pk=third.pk).update(status=PlanStatus.SIGNED_OFF)
    decision = Decision.objects.create(
        version=third, kind=Decision.Kind.SIGN_OFF, decided_by=people.facilitator
    )
    Decision.objects.filter(pk=decision.pk).update(decided_at=at_noon(date(2026, 9, 1)))
    assert _in_force(date(2026, 8, 31), date(2026, 8, 31)) == {first.pk}
    assert _in_force(date(2026, 9, 1), date(2026, 9, 1)) == {third.pk}
    shown = {
        v.pk: in_force_until(v) for v in versions_in_force(date(2026, 4, 1), date(2027, 3, 31))
    }
    assert shown == {first.pk: date(2026, 9, 1), third.pk: None}
