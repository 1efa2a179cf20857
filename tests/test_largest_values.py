"""One stored value never breaks a page: a person's cost of care, the cost-of-care report
and a care plan's totals hold the largest values the limits allow (run on PostgreSQL in
CI, where the sums are the database's own)."""

from datetime import date
from decimal import Decimal

import pytest

from careplans import decisions
from costing.core.money import MAX_AMOUNT
from costing.core.quantities import MAX_CONTACTS
from costing.core.spending import MAX_LINES, MAX_PLAN_TOTAL
from participants.models import DirectPayment, ServiceEvent
from tests.builders import add_line, complete_draft
from tests.factories import InterventionFactory, ParticipantFactory, TariffPriceFactory

pytestmark = pytest.mark.django_db

EVENTS = 1_000
"""Events (and payments) a person has in a year here: the sums are far past any column."""


@pytest.fixture
def dearest(db):
    """An intervention at the largest price a tariff may have."""
    intervention = InterventionFactory(code="dearest", name="The dearest care")
    return TariffPriceFactory(intervention=intervention, price=MAX_AMOUNT)


def heaviest_year(person, price, user, day=date(2011, 6, 1)) -> None:
    """``EVENTS`` events of the most contacts, and ``EVENTS`` payments of the largest amount."""
    ServiceEvent.objects.bulk_create(
        ServiceEvent(
            participant=person,
            intervention=price.intervention,
            tariff_price=price,
            date=day,
            quantity=MAX_CONTACTS,
            entered_by=user,
        )
        for _ in range(EVENTS)
    )
    DirectPayment.objects.bulk_create(
        DirectPayment(
            participant=person, date=day, amount=MAX_AMOUNT, description="Care", entered_by=user
        )
        for _ in range(EVENTS)
    )


def test_a_persons_cost_of_care_at_the_largest_values(api, client, people, dearest):
    person = ParticipantFactory(team=people.team)
    heaviest_year(person, dearest, people.coordinator)
    api.force_authenticate(people.coordinator)
    response = api.get(f"/api/v1/participants/{person.pk}/cost-of-care/", {"year": "2011-12"})
    assert response.status_code == 200
    services = MAX_AMOUNT * MAX_CONTACTS * EVENTS  # £1,000,000,000,000.00
    assert response.json()["lines"] == [
        {
            "intervention": "dearest",
            "quantity": str(MAX_CONTACTS * EVENTS),
            "unit_price": "1000000.00",
            "cost": f"{services:.2f}",
        }
    ]
    assert response.json()["direct_payments"] == f"{MAX_AMOUNT * EVENTS:.2f}"
    assert response.json()["total"] == f"{services + MAX_AMOUNT * EVENTS:.2f}"
    client.force_login(people.coordinator)
    page = client.get(f"/participants/{person.pk}/")
    assert page.status_code == 200
    assert "£1,001,000,000,000.00" in page.text


def test_the_cost_of_care_report_at_the_largest_values(api, people, dearest):
    heaviest = ParticipantFactory(team=people.team, cohort="control")
    heaviest_year(heaviest, dearest, people.coordinator, day=date(2011, 6, 1))
    smallest = ParticipantFactory(team=people.team, cohort="control")
    DirectPayment.objects.create(
        participant=smallest,
        date=date(2010, 6, 1),
        amount=Decimal("0.01"),
        description="Bus fare",
        entered_by=people.coordinator,
    )
    heaviest_year(smallest, dearest, people.coordinator, day=date(2011, 6, 1))
    api.force_authenticate(people.commissioner)
    response = api.get(
        "/api/v1/reports/cost-of-care/",
        {"cohort": "control", "baseline": "2010-11", "compare": "2011-12"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["compare_total"] == "2002000000000.00"
    rows = {row["id"]: row for group in body["groups"] for row in group["participants"]}
    assert rows[smallest.pk]["change_percent"] == "10009999999999900.0"
    assert rows[heaviest.pk]["change_percent"] is None


def test_a_plan_of_the_most_lines_at_the_largest_cost(api, client, people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    version, outcome = complete_draft(people, person, amount=str(MAX_AMOUNT))
    for number in range(MAX_LINES):
        add_line(
            people,
            version,
            outcome,
            kind="purchase",
            description=f"Care package {number + 1}",
            category="other_support",
            unit_cost=str(MAX_AMOUNT),
            quantity=1,
            frequency="yearly",
            funding_route="notional",
        )
    decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    assert version.submitted_total == MAX_PLAN_TOTAL
    api.force_authenticate(people.commissioner)
    plan = api.get(f"/api/v1/care-plans/{version.plan_id}/")
    assert plan.status_code == 200
    assert plan.json()["current"]["totals"]["total"] == "100000000.00"
    assert plan.json()["current"]["totals"]["percent_over"] == "9900.0"
    queue = api.get("/api/v1/sign-off-queue/")
    assert queue.json()["results"][0]["total"] == "100000000.00"
    client.force_login(people.commissioner)
    assert client.get(f"/care-plans/{version.plan_id}/").status_code == 200
    assert client.get("/care-plans/queue/").status_code == 200
