"""The indicative budget calculator: its preview, saving and its errors."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from budgets.models import IndicativeBudget
from costing.core.years import FinancialYear
from costing.models import Cluster, ClusterCost
from tests import participant_pages_helpers
from tests.participant_pages_helpers import url

person = participant_pages_helpers.person  # the fixture: this module's, not conftest's


# -- The indicative budget calculator -----------------------------------------------------------


def calculator_form(**changes) -> dict:
    data = {
        "method": "service",
        "year": "2012-13",
        "expected_cmht": "",
        "expected_crisis": "",
        "expected_inpatient": "",
        "cluster": "",
        "community_share": "100",
        "amount": "",
        "reason": "",
    }
    return {**data, **changes}


def test_the_calculator_suggests_the_current_year_and_cluster(
    client, people, person, pilot_tariffs
):
    client.force_login(people.coordinator)
    response = client.get(url("indicative_budget", person))
    form = response.context["form"]
    assert form["year"].value() == FinancialYear.of(date.today()).label  # noqa: DTZ011
    assert form["cluster"].value() == "8"
    assert 'aria-live="polite"' in response.text
    assert "hx-post" in response.text


def test_the_htmx_preview_shows_the_workings_and_amount(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget_preview", person),
        calculator_form(expected_cmht="12"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "12 × Community mental health team contact at £202.04" in response.text
    assert "£2,424.48" in response.text
    assert not IndicativeBudget.objects.exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).exists()


def test_the_preview_says_what_is_missing(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget_preview", person), calculator_form(), HTTP_HX_REQUEST="true"
    )
    assert "Enter the contacts or bed days expected for at least one intervention" in (
        response.text
    )


def test_checking_without_javascript_shows_the_same_preview(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(expected_cmht="12", action="check")
    )
    assert response.status_code == 200
    assert "£2,424.48" in response.text
    assert not IndicativeBudget.objects.exists()


def test_saving_keeps_the_budget_with_its_workings(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(expected_cmht="12", action="save")
    )
    assert response.status_code == 302
    assert response.url == url("detail", person)
    budget = IndicativeBudget.objects.get()
    assert budget.amount == Decimal("2424.48")
    assert budget.year == 2012
    assert budget.method == "service"
    assert budget.inputs == {"cmht": 12}
    assert budget.workings[0]["description"].startswith("12 × ")
    assert budget.set_by == people.coordinator
    detail = client.get(url("detail", person))
    assert "2012-13: £2,424.48" in detail.text
    assert "In force" in detail.text


def test_the_latest_budget_for_a_year_is_the_one_in_force(client, people, person, pilot_tariffs):
    client.force_login(people.coordinator)
    for contacts in ("12", "24"):
        client.post(
            url("indicative_budget", person),
            calculator_form(expected_cmht=contacts, action="save"),
        )
    page = client.get(url("detail", person))
    (section,) = [s for s in page.context["sections"]["after_cost_of_care"] if "budgets" in s]
    assert [(b["budget"].amount, b["in_force"]) for b in section["budgets"]] == [
        (Decimal("4848.96"), True),
        (Decimal("2424.48"), False),
    ]


def test_a_cluster_based_budget_is_the_cluster_s_annual_cost(client, people, person):
    ClusterCost.objects.create(
        cluster=Cluster.objects.get(number=8), year=2012, annual_cost=Decimal("12045")
    )
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget_preview", person),
        calculator_form(method="cluster", cluster="8"),
        HTTP_HX_REQUEST="true",
    )
    assert "£12,045.00" in response.text
    saved = client.post(
        url("indicative_budget", person), calculator_form(method="cluster", action="save")
    )
    assert saved.status_code == 302
    assert IndicativeBudget.objects.get().amount == Decimal("12045.00")


def test_a_cluster_with_no_cost_for_the_year_is_an_error_on_the_year(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(method="cluster", action="save")
    )
    assert response.context["form"].errors["year"] == [
        "Cluster 8 has no annual cost set for 2012-13"
    ]
    assert not IndicativeBudget.objects.exists()


def test_a_manual_budget_needs_a_reason(client, people, person):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person),
        calculator_form(method="manual", amount="4800", action="save"),
    )
    assert response.context["form"].errors["reason"]
    assert "There is a problem" in response.text
    response = client.post(
        url("indicative_budget", person),
        calculator_form(method="manual", amount="4800", reason="Agreed at panel", action="save"),
    )
    assert IndicativeBudget.objects.get().amount == Decimal("4800.00")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": "2012-14"}, "year"),
        ({"expected_cmht": "two"}, "expected_cmht"),
        ({"method": "guess"}, "method"),
    ],
)
def test_calculator_errors_are_on_their_fields(
    client, people, person, pilot_tariffs, changes, field
):
    client.force_login(people.coordinator)
    response = client.post(
        url("indicative_budget", person), calculator_form(action="save", **changes)
    )
    assert response.context["form"].errors[field]
    assert not IndicativeBudget.objects.exists()
