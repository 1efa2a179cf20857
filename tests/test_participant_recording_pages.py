"""Recording a person's service use and direct payments one at a time."""

from decimal import Decimal

import pytest

from participants.models import DirectPayment, ServiceEvent
from tests import participant_pages_helpers
from tests.participant_pages_helpers import url

person = participant_pages_helpers.person  # the fixture: this module's, not conftest's


# -- Recording service use and direct payments -------------------------------------------------


def test_recording_service_use_prices_it_at_the_tariff(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("service_use", person),
        {
            "intervention": pilot_tariffs["crisis"].intervention.pk,
            "date": "01/06/2010",
            "quantity": "2",
        },
    )
    assert response.status_code == 302
    event = ServiceEvent.objects.get()
    assert (event.quantity, event.tariff_price) == (2, pilot_tariffs["crisis"])
    assert event.entered_by == people.coordinator


def test_service_use_with_no_tariff_in_force_is_an_error_on_the_date(
    client, people, person, pilot_tariffs
):
    client.force_login(people.coordinator)
    response = client.post(
        url("service_use", person),
        {"intervention": pilot_tariffs["cmht"].intervention.pk, "date": "1/3/2009", "quantity": 1},
    )
    assert response.context["form"].errors["date"] == [
        "There is no cmht tariff in force on 01 March 2009"
    ]
    assert not ServiceEvent.objects.exists()


@pytest.mark.parametrize("quantity", ["0", "-1", "1.5", "two"])
def test_a_quantity_must_be_a_whole_number_above_zero(
    client, people, person, pilot_tariffs, quantity
):
    client.force_login(people.coordinator)
    response = client.post(
        url("service_use", person),
        {
            "intervention": pilot_tariffs["cmht"].intervention.pk,
            "date": "2010-06-01",
            "quantity": quantity,
        },
    )
    assert response.context["form"].errors["quantity"]
    assert not ServiceEvent.objects.exists()


def test_recording_a_direct_payment(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("direct_payment", person),
        {"date": "01/09/2011", "amount": "£3,800", "description": "Laptop"},
    )
    assert response.status_code == 302
    payment = DirectPayment.objects.get()
    assert (payment.amount, payment.description) == (Decimal("3800.00"), "Laptop")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("12.345", "An amount of money has at most two decimal places"),
        ("0", "The amount must be more than £0.00"),
        ("lots", "“lots” is not an amount of money: write pounds and pence, such as 202.04"),
        ("1e3", "“1e3” is not an amount of money: write pounds and pence, such as 202.04"),
        ("+10", "“+10” is not an amount of money: write pounds and pence, such as 202.04"),
        ("１２", "“１２” is not an amount of money: write pounds and pence, such as 202.04"),  # noqa: RUF001
        ("1000000.01", "The amount must be at most £1,000,000.00"),
    ],
)
def test_a_direct_payment_amount_is_never_rounded(client, people, person, amount, message):
    client.force_login(people.coordinator)
    response = client.post(
        url("direct_payment", person),
        {"date": "01/09/2011", "amount": amount, "description": "Laptop"},
    )
    assert response.context["form"].errors["amount"] == [message]
    assert not DirectPayment.objects.exists()


def test_a_direct_payment_in_the_future_is_an_error_on_the_date(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("direct_payment", person),
        {"date": "01/01/2999", "amount": "10", "description": "Laptop"},
    )
    assert response.context["form"].errors["date"] == ["The date cannot be in the future."]
