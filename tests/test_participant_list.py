"""The list of people: each person's plan status and next review, sorted by any column (by
the database, across pages), and as CSV with those columns; in a fixed number of queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from tests.home_builders import waiting_in

pytestmark = pytest.mark.django_db

LIST = reverse("participants:list")


def _rows(client, **query) -> list:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return response.context["table"].rows


def test_each_person_shows_their_plan_status_and_next_review(client, people):
    mine = waiting_in(people.team, people.coordinator)
    client.force_login(people.coordinator)
    page = client.get(LIST).content.decode()
    for heading in ("Plan status", "Next review"):
        assert f"{heading}<span" in page
    rows = {person.pk: person for person in _rows(client)}
    texts = {
        "draft": "Draft",
        "redrafted": "Returned",
        "submitted": "Waiting for a decision",
        "due_soon": "Approved",
        "no_plan": "None",
    }
    from careplans.participant_list import STATUS_TEXT

    for name, text in texts.items():
        assert STATUS_TEXT[rows[getattr(mine, name).pk].plan_status] == text, name
    today = timezone.localdate()
    assert rows[mine.due_soon.pk].next_review == today + timedelta(days=27)
    assert rows[mine.no_plan.pk].next_review is None
    assert "Overdue</strong>" in page


def test_the_list_sorts_by_plan_status_in_the_order_a_plan_goes_through(client, people):
    waiting_in(people.team, people.coordinator)
    client.force_login(people.coordinator)
    statuses = [p.plan_status for p in _rows(client, participants_sort="plan_status")]
    known = [s for s in statuses if s is not None]
    assert known == sorted(known)
    assert statuses[-1] is None  # no plan: last
    backwards = [p.plan_status for p in _rows(client, participants_sort="-plan_status")]
    assert [s for s in backwards if s is not None] == sorted(known, reverse=True)
    assert backwards[-1] is None


def test_the_list_sorts_by_next_review(client, people):
    waiting_in(people.team, people.coordinator)
    client.force_login(people.coordinator)
    dates = [p.next_review for p in _rows(client, participants_sort="next_review")]
    known = [d for d in dates if d is not None]
    assert len(known) == 3
    assert known == sorted(known)
    assert dates[: len(known)] == known  # none: last
    later = [p.next_review for p in _rows(client, participants_sort="-next_review")]
    assert later[:3] == sorted(known, reverse=True)


def test_the_sort_holds_across_pages(client, people):
    for _ in range(6):
        waiting_in(people.team, people.coordinator)  # 60 people
    client.force_login(people.coordinator)
    first = _rows(client, participants_sort="-name")
    second = _rows(client, participants_sort="-name", page=2)
    names = [(p.family_name.casefold(), p.given_name.casefold()) for p in first + second]
    assert len(names) == 60
    initials = [family[0] for family, _ in names]
    assert initials == sorted(initials, reverse=True)  # page 2 goes on where page 1 stopped
    assert len({p.pk for p in first + second}) == 60


def test_the_csv_has_every_person_with_their_plan_status_and_next_review(client, people):
    mine = waiting_in(people.team, people.coordinator)
    waiting_in(people.other_team, people.other_coordinator)
    client.force_login(people.coordinator)
    response = client.get(LIST, {"csv": "participants", "participants_sort": "plan_status"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == [
        "Name",
        "NHS number",
        "Date of birth",
        "Team",
        "Care coordinator",
        "Cluster",
        "Plan status",
        "Next review",
    ]
    assert len(rows) == 1 + 10  # the team's only
    by_name = {row[0]: row for row in rows[1:]}
    due = mine.due_soon
    assert by_name[f"{due.family_name}, {due.given_name}"][6:] == [
        "Approved",
        (timezone.localdate() + timedelta(days=27)).isoformat(),
    ]
    statuses = [row[6] for row in rows[1:]]
    assert statuses[0] == "Draft"
    assert statuses[-1] == "None"
    downloads = AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, user=people.coordinator)
    assert len(downloads.get().object_ids) == 10


def test_the_csv_keeps_the_filter(client, people):
    waiting_in(people.team, people.coordinator)
    client.force_login(people.coordinator)
    response = client.get(LIST, {"csv": "participants", "show": "draft"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert sorted(row[6] for row in rows[1:]) == ["Draft", "Returned"]


def test_a_name_that_starts_as_a_formula_is_safe_in_the_csv(client, people):
    from tests.factories import ParticipantFactory

    ParticipantFactory(team=people.team, family_name="=HYPERLINK(1)", given_name="Ann")
    client.force_login(people.coordinator)
    text = client.get(LIST, {"csv": "participants"}).content.decode("utf-8")
    assert "'=HYPERLINK(1), Ann" in text


def _queries(client, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(LIST, query).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "query", [{}, {"participants_sort": "plan_status"}, {"csv": "participants"}]
)
def test_the_list_takes_the_same_queries_whatever_the_number_of_people(client, people, query):
    client.force_login(people.coordinator)
    waiting_in(people.team, people.coordinator)
    before = _queries(client, **query)
    waiting_in(people.team, people.coordinator)
    waiting_in(people.team, people.coordinator)
    assert _queries(client, **query) == before


def test_the_persons_service_use_and_payments_sort_and_download_as_csv(
    client, people, pilot_tariffs
):
    from datetime import date
    from decimal import Decimal

    from tests.factories import DirectPaymentFactory, ParticipantFactory, ServiceEventFactory

    person = ParticipantFactory(team=people.team)
    for day in (date(2012, 5, 1), date(2012, 4, 1), date(2012, 6, 1)):
        ServiceEventFactory(
            participant=person, date=day, intervention=pilot_tariffs["cmht"].intervention
        )
        DirectPaymentFactory(participant=person, date=day, amount=Decimal(day.month))
    client.force_login(people.coordinator)
    page_url = reverse("participants:detail", args=[person.pk])
    page = client.get(page_url, {"service_use_sort": "date"})
    assert [e.date.month for e in page.context["events"].rows] == [4, 5, 6]
    download = client.get(page_url, {"csv": "service_use", "service_use_sort": "-date"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Date,Intervention,Quantity,Unit price,Recorded by"
    assert [line[:10] for line in lines[1:]] == ["2012-06-01", "2012-05-01", "2012-04-01"]
    payments = client.get(page_url, {"csv": "direct_payments", "direct_payments_sort": "amount"})
    lines = payments.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Date,What it was for,Amount,Recorded by"
    assert [line.split(",")[2] for line in lines[1:]] == ["4.00", "5.00", "6.00"]
    read = AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD, user=people.coordinator)
    assert read.count() == 2


def test_the_evaluation_cohort_shows_only_where_it_matters(client, people):
    from participants.models import Participant
    from tests.factories import ParticipantFactory

    holder = ParticipantFactory(team=people.team, cohort=Participant.Cohort.BUDGET_HOLDER)
    outside = ParticipantFactory(team=people.team, cohort=Participant.Cohort.NONE)
    client.force_login(people.coordinator)
    assert ">Cohort<span" not in client.get(LIST).content.decode()  # no column of it
    holder_page = client.get(reverse("participants:detail", args=[holder.pk])).content.decode()
    assert "Evaluation cohort" in holder_page
    assert "Budget holder" in holder_page
    outside_page = client.get(reverse("participants:detail", args=[outside.pk])).content.decode()
    assert "Evaluation cohort" not in outside_page
