"""The commissioner's home page: plans waiting for a decision and the oldest wait, reviews
overdue, and this year's approved budgets with their planned spend against their indicative
budgets, each with its link; the organisation's only, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from careplans.models import CarePlan, PlanStatus
from costing.core.years import FinancialYear
from tests.budget_plans import budget, ended, undecided_plan

pytestmark = pytest.mark.django_db


def _overdue(version, *, days: int) -> None:
    due = timezone.localdate() - timedelta(days=days)
    CarePlan.objects.filter(pk=version.plan_id).update(review_due=due)


def _this_year(people):
    """Two budgets in force this year, one ended last year, and another organisation's."""
    today = timezone.localdate()
    start = FinancialYear.of(today).first_day
    by = people.facilitator
    one = budget(people.team, by, on=start, total="4774.20", indicative="4800.00")
    two = budget(people.other_team, by, on=today, total="1000.00", indicative="1200.00")
    old = budget(people.team, by, on=start - timedelta(days=100), total="900.00", indicative="900")
    ended(old, on=start - timedelta(days=1))
    budget(people.foreign_team, by, on=start, total="7000.00", indicative="7000.00")
    return one, two, old


def _waiting(people):
    today = timezone.localdate()
    by = people.coordinator
    for team, days, route in (
        (people.team, 12, "facilitator"),
        (people.team, 1, "facilitator"),
        (people.other_team, 3, "commissioner"),
        (people.foreign_team, 40, "commissioner"),
    ):
        undecided_plan(
            team,
            by,
            status=PlanStatus.SUBMITTED,
            total="100.00",
            submitted_on=today - timedelta(days=days),
            route=route,
        )
    undecided_plan(people.team, by, status=PlanStatus.DRAFT)


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _figures(page: str) -> list[str]:
    return [part.split("<")[0] for part in page.split('<p class="app-figure">')[1:]]


def test_the_commissioners_home_shows_what_waits_what_is_overdue_and_this_years_budgets(
    client, people
):
    one, two, old = _this_year(people)
    _waiting(people)
    _overdue(one, days=1)
    _overdue(two, days=40)
    _overdue(old, days=400)  # ended: no review is overdue
    page = _home(client, people.commissioner)

    today = timezone.localdate()
    oldest = today - timedelta(days=12)
    year = FinancialYear.of(today).label
    assert "Across Northshire ICB today" in page
    assert _figures(page) == ["3", "2", "2"]
    assert f"The oldest has waited 12 days, since {oldest.day} {oldest:%b %Y}." in page
    assert f'href="{reverse("careplans:queue")}">Open the sign-off queue' in page
    assert f'href="{reverse("reviews:overdue")}">See the overdue reviews' in page
    assert f"Approved budgets in force in {year}" in page
    # £5,774.20 of £6,000.00 is 96.236…%.
    assert (
        "Planned spend £5,774.20 a year: 96.2% of the £6,000.00 of indicative budgets they "
        "were approved against." in page
    )
    assert f'href="/reports/budgets/?year={year}">Budgets in {year}' in page
    assert 'href="/reports/">All the reports' in page


def test_the_overdue_count_is_the_overdue_reviews_pages(client, people):
    one, two, _ = _this_year(people)
    _overdue(one, days=1)
    _overdue(two, days=-1)  # due tomorrow
    page = _home(client, people.commissioner)
    assert _figures(page) == ["0", "1", "2"]
    assert "None is waiting." in page
    overdue = client.get(reverse("reviews:overdue")).context["table"].rows
    assert len(overdue) == 1


def test_a_plan_sent_today_is_the_oldest_sent_today(client, people):
    undecided_plan(
        people.team,
        people.coordinator,
        status=PlanStatus.SUBMITTED,
        total="100.00",
        submitted_on=timezone.localdate(),
    )
    assert "The oldest was sent today." in _home(client, people.commissioner)


def test_nothing_yet_reads_as_nothing(client, people):
    page = _home(client, people.commissioner)
    assert "None is waiting." in page
    assert "Every plan’s review is on time." in page
    assert "Planned spend £0.00 a year." in page


def test_the_old_list_of_links_is_gone(client, people):
    page = _home(client, people.commissioner)
    main = page.split("<main", 1)[1]
    assert "watch spend and outcomes" not in main
    assert "Clusters and their annual costs" not in main


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "peer_reviewer", "administrator"])
def test_no_one_else_has_the_summary(client, people, who):
    _waiting(people)
    page = _home(client, getattr(people, who))
    assert "Across Northshire ICB today" not in page
    assert "Approved budgets in force" not in page


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home"))
    return len(captured)


def test_the_summary_takes_the_same_queries_whatever_the_data(client, people):
    client.force_login(people.commissioner)
    before = _queries(client)
    _this_year(people)
    _waiting(people)
    for n in range(10):
        version = budget(
            people.team, people.facilitator, on=timezone.localdate(), total=f"{n + 1}00.00"
        )
        _overdue(version, days=n + 1)
    assert _queries(client) == before
