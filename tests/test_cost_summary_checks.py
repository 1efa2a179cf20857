"""``manage.py check_cost_summaries`` finds every summary row that disagrees with the events
and payments it sums, and ``--repair`` (or a rebuild after a bulk load) mends them."""

import importlib
import io
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from participants.models import CareCostSummary, DirectPaymentSummary, ServiceEvent
from participants.services import DirectPaymentEntry, direct_payments_record
from participants.summary_checks import cost_summary_differences, rebuild_cost_summaries
from tests.cost_summaries import paid_counted, paid_summary, record, use_counted, use_summary
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def summarised(people, pilot_tariffs):
    """Two people with events and payments in two years, summarised."""
    persons = [ParticipantFactory(team=people.team) for _ in range(2)]
    for person in persons:
        for code, day in [("cmht", date(2010, 6, 1)), ("crisis", date(2011, 6, 1))]:
            record(people, person, code, day, 2, pilot_tariffs)
        direct_payments_record(
            user=people.coordinator,
            entries=[DirectPaymentEntry(person, date(2011, 7, 1), Decimal("99.99"), "Laptop")],
        )
    return persons


def check(*options):
    out = io.StringIO()
    call_command("check_cost_summaries", *options, stdout=out)
    return out.getvalue()


def test_the_check_passes_when_the_summaries_agree(summarised):
    assert check() == "The cost summaries agree with the events and payments.\n"


def test_the_check_finds_a_tampered_row_and_the_repair_mends_it(summarised, pilot_tariffs):
    first, second = summarised
    crisis = pilot_tariffs["crisis"]
    CareCostSummary.objects.filter(participant=first, year=2011).update(quantity=7)
    DirectPaymentSummary.objects.filter(participant=second).delete()
    out = io.StringIO()
    with pytest.raises(CommandError, match="2 differences"):
        call_command("check_cost_summaries", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Service use of person {first.pk} in 2011-12, price {crisis.pk} "
        f"(intervention {crisis.intervention_id}): the summary holds 7, the rows sum to 2",
        f"Direct payments of person {second.pk} in 2011-12: "
        "the summary holds 0, the rows sum to 9999",
    ]
    assert "Rebuilt the cost summaries: 2 differences repaired." in check("--repair")
    assert check() == "The cost summaries agree with the events and payments.\n"
    assert CareCostSummary.objects.get(participant=first, year=2011).quantity == 2


def test_the_check_finds_a_row_of_nothing_at_all(summarised, pilot_tariffs):
    stray = CareCostSummary.objects.create(
        participant=summarised[0],
        year=2005,
        tariff_price=pilot_tariffs["inpatient"],
        intervention=pilot_tariffs["inpatient"].intervention,
        quantity=1,
    )
    [difference] = cost_summary_differences()
    assert (difference.key[:2], difference.in_summary, difference.summed) == (
        (stray.participant_id, 2005),
        1,
        0,
    )


def test_a_load_past_the_orm_is_summed_by_a_rebuild(summarised, people, pilot_tariffs):
    """A bulk load writes events with SQL of its own (here the plain manager, which leaves
    the summaries alone); one rebuild then sums everything."""
    person = summarised[0]
    ServiceEvent._base_manager.bulk_create(
        ServiceEvent(
            participant=person,
            intervention=pilot_tariffs["inpatient"].intervention,
            tariff_price=pilot_tariffs["inpatient"],
            date=date(2010, 4, 1) + timedelta(days=n),
            quantity=n + 1,
            entered_by=people.coordinator,
        )
        for n in range(10)
    )
    assert len(cost_summary_differences()) == 1
    rebuild_cost_summaries()
    assert cost_summary_differences() == []
    assert use_summary() == use_counted()
    assert paid_summary() == paid_counted()
    assert CareCostSummary.objects.get(tariff_price=pilot_tariffs["inpatient"]).quantity == 55


def test_the_migration_sums_the_events_already_recorded(summarised):
    """The migration that made the summaries filled them from the events and payments."""
    migration = importlib.import_module("participants.migrations.0004_cost_summaries")
    expected_use, expected_paid = use_summary(), paid_summary()
    CareCostSummary.objects.all().delete()
    DirectPaymentSummary.objects.all().delete()
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=cursor.execute)
        migration.fill_summaries(apps, editor)
    assert (use_summary(), paid_summary()) == (expected_use, expected_paid)


def test_the_check_lists_fifty_differences_and_counts_the_rest(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team)
    ServiceEvent._base_manager.bulk_create(
        ServiceEvent(
            participant=person,
            intervention=pilot_tariffs["cmht"].intervention,
            tariff_price=pilot_tariffs["cmht"],
            date=date(2000 + n, 6, 1),
            quantity=1,
            entered_by=people.coordinator,
        )
        for n in range(52)
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^52 differences between"):
        call_command("check_cost_summaries", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 51
    assert lines[0].startswith(f"Service use of person {person.pk} in 2000-01, price")
    assert lines[-1] == "... and 2 more."
