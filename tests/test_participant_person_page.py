"""The person's page: their cost of care, its audit trail and its queries."""

from datetime import date
from decimal import Decimal

from audit.models import AuditEvent
from participants.models import DirectPayment, Participant
from participants.services import (
    DirectPaymentEntry,
    ServiceUseEntry,
    direct_payments_record,
    service_use_record,
)
from tests import participant_pages_helpers
from tests.factories import ServiceEventFactory
from tests.participant_pages_helpers import count_queries, url

person = participant_pages_helpers.person  # the fixture: this module's, not conftest's


def record_use(user, participant, interventions, *uses) -> None:
    """Record service use through the service: (code, day, quantity) each."""
    service_use_record(
        user=user,
        entries=[
            ServiceUseEntry(participant, interventions[code].intervention, day, quantity)
            for code, day, quantity in uses
        ],
    )


# -- The person's page ---------------------------------------------------------------------------


def test_the_cost_of_care_is_shown_as_in_tables_9_and_10(client, people, person, pilot_tariffs):
    record_use(
        people.coordinator,
        person,
        pilot_tariffs,
        ("cmht", date(2010, 5, 1), 40),
        ("cmht", date(2011, 2, 1), 9),
        ("crisis", date(2010, 8, 1), 5),
        ("inpatient", date(2010, 9, 1), 18),
        ("cmht", date(2011, 6, 1), 39),
        ("crisis", date(2011, 7, 1), 6),
        ("inpatient", date(2011, 8, 1), 3),
    )
    direct_payments_record(
        user=people.coordinator,
        entries=[DirectPaymentEntry(person, date(2011, 9, 1), Decimal("3800.00"), "Gym")],
    )
    client.force_login(people.coordinator)
    response = client.get(url("detail", person))
    text = response.text
    assert "Costs of care in 2010-11: £19,464.75" in text
    for figure in ("£9,899.96", "£903.55", "£8,661.24", "£202.04", "£180.71", "£481.18"):
        assert figure in text
    assert "Community mental health team contact ×49" in text
    assert "Costs of care in 2011-12: £14,207.36" in text
    assert "PHB direct payment (for alternative services)" in text
    assert "£3,800.00" in text


def test_the_higher_financial_risk_flag_rules_out_a_direct_payment(client, people, person):
    Participant.objects.filter(pk=person.pk).update(higher_financial_risk=True)
    client.force_login(people.coordinator)
    response = client.get(url("detail", person))
    assert "rules out a direct payment; use a third-party budget" in response.text


def test_a_view_of_the_person_s_page_is_in_the_audit_trail(client, people, person):
    client.force_login(people.commissioner)
    client.get(url("detail", person))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW)
    assert event.user == people.commissioner
    assert event.object_id == str(person.pk)
    assert event.content_type.model == "participant"
    assert event.path == url("detail", person)


def test_the_person_s_page_queries_do_not_grow_with_the_events(
    client, people, person, pilot_tariffs
):
    cmht = pilot_tariffs["cmht"].intervention
    ServiceEventFactory.create_batch(
        10, participant=person, intervention=cmht, entered_by=people.coordinator
    )
    client.force_login(people.coordinator)
    count_queries(client, url("detail", person))  # warm the caches
    with_10 = count_queries(client, url("detail", person))
    ServiceEventFactory.create_batch(
        190,
        participant=person,
        intervention=pilot_tariffs["inpatient"].intervention,
        entered_by=people.facilitator,
        date=date(2011, 5, 1),
    )
    DirectPayment.objects.bulk_create(
        DirectPayment(
            participant=person,
            date=date(2011, 6, 1),
            amount=Decimal("10.00"),
            description="Bus fares",
            entered_by=people.coordinator,
        )
        for _ in range(60)
    )
    with_200 = count_queries(client, url("detail", person))
    assert with_200 <= with_10 + 1  # the count of direct payments, once there are 50 or more
    assert with_200 <= 21  # one of them the header's count of unread notifications


def test_the_person_s_page_shows_service_use_a_page_at_a_time(
    client, people, person, pilot_tariffs
):
    ServiceEventFactory.create_batch(
        30,
        participant=person,
        intervention=pilot_tariffs["cmht"].intervention,
        entered_by=people.coordinator,
    )
    client.force_login(people.coordinator)
    response = client.get(url("detail", person))
    assert len(response.context["events"]) == 25
    assert "30 events, latest first; page 1 of 2" in response.text
