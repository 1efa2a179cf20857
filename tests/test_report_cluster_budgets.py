"""Cluster cost against indicative budget (Table 11): each person's budget in force for
the year against the annual cost of the cluster they were in, and each cluster's mean."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from budgets.models import IndicativeBudget
from costing.models import Cluster, ClusterCost
from participants.services import cluster_assign
from reports.core.report import MINUS
from reports.sections.cluster_budgets import cluster_budgets_report
from tests.factories import ParticipantFactory
from tests.report_builders import scope_of

pytestmark = pytest.mark.django_db

ROLL_OUT = date(2012, 4, 1)


@pytest.fixture
def clustered(people):
    clusters = {c.number: c for c in Cluster.objects.filter(number__in=[1, 8, 11])}
    ClusterCost.objects.create(cluster=clusters[1], year=2012, annual_cost=Decimal("5475.00"))
    ClusterCost.objects.create(cluster=clusters[8], year=2012, annual_cost=Decimal("12045.00"))
    ClusterCost.objects.create(cluster=clusters[1], year=2013, annual_cost=Decimal("5600.00"))

    def person(name, team=people.team, moves=(), budgets=()):
        someone = ParticipantFactory(team=team, given_name=name, family_name="Test")
        for number, start in moves:
            cluster_assign(participant=someone, cluster=clusters[number], start=start)
        for year, amount in budgets:
            IndicativeBudget.objects.create(
                participant=someone,
                year=year,
                method="manual",
                amount=Decimal(amount),
                reason="Agreed",
                set_by=people.facilitator,
            )
        return someone

    return {
        # The newest budget for the year is the one in force.
        "ana": person("Ana", moves=[(1, ROLL_OUT)], budgets=[(2012, "2000.00"), (2012, "2424.48")]),
        # In cluster 1 all 2012-13; cluster 8 only from June 2013.
        "bo": person(
            "Bo",
            team=people.other_team,
            moves=[(1, date(2011, 1, 1)), (8, date(2013, 6, 1))],
            budgets=[(2012, "6061.20"), (2013, "7000.00")],
        ),
        "cy": person("Cy", moves=[(11, ROLL_OUT)], budgets=[(2012, "4848.96")]),  # no cost set
        "di": person("Di", moves=[(8, ROLL_OUT)], budgets=[(2012, "9697.92")]),
        "ed": person("Ed", moves=[(8, ROLL_OUT)], budgets=[(2013, "5000.00")]),  # none for 2012
        "fy": person("Fy", team=people.foreign_team, moves=[(1, ROLL_OUT)], budgets=[(2012, "1")]),
    }


def test_each_persons_budget_against_their_clusters_cost(people, clustered):
    report = cluster_budgets_report(scope_of(people.commissioner, "2012-13"))
    rows = report.table("by_person").rows
    assert [
        (r["name"], r["number"], r["cluster_cost"], r["budget"], r["difference"]) for r in rows
    ] == [
        ("Ana Test", 1, Decimal("5475.00"), Decimal("2424.48"), Decimal("-3050.52")),
        ("Bo Test", 1, Decimal("5475.00"), Decimal("6061.20"), Decimal("586.20")),
        ("Di Test", 8, Decimal("12045.00"), Decimal("9697.92"), Decimal("-2347.08")),
        ("Cy Test", 11, None, Decimal("4848.96"), None),
    ]
    means = report.table("by_cluster").rows
    assert [
        (r["number"], r["people"], r["cluster_cost"], r["budget"], r["difference"]) for r in means
    ] == [
        (1, 2, Decimal("5475.00"), Decimal("4242.84"), Decimal("-1232.16")),
        (8, 1, Decimal("12045.00"), Decimal("9697.92"), Decimal("-2347.08")),
        (11, 1, None, Decimal("4848.96"), None),
    ]
    assert set(report.people_shown) == {clustered[k].pk for k in ("ana", "bo", "cy", "di")}
    assert report.summary == (
        ("People with a cluster and an indicative budget", "4"),
        ("Budgets above their cluster's cost", "1"),
        ("Budgets below their cluster's cost", "2"),
    )


def test_the_cluster_is_the_one_they_were_in_that_year(people, clustered):
    report = cluster_budgets_report(scope_of(people.commissioner, "2013-14"))
    rows = {r["name"]: (r["number"], r["cluster_cost"]) for r in report.table("by_person").rows}
    assert rows == {"Bo Test": (8, None), "Ed Test": (8, None)}
    team = cluster_budgets_report(scope_of(people.commissioner, "2012-13", team=people.other_team))
    assert [r["name"] for r in team.table("by_person").rows] == ["Bo Test"]


def test_the_page_and_the_api(client, api, people, clustered):
    client.force_login(people.commissioner)
    page = client.get("/reports/cluster-budgets/", {"year": "2012-13"})
    assert page.status_code == 200
    assert "£5,475.00" in page.content.decode()
    assert f"{MINUS}£3,050.52" in page.content.decode()
    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/reports/cluster-budgets/", {"year": "2012-13"}).json()
    assert body["tables"][0]["rows"][0]["budget"] == "4242.84"
    answer = api.get(
        "/api/v1/reports/cluster-budgets/",
        {"year": "2012-13", "format": "csv", "table": "by_person"},
    )
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[0] == [
        "Name",
        "Cluster",
        "Cluster cost a year",
        "Indicative budget",
        "Budget less cluster cost",
    ]
    # A cell starting with a minus is kept from running as a formula, as every CSV's is.
    assert rows[1] == ["Ana Test", "1", "5475.00", "2424.48", "-3050.52"]
