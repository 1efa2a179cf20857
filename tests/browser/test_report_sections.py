"""In a real browser: a commissioner goes from the reports' overview to a report by
keyboard, and axe runs on each of the outcomes, purchases, cost of care, cluster budgets,
spend and peer audit reports with their charts and tables."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budgets.models import IndicativeBudget
from costing.models import Cluster, ClusterCost
from participants.services import cluster_assign
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.factories import ParticipantFactory, ServiceEventFactory
from tests.report_builders import plan_with, reviewed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUGS = {
    "outcomes": "Outcomes chosen",
    "purchases": "Purchases by category",
    "cost-of-care": "Cost of care",
    "cluster-budgets": "Cluster cost against indicative budget",
    "spend": "Spend",
    "peer-audit": "Peer audit",
}
TITLES = tuple(SLUGS.values())


@pytest.fixture
def figures(people, pilot_tariffs):
    version = plan_with(
        people.team,
        people.facilitator,
        on=date(2025, 6, 1),
        outcomes=["socialisation", "employment"],
        lines=[("exercise", "30.00", 1, "monthly"), ("", "202.04", 12, "yearly")],
        total="2800.00",
    )
    reviewed(version, people.coordinator, on=date(2025, 10, 1), spent=["90.00", "600.00"])
    holder = ParticipantFactory(team=people.team, cohort="budget_holder")
    for day, quantity in ((date(2024, 6, 1), 10), (date(2025, 6, 1), 4)):
        ServiceEventFactory(
            participant=holder,
            intervention=pilot_tariffs["cmht"].intervention,
            date=day,
            quantity=quantity,
        )
    cluster = Cluster.objects.get(number=1)
    ClusterCost.objects.create(cluster=cluster, year=2025, annual_cost=Decimal("5475.00"))
    cluster_assign(participant=holder, cluster=cluster, start=date(2025, 4, 1))
    IndicativeBudget.objects.create(
        participant=holder,
        year=2025,
        method="manual",
        amount=Decimal("2424.48"),
        reason="Agreed",
        set_by=people.facilitator,
    )


def test_each_report_with_axe_the_first_reached_by_keyboard(page, people, figures):
    sign_in_by_keyboard(page, "connor")
    page.goto("/reports/?year=2025-26")
    tab_to(page, page.get_by_role("link", name=TITLES[0], exact=True))
    page.keyboard.press("Enter")
    for slug, title in SLUGS.items():
        if title != TITLES[0]:
            page.goto(f"/reports/{slug}/?year=2025-26")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        if slug == "peer-audit":  # no round in the year
            expect(page.get_by_text("Nothing to show for this period.").first).to_be_visible()
        else:
            expect(page.locator("svg.app-chart").first).to_be_visible()
        assert_accessible(page)
