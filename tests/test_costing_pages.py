"""Tariffs and clusters: commissioners set them, care teams read them, and a new price from a
date never changes what events before it cost."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from costing.models import Cluster, ClusterCost, Intervention, TariffPrice
from participants.models import ServiceEvent
from participants.services import ServiceUseEntry, service_use_record
from tests.factories import ParticipantFactory


def tariff_url(code: str) -> str:
    return reverse("costing:intervention", args=[code])


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "commissioner"])
def test_care_teams_and_commissioners_see_the_tariffs(client, people, pilot_tariffs, who):
    client.force_login(getattr(people, who))
    response = client.get(reverse("costing:interventions"))
    assert response.status_code == 200
    for text in ("Community mental health team contact", "£202.04", "£180.71", "£481.18"):
        assert text in response.text
    assert ("Add an intervention" in response.text) == (who == "commissioner")


@pytest.mark.parametrize("who", ["peer_reviewer", "administrator"])
def test_others_do_not_reach_the_tariffs(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(reverse("costing:interventions")).status_code == 403
    assert client.get(reverse("costing:clusters")).status_code == 403


def test_a_price_from_1_october_prices_events_by_their_own_date(client, people, pilot_tariffs):
    cmht = pilot_tariffs["cmht"].intervention
    client.force_login(people.commissioner)
    response = client.post(tariff_url("cmht"), {"price": "210.50", "valid_from": "01/10/2010"})
    assert response.status_code == 302

    prices = list(TariffPrice.objects.filter(intervention=cmht).order_by("valid_from"))
    assert [(p.price, p.valid_from, p.valid_to) for p in prices] == [
        (Decimal("202.04"), date(2010, 4, 1), date(2010, 9, 30)),
        (Decimal("210.50"), date(2010, 10, 1), None),
    ]
    person = ParticipantFactory(team=people.team)
    service_use_record(
        user=people.coordinator,
        entries=[
            ServiceUseEntry(person, cmht, date(2010, 9, 30), 1),
            ServiceUseEntry(person, cmht, date(2010, 10, 1), 1),
        ],
    )
    priced = dict(ServiceEvent.objects.values_list("date", "tariff_price__price"))
    assert priced == {date(2010, 9, 30): Decimal("202.04"), date(2010, 10, 1): Decimal("210.50")}

    history = client.get(tariff_url("cmht"))
    assert "30 Sep 2010" in history.text
    assert [p.event_count for p in history.context["prices"]] == [1, 1]


def test_a_price_that_would_rewrite_history_is_an_error_on_its_date(client, people, pilot_tariffs):
    client.force_login(people.commissioner)
    response = client.post(tariff_url("cmht"), {"price": "210.50", "valid_from": "01/01/2010"})
    assert response.status_code == 200
    assert response.context["form"].errors["valid_from"] == [
        "A new price must start after 01 April 2010, when the current price started"
    ]
    assert "There is a problem" in response.text
    assert TariffPrice.objects.filter(intervention__code="cmht").count() == 1


def test_a_new_price_cannot_start_before_events_priced_at_the_current_one(
    client, people, pilot_tariffs
):
    person = ParticipantFactory(team=people.team)
    cmht = pilot_tariffs["cmht"].intervention
    service_use_record(
        user=people.coordinator, entries=[ServiceUseEntry(person, cmht, date(2010, 11, 1), 1)]
    )
    client.force_login(people.commissioner)
    response = client.post(tariff_url("cmht"), {"price": "210.50", "valid_from": "01/10/2010"})
    assert "valid_from" in response.context["form"].errors
    assert ServiceEvent.objects.get().tariff_price.price == Decimal("202.04")


@pytest.mark.parametrize("price", ["0", "210.505", "free"])
def test_a_price_is_money_more_than_zero_never_rounded(client, people, pilot_tariffs, price):
    client.force_login(people.commissioner)
    response = client.post(tariff_url("cmht"), {"price": price, "valid_from": "01/10/2010"})
    assert response.context["form"].errors["price"]
    assert TariffPrice.objects.filter(intervention__code="cmht").count() == 1


def test_a_coordinator_can_read_the_price_history_but_not_add_a_price(
    client, people, pilot_tariffs
):
    client.force_login(people.coordinator)
    page = client.get(tariff_url("cmht"))
    assert page.status_code == 200
    assert "Add a new price from a date" not in page.text
    response = client.post(tariff_url("cmht"), {"price": "210.50", "valid_from": "01/10/2010"})
    assert response.status_code == 403
    assert TariffPrice.objects.filter(intervention__code="cmht").count() == 1


def test_an_unknown_intervention_is_404(client, people):
    client.force_login(people.commissioner)
    assert client.get(tariff_url("dentist")).status_code == 404


def test_a_commissioner_adds_an_intervention_with_its_first_price(client, people):
    client.force_login(people.commissioner)
    response = client.post(
        reverse("costing:intervention_add"),
        {
            "code": "psychology",
            "name": "Psychology session",
            "unit": "contact",
            "price": "95.00",
            "valid_from": "2012-04-01",
        },
    )
    assert response.status_code == 302
    assert response.url == tariff_url("psychology")
    intervention = Intervention.objects.get(code="psychology")
    assert intervention.prices.get().price == Decimal("95.00")


def test_an_intervention_code_in_use_is_an_error_on_the_code(client, people, pilot_tariffs):
    client.force_login(people.commissioner)
    response = client.post(
        reverse("costing:intervention_add"),
        {
            "code": "cmht",
            "name": "Again",
            "unit": "contact",
            "price": "95.00",
            "valid_from": "2012-04-01",
        },
    )
    assert response.context["form"].errors["code"]
    assert Intervention.objects.count() == 3


@pytest.mark.parametrize("who", ["coordinator", "facilitator"])
def test_care_teams_cannot_add_an_intervention(client, people, who):
    client.force_login(getattr(people, who))
    assert client.get(reverse("costing:intervention_add")).status_code == 403
    assert client.post(reverse("costing:intervention_add"), {}).status_code == 403


def test_the_clusters_page_lists_the_21_clusters_and_their_costs_by_year(client, people):
    ClusterCost.objects.create(
        cluster=Cluster.objects.get(number=8), year=2012, annual_cost=Decimal("12045")
    )
    client.force_login(people.coordinator)
    response = client.get(reverse("costing:clusters"))
    assert len(response.context["table"].rows) == 21
    assert "Annual cost 2012-13" in response.text
    assert "£12,045.00" in response.text
    assert "Set a cluster’s annual cost" not in response.text
    by_cost = client.get(reverse("costing:clusters"), {"clusters_sort": "-cost_2012-13"})
    assert by_cost.context["table"].rows[0]["cluster"].number == 8
    download = client.get(reverse("costing:clusters"), {"csv": "clusters"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Cluster,Review at least every,Annual cost 2012-13"
    assert len(lines) == 22
    assert any(line.endswith(",12045.00") for line in lines)


def test_the_tariffs_sort_by_price_and_download_as_csv(client, people, pilot_tariffs):
    client.force_login(people.coordinator)
    page = client.get(reverse("costing:interventions"), {"tariffs_sort": "-price"})
    assert [row["intervention"].code for row in page.context["table"].rows][:3] == [
        "inpatient",
        "cmht",
        "crisis",
    ]
    download = client.get(
        reverse("costing:interventions"), {"csv": "tariffs", "tariffs_sort": "-price"}
    )
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Intervention,Code,Unit,Price today,In force from"
    assert ",inpatient," in lines[1]
    assert ",481.18," in lines[1]


def test_a_commissioner_sets_a_cluster_s_cost_for_a_year(client, people):
    cluster_1 = Cluster.objects.get(number=1)
    client.force_login(people.commissioner)
    response = client.post(
        reverse("costing:clusters"),
        {"cluster": cluster_1.pk, "year": "2012-13", "annual_cost": "5475"},
        follow=True,
    )
    assert ClusterCost.objects.get(cluster=cluster_1, year=2012).annual_cost == Decimal("5475")
    assert "£5,475.00" in response.text
    # Setting it again corrects it: a cluster has one cost a year.
    client.post(
        reverse("costing:clusters"),
        {"cluster": cluster_1.pk, "year": "2012-13", "annual_cost": "5474"},
    )
    assert ClusterCost.objects.get(cluster=cluster_1, year=2012).annual_cost == Decimal("5474")


def test_a_bad_year_or_cost_is_an_error_on_its_field(client, people):
    client.force_login(people.commissioner)
    response = client.post(
        reverse("costing:clusters"),
        {"cluster": Cluster.objects.get(number=1).pk, "year": "2012-14", "annual_cost": "-5"},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"year", "annual_cost"}
    assert not ClusterCost.objects.exists()


def test_a_coordinator_cannot_set_a_cluster_cost(client, people):
    client.force_login(people.coordinator)
    response = client.post(
        reverse("costing:clusters"),
        {"cluster": Cluster.objects.get(number=1).pk, "year": "2012-13", "annual_cost": "5475"},
    )
    assert response.status_code == 403
    assert not ClusterCost.objects.exists()


def test_a_tariffs_price_history_sorts_and_downloads_as_csv(client, people, pilot_tariffs):
    client.force_login(people.coordinator)
    url = reverse("costing:intervention", args=["cmht"])
    page = client.get(url, {"prices_sort": "price"})
    assert len(page.context["table"].rows) == 1
    download = client.get(url, {"csv": "prices"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines == [
        "From,To,Price,Events priced at it",
        "2010-04-01,Until further notice,202.04,0",
    ]
