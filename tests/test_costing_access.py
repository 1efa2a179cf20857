"""Tariffs and clusters answer each role the same through the pages and the API: care teams
and commissioners read them, only commissioners change them, and peer reviewers and
administrators do neither."""

import pytest
from django.urls import reverse

from costing.models import Cluster, ClusterCost, Intervention, TariffPrice

ROLES = {
    # role: (may read, may change)
    "coordinator": (True, False),
    "facilitator": (True, False),
    "commissioner": (True, True),
    "foreign_commissioner": (True, True),
    "peer_reviewer": (False, False),
    "administrator": (False, False),
}

PAGES_READ = ("costing:interventions", "costing:clusters")
API_READ = ("/api/v1/interventions/", "/api/v1/tariffs/", "/api/v1/clusters/")


def allowed(status_code: int) -> bool:
    assert status_code in (200, 201, 302, 403), status_code
    return status_code != 403


@pytest.mark.parametrize("who", ROLES)
def test_reading_tariffs_and_clusters(client, api, people, pilot_tariffs, who):
    user = getattr(people, who)
    client.force_login(user)
    api.force_authenticate(user)
    may_read, _ = ROLES[who]

    pages = [client.get(reverse(name)) for name in PAGES_READ]
    pages.append(client.get(reverse("costing:intervention", args=["cmht"])))
    calls = [api.get(path) for path in API_READ]
    calls += [api.get("/api/v1/interventions/cmht/"), api.get("/api/v1/clusters/8/")]

    assert [allowed(page.status_code) for page in pages] == [may_read] * len(pages)
    assert [allowed(call.status_code) for call in calls] == [may_read] * len(calls)


@pytest.mark.parametrize("who", ROLES)
def test_adding_a_price_from_a_date(client, api, people, pilot_tariffs, who):
    user = getattr(people, who)
    client.force_login(user)
    api.force_authenticate(user)
    _, may_change = ROLES[who]

    page = client.post(
        reverse("costing:intervention", args=["cmht"]),
        {"price": "210.50", "valid_from": "01/10/2010"},
    )
    call = api.post(
        "/api/v1/tariffs/",
        {"intervention": "crisis", "price": "190.00", "valid_from": "2010-10-01"},
    )

    assert (allowed(page.status_code), allowed(call.status_code)) == (may_change, may_change)
    assert TariffPrice.objects.count() == (5 if may_change else 3)


@pytest.mark.parametrize("who", ROLES)
def test_adding_an_intervention(client, api, people, who):
    user = getattr(people, who)
    client.force_login(user)
    api.force_authenticate(user)
    _, may_change = ROLES[who]
    new = {"unit": "contact", "price": "95.00", "valid_from": "2012-04-01"}

    page = client.post(
        reverse("costing:intervention_add"), {"code": "psychology", "name": "Psychology", **new}
    )
    call = api.post(
        "/api/v1/interventions/",
        {"code": "day-hospital", "name": "Day hospital", "acute_or_crisis": False, **new},
    )

    assert (allowed(page.status_code), allowed(call.status_code)) == (may_change, may_change)
    assert Intervention.objects.count() == (2 if may_change else 0)


@pytest.mark.parametrize("who", ROLES)
def test_setting_a_cluster_cost(client, api, people, who):
    user = getattr(people, who)
    client.force_login(user)
    api.force_authenticate(user)
    _, may_change = ROLES[who]
    cluster_1 = Cluster.objects.get(number=1)

    page = client.post(
        reverse("costing:clusters"),
        {"cluster": cluster_1.pk, "year": "2012-13", "annual_cost": "5475"},
    )
    call = api.post("/api/v1/clusters/8/costs/", {"year": "2012-13", "annual_cost": "12045"})

    assert (allowed(page.status_code), allowed(call.status_code)) == (may_change, may_change)
    assert ClusterCost.objects.count() == (2 if may_change else 0)


@pytest.mark.parametrize("who", ["coordinator", "peer_reviewer", "administrator"])
def test_a_change_nobody_may_make_is_refused_before_its_fields_are_checked(
    client, api, people, who
):
    """The page refuses the role before reading the form; the API does the same, so a
    refused caller is told 403, never which field was wrong."""
    user = getattr(people, who)
    client.force_login(user)
    api.force_authenticate(user)
    assert client.post(reverse("costing:intervention_add"), {}).status_code == 403
    reason = (
        "Only a commissioner can set tariffs and cluster costs."
        if who == "coordinator"
        else "Only care teams and commissioners can see tariffs and clusters."
    )
    for path in ("/api/v1/interventions/", "/api/v1/tariffs/", "/api/v1/clusters/8/costs/"):
        response = api.post(path, {})
        assert response.status_code == 403, path
        assert response.json() == {"detail": reason}
