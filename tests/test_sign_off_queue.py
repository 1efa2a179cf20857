"""The sign-off queue: how far each plan is from its budget in words ("28.0% under",
"12.0% over", "on budget"), sorting by any column across its pages (oldest first unless
asked), and the queue as CSV."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from careplans import decisions
from careplans.models import CarePlanVersion
from careplans.presenters import against_budget, percent_text, signs_off
from careplans.views import sign_off
from tests.builders import add_line, complete_draft
from tests.factories import ParticipantFactory

QUEUE = reverse("careplans:queue")


@pytest.mark.parametrize(
    ("total", "indicative", "said"),
    [
        (Decimal("3456.00"), Decimal("4800.00"), "28.0% under"),
        (Decimal("5376.00"), Decimal("4800.00"), "12.0% over"),
        (Decimal("4800.00"), Decimal("4800.00"), "on budget"),
        (Decimal("4774.20"), Decimal("4800.00"), "0.5% under"),
        (Decimal("100.00"), None, ""),
        (Decimal("100.00"), Decimal("0.00"), ""),
    ],
)
def test_against_budget_says_over_or_under_in_words(total, indicative, said):
    assert against_budget(total, indicative) == said
    assert "per cent" not in said
    assert "-" not in said


def test_percent_text_and_who_signs_off():
    assert percent_text(Decimal("-28.0")) == "28.0% under"
    assert percent_text(Decimal("0.0")) == "on budget"
    assert percent_text(None) == ""
    assert signs_off("facilitator") == "Facilitator"
    assert signs_off("commissioner") == "Commissioner"


def waiting(people, name: str, cost: str, days_ago: int) -> CarePlanVersion:
    participant = ParticipantFactory(
        team=people.team, given_name=name, care_coordinator=people.coordinator
    )
    version, outcome = complete_draft(people, participant, amount="1000.00")
    add_line(
        people,
        version,
        outcome,
        kind="purchase",
        description="Sessions",
        category="therapies",
        unit_cost=cost,
        quantity=1,
        frequency="yearly",
        funding_route="notional",
    )
    decisions.submit(user=people.coordinator, version=version)
    CarePlanVersion.objects.filter(pk=version.pk).update(
        submitted_at=timezone.now() - timedelta(days=days_ago)
    )
    return version


@pytest.fixture
def queue(people, pilot_tariffs):
    """Four plans of £1,000.00 budgets, each waiting a different time."""
    waiting(people, "Bea", "880.00", days_ago=1)  # 12.0% under
    waiting(people, "Cal", "1000.00", days_ago=4)  # on budget
    waiting(people, "Dot", "1120.00", days_ago=2)  # 12.0% over
    waiting(people, "Eve", "1050.00", days_ago=3)  # 5.0% over


def names(response) -> list[str]:
    return [row.participant.given_name for row in response.context["rows"]]


@pytest.mark.django_db
def test_the_queue_says_over_under_and_on_budget(client, people, queue):
    client.force_login(people.facilitator)
    response = client.get(QUEUE)
    html = response.text
    assert "Against budget" in html
    assert "Who signs it off" in html
    for said in ("12.0% under", "on budget", "12.0% over", "5.0% over"):
        assert said in html
    assert "Per cent over" not in html
    assert "-12.0" not in html
    assert ">Route<" not in html
    assert names(response) == ["Cal", "Eve", "Dot", "Bea"]  # oldest first


@pytest.mark.django_db
def test_the_queue_sorts_across_its_pages(client, people, queue, monkeypatch):
    monkeypatch.setattr(sign_off, "QUEUE_PAGE_SIZE", 2)
    client.force_login(people.facilitator)
    first = client.get(QUEUE, {"queue_sort": "-against"})
    second = client.get(QUEUE, {"queue_sort": "-against", "page": 2})
    assert names(first) + names(second) == ["Dot", "Eve", "Cal", "Bea"]
    assert 'aria-sort="descending"' in first.text
    ascending = client.get(QUEUE, {"queue_sort": "against"})
    assert names(ascending) == ["Bea", "Cal"]
    by_name = client.get(QUEUE, {"queue_sort": "participant", "page": 2})
    assert names(by_name) == ["Dot", "Eve"]
    newest = client.get(QUEUE, {"queue_sort": "waiting"})
    assert names(newest) == ["Bea", "Dot"]
    assert names(client.get(QUEUE, {"queue_sort": "nonsense"})) == ["Cal", "Eve"]


@pytest.mark.django_db
def test_the_whole_queue_downloads_as_csv(client, people, queue, monkeypatch):
    monkeypatch.setattr(sign_off, "QUEUE_PAGE_SIZE", 2)
    client.force_login(people.facilitator)
    response = client.get(QUEUE, {"csv": "queue"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Person",
        "Total",
        "Indicative budget",
        "Against budget",
        "Who signs it off",
        "Waiting",
    ]
    assert [row[0].split()[0] for row in rows[1:]] == ["Cal", "Eve", "Dot", "Bea"]
    cal = rows[1]
    assert cal[1:5] == ["1000.00", "1000.00", "on budget", "Facilitator"]
    assert cal[5].startswith("4\xa0days (submitted ")
    sorted_csv = client.get(QUEUE, {"csv": "queue", "queue_sort": "total"})
    rows = list(csv.reader(io.StringIO(sorted_csv.content.decode("utf-8-sig"))))
    assert [row[0].split()[0] for row in rows[1:]] == ["Bea", "Cal", "Eve", "Dot"]
