"""The reports' sections ask the database a fixed number of questions, whatever the number
of people, plans, lines, reviews and events; and the overview shows their headlines."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import IndicativeBudget
from costing.models import Cluster, ClusterCost
from participants.services import cluster_assign
from reports.sections import BY_SLUG
from tests.factories import ParticipantFactory, ServiceEventFactory
from tests.report_builders import plan_with, reviewed, scope_of

pytestmark = pytest.mark.django_db

SLUGS = ("outcomes", "purchases", "cost-of-care", "cluster-budgets", "spend")
IN_YEAR = date(2025, 6, 1)


def _batch(people, pilot_tariffs, n: int) -> None:
    """Two plans with outcomes, lines and reviews; a budget holder with service use; a
    person in a cluster with a budget."""
    for team, option in ((people.team, "notional"), (people.other_team, "direct_payment")):
        version = plan_with(
            team,
            people.facilitator,
            on=IN_YEAR,
            outcomes=["socialisation", "employment", "pain"][: 1 + n % 3],
            lines=[
                ("exercise", "30.00", 1, "monthly"),
                ("education", f"{100 + n}.00", 1, "yearly"),
            ],
            total="1000.00",
            management_option=option,
        )
        reviewed(version, people.coordinator, on=date(2025, 10, 1), spent=["90.00", "100.00"])
    holder = ParticipantFactory(team=people.team, cohort="budget_holder")
    for day in (date(2024, 6, 1), date(2025, 6, 1)):
        ServiceEventFactory(
            participant=holder, intervention=pilot_tariffs["cmht"].intervention, date=day
        )
    clustered = ParticipantFactory(team=people.team)
    cluster_assign(participant=clustered, cluster=Cluster.objects.get(number=1), start=IN_YEAR)
    IndicativeBudget.objects.create(
        participant=clustered,
        year=2025,
        method="manual",
        amount=Decimal("2000.00"),
        reason="Agreed",
        set_by=people.facilitator,
    )


def _queries(scope) -> dict[str, int]:
    counts = {}
    for slug in SLUGS:
        with CaptureQueriesContext(connection) as queries:
            BY_SLUG[slug].build(scope)
        counts[slug] = len(queries)
    return counts


def test_no_section_asks_more_as_the_data_grows(people, pilot_tariffs):
    ClusterCost.objects.create(
        cluster=Cluster.objects.get(number=1), year=2025, annual_cost=Decimal("5475.00")
    )
    scope = scope_of(people.commissioner, "2025-26")
    _batch(people, pilot_tariffs, 0)
    few = _queries(scope)
    for n in range(1, 4):
        _batch(people, pilot_tariffs, n)
    assert _queries(scope) == few
    assert BY_SLUG["spend"].build(scope).table("by_team").footer[0]["plans"] == 8


def test_the_overview_shows_the_headlines_of_sections_that_give_them_and_no_whole_report(
    client, people, pilot_tariffs
):
    _batch(people, pilot_tariffs, 0)
    client.force_login(people.commissioner)
    with CaptureQueriesContext(connection) as few:
        page = client.get("/reports/", {"year": "2025-26"})
    assert page.status_code == 200
    text = page.content.decode()
    for headline in (
        "Approved budgets in force",
        "Waiting for a decision",
        "Reviews overdue",
        "Peer audit pass rate",
    ):
        assert headline in text
    # The others' figures are a click away: building every report took seconds at scale.
    for slow in ("Purchases in plans in force", "Spend against budget in 2025-26"):
        assert slow not in text
    for n in range(1, 3):
        _batch(people, pilot_tariffs, n)
    with CaptureQueriesContext(connection) as many:
        client.get("/reports/", {"year": "2025-26"})
    assert len(many) == len(few)
