"""The cost summaries (service use per person, financial year and unit price; direct payments
per person and year) always equal a grouped sum of the events and payments, whichever way
they are written, and the reports read them."""

import os
import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costing.core.years import FinancialYear
from costing.services import tariff_price_add
from participants.cost_of_care import cost_of_care_by_year, cost_of_care_report
from participants.models import (
    CareCostSummary,
    DirectPayment,
    DirectPaymentSummary,
    Participant,
    ServiceEvent,
)
from participants.services import (
    DirectPaymentEntry,
    ServiceUseEntry,
    direct_payments_record,
    service_use_record,
)
from participants.summary_checks import cost_summary_differences
from tests.conftest import require
from tests.cost_summaries import paid_counted, paid_summary, record, use_counted, use_summary
from tests.factories import DirectPaymentFactory, ParticipantFactory, ServiceEventFactory

pytestmark = pytest.mark.django_db

FIRST_DAY = date(2010, 4, 1)
DAYS = 731  # 1 April 2010 to 31 March 2012: two financial years


@pytest.fixture
def cmht_from_october(pilot_tariffs):
    """CMHT contacts at £202.04 to 30 September 2010, then £210.50: two prices in 2010-11."""
    tariff_price_add(
        intervention=pilot_tariffs["cmht"].intervention,
        price=Decimal("210.50"),
        valid_from=date(2010, 10, 1),
    )
    return pilot_tariffs


def test_recording_adds_to_the_row_of_the_person_year_and_price(people, cmht_from_october):
    person = ParticipantFactory(team=people.team)
    for day, quantity in [
        (date(2010, 9, 30), 1),
        (date(2010, 10, 1), 2),
        (date(2011, 3, 31), 3),  # still 2010-11, at the October price
        (date(2011, 4, 1), 4),  # 2011-12
    ]:
        record(people, person, "cmht", day, quantity, cmht_from_october)
    record(people, person, "inpatient", date(2010, 5, 1), 10, cmht_from_october)
    prices = {
        (price.intervention.code, price.price): price.pk
        for price in cmht_from_october["cmht"].intervention.prices.all()
    }
    old, new = prices["cmht", Decimal("202.04")], prices["cmht", Decimal("210.50")]
    assert use_summary() == {
        (person.pk, 2010, old): 1,
        (person.pk, 2010, new): 5,
        (person.pk, 2011, new): 4,
        (person.pk, 2010, cmht_from_october["inpatient"].pk): 10,
    }
    assert cost_summary_differences() == []
    lines = cost_of_care_by_year(person.pk)[FinancialYear(2010)].lines
    assert [(line.intervention, line.quantity, line.cost) for line in lines] == [
        ("cmht", 1, Decimal("202.04")),
        ("cmht", 5, Decimal("1052.50")),
        ("inpatient", 10, Decimal("4811.80")),
    ]
    assert all(type(line.quantity) is int for line in lines)


def test_payments_are_summed_in_pennies_per_person_and_year(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team)
    direct_payments_record(
        user=people.coordinator,
        entries=[
            DirectPaymentEntry(person, date(2010, 6, 1), Decimal("0.01"), "Bus fare"),
            DirectPaymentEntry(person, date(2011, 3, 31), Decimal("3800.29"), "Gym"),
            DirectPaymentEntry(person, date(2011, 4, 1), Decimal("1000000.00"), "Care"),
        ],
    )
    assert paid_summary() == {(person.pk, 2010): 380030, (person.pk, 2011): 100000000}
    costs = cost_of_care_by_year(person.pk)
    assert costs[FinancialYear(2010)].direct_payments == Decimal("3800.30")
    assert costs[FinancialYear(2011)].total == Decimal("1000000.00")


def test_every_way_the_orm_writes_an_event_keeps_the_summary(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team)
    cmht = pilot_tariffs["cmht"]
    event = ServiceEventFactory(participant=person, intervention=cmht.intervention, quantity=2)
    ServiceEvent.objects.bulk_create(
        [
            ServiceEvent(
                participant=person,
                intervention=cmht.intervention,
                tariff_price=cmht,
                date="2011-05-01",
                quantity=3,
                entered_by=people.coordinator,
            )
        ]
    )
    assert use_summary() == {(person.pk, 2010, cmht.pk): 2, (person.pk, 2011, cmht.pk): 3}
    event.quantity = 5
    event.save()
    ServiceEvent.objects.filter(date=date(2011, 5, 1)).update(date=date(2010, 7, 1))
    assert use_summary() == {(person.pk, 2010, cmht.pk): 8}
    event.date = date(2011, 6, 1)
    ServiceEvent.objects.bulk_update([event], ["date"])
    assert use_summary() == {(person.pk, 2010, cmht.pk): 3, (person.pk, 2011, cmht.pk): 5}
    event.delete()
    assert use_summary() == {(person.pk, 2010, cmht.pk): 3}
    ServiceEvent.objects.filter(participant=person).delete()
    assert use_summary() == {}
    assert not ServiceEvent.objects.exists()


def test_an_event_restored_from_its_history_is_summed_once(people, pilot_tariffs):
    cmht = pilot_tariffs["cmht"]
    event = ServiceEventFactory(intervention=cmht.intervention, quantity=2)
    key = (event.participant_id, 2010, cmht.pk)
    event.quantity = 5
    event.save()
    event.history.earliest().instance.save()  # back to 2, over the row as it is
    assert use_summary() == {key: 2}
    first = event.history.earliest()
    event.delete()
    assert use_summary() == {}
    first.instance.save()  # the deleted event made again
    assert use_summary() == {key: 2}
    assert cost_summary_differences() == []


def test_a_deleted_person_takes_their_summaries_with_them(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team)
    ServiceEventFactory(participant=person, intervention=pilot_tariffs["crisis"].intervention)
    DirectPaymentFactory(participant=person)
    Participant.objects.filter(pk=person.pk).delete()
    assert not CareCostSummary.objects.exists()
    assert not DirectPaymentSummary.objects.exists()


def test_the_report_reads_the_summaries_not_the_events(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, cohort="control")
    ServiceEventFactory(participant=person, intervention=pilot_tariffs["crisis"].intervention)
    DirectPaymentFactory(participant=person, date=date(2011, 6, 1), amount=Decimal("12.34"))
    with CaptureQueriesContext(connection) as queries:
        report = cost_of_care_report(
            Participant.objects.all(),
            cohort="control",
            baseline=FinancialYear(2010),
            compare=FinancialYear(2011),
        )
    assert len(queries) == 4
    assert not [q for q in queries if "participants_serviceevent" in q["sql"]]
    assert not [q for q in queries if 'participants_directpayment"' in q["sql"]]
    [row] = report.groups[1].rows
    assert (row.baseline, row.compare) == (Decimal("180.71"), Decimal("12.34"))


@pytest.mark.django_db(transaction=True)
def test_two_events_recorded_at_once_for_one_person_year_and_price_both_count(
    people, pilot_tariffs
):
    """Two real connections on PostgreSQL: the first adds the summary row and holds its
    transaction open; the second, adding to the same row, waits for it and then adds."""
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: concurrent transactions are what this test is about",
    )
    person = ParticipantFactory(team=people.team)
    first_written, second_started = threading.Event(), threading.Event()
    failures = []

    def first():
        try:
            with transaction.atomic():
                record(people, person, "crisis", date(2010, 6, 1), 1, pilot_tariffs)
                first_written.set()
                second_started.wait(timeout=10)
                time.sleep(0.3)  # the second is now waiting on the new row
        except Exception as error:  # noqa: BLE001 (reported by the test)
            failures.append(error)
        finally:
            first_written.set()
            connection.close()

    def second():
        try:
            first_written.wait(timeout=10)
            second_started.set()
            record(people, person, "crisis", date(2010, 8, 1), 2, pilot_tariffs)
        except Exception as error:  # noqa: BLE001
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert use_summary() == {(person.pk, 2010, pilot_tariffs["crisis"].pk): 3}


# -- Any sequence of writes --------------------------------------------------------------------

PEOPLE = 3
CODES = ("cmht", "crisis", "inpatient")
days = st.integers(0, DAYS - 1).map(lambda n: FIRST_DAY + timedelta(days=n))
records = st.tuples(
    st.just("record"),
    st.lists(
        st.tuples(st.integers(0, PEOPLE - 1), st.sampled_from(CODES), days, st.integers(1, 9)),
        min_size=1,
        max_size=4,
    ),
)
payments = st.tuples(st.just("pay"), st.integers(0, PEOPLE - 1), days, st.integers(1, 100_000_000))
deletes = st.tuples(st.just("delete"), st.integers(0, 50))
payment_deletes = st.tuples(st.just("delete payment"), st.integers(0, 50))
everyones_deletes = st.tuples(st.just("delete the person's events"), st.integers(0, PEOPLE - 1))
moves = st.tuples(st.just("move"), st.integers(0, 50), days)
changes = st.tuples(st.just("change"), st.integers(0, 50), st.integers(1, 9))
steps = st.lists(
    st.one_of(records, payments, deletes, payment_deletes, everyones_deletes, moves, changes),
    max_size=12,
)


def _nth(queryset, index):
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


def _apply(step, people, persons, tariffs) -> None:
    kind, *args = step
    if kind == "record":
        [entries] = args
        service_use_record(
            user=people.coordinator,
            entries=[
                ServiceUseEntry(persons[who], tariffs[code].intervention, day, quantity)
                for who, code, day, quantity in entries
            ],
        )
    elif kind == "pay":
        who, day, pennies = args
        amount = Decimal(pennies).scaleb(-2)
        direct_payments_record(
            user=people.coordinator, entries=[DirectPaymentEntry(persons[who], day, amount, "Gym")]
        )
    elif kind == "delete" and (event := _nth(ServiceEvent.objects, args[0])):
        event.delete()
    elif kind == "delete payment" and (payment := _nth(DirectPayment.objects, args[0])):
        payment.delete()
    elif kind == "delete the person's events":
        ServiceEvent.objects.filter(participant=persons[args[0]]).delete()
    elif kind == "move" and (event := _nth(ServiceEvent.objects, args[0])):
        ServiceEvent.objects.filter(pk=event.pk).update(date=args[1])
    elif kind == "change" and (event := _nth(ServiceEvent.objects, args[0])):
        event.quantity = args[1]
        event.save()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=steps)
def test_after_any_writes_the_summaries_equal_the_grouped_events(people, cmht_from_october, steps):
    with transaction.atomic():
        persons = [ParticipantFactory(team=people.team) for _ in range(PEOPLE)]
        for step in steps:
            _apply(step, people, persons, cmht_from_october)
        assert use_summary() == use_counted()
        assert paid_summary() == paid_counted()
        assert cost_summary_differences() == []
        transaction.set_rollback(True)
