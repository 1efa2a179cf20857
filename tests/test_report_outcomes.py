"""Outcomes chosen (Table 3): people per kind of outcome in the plans in force, a person
once in a kind; ordered by people, then the kinds' own order."""

import csv
import io
from datetime import date

import pytest

from reports.sections.outcomes import outcomes_report
from tests.report_builders import next_version, plan_with, scope_of

pytestmark = pytest.mark.django_db

IN_YEAR = date(2025, 6, 1)


@pytest.fixture
def chosen(people):
    """Four people of the organisation with plans in force in 2025-26, and two left out."""
    by = people.facilitator
    plan_with(
        people.team, by, on=IN_YEAR, outcomes=["socialisation", "socialisation", "employment"]
    )
    plan_with(people.team, by, on=IN_YEAR, outcomes=["socialisation", "reduce_demand"])
    plan_with(people.other_team, by, on=IN_YEAR, outcomes=["employment"])
    # A plan amended in the year counts with its later version only.
    first = plan_with(people.team, by, on=IN_YEAR, outcomes=["stress"])
    next_version(first, by, on=date(2025, 9, 1), outcomes=["family"])
    # Approved after the year, and another organisation's: neither counts.
    plan_with(people.team, by, on=date(2026, 4, 1), outcomes=["pain"])
    plan_with(people.foreign_team, by, on=IN_YEAR, outcomes=["pain"])


def test_people_per_kind_of_outcome_a_person_once_in_a_kind(people, chosen):
    report = outcomes_report(scope_of(people.commissioner, "2025-26"))
    (table,) = report.tables
    assert [(row["category"], row["people"]) for row in table.rows] == [
        ("Improve socialisation", 2),
        ("Gain employment or return to work", 2),
        ("Reduce demand on health services", 1),
        ("Improve family relationships", 1),
    ]
    assert [row["share"] for row in table.rows][:1] == [50]
    assert [row["people"] for row in table.footer] == [6, 4]
    assert report.summary[:2] == (
        ("People with outcomes in plans in force", "4"),
        ("Outcomes chosen (a person once a kind)", "6"),
    )


def test_the_filters_narrow_the_people(people, chosen):
    report = outcomes_report(scope_of(people.commissioner, "2025-26", team=people.other_team))
    assert [(row["category"], row["people"]) for row in report.tables[0].rows] == [
        ("Gain employment or return to work", 1)
    ]
    assert (
        outcomes_report(
            scope_of(people.commissioner, "2025-26", management_option="direct_payment")
        )
        .tables[0]
        .rows
        == ()
    )
    # In Q1 the amended plan was still at its first version.
    q1 = outcomes_report(scope_of(people.commissioner, "2025-26-Q1")).tables[0]
    assert ("Manage and stabilise stress levels", 1) in [
        (row["category"], row["people"]) for row in q1.rows
    ]


def test_the_page_and_the_api_give_the_same_figures(client, api, people, chosen):
    client.force_login(people.commissioner)
    page = client.get("/reports/outcomes/", {"year": "2025-26"})
    assert page.status_code == 200
    assert "Improve socialisation" in page.content.decode()
    download = client.get("/reports/outcomes/", {"year": "2025-26", "csv": "by_category"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[1] == ["Improve socialisation", "2", "50.0"]

    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/reports/outcomes/", {"year": "2025-26"}).json()
    assert body["tables"][0]["rows"][0] == {
        "category": "Improve socialisation",
        "people": 2,
        "share": "50.0",
    }
    answer = api.get("/api/v1/reports/outcomes/", {"year": "2025-26", "format": "csv"})
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[0] == ["Outcome", "People", "Of the people with outcomes"]
    assert rows[-1] == ["People with outcomes", "4", ""]


def test_only_a_commissioner_sees_it(client, api, people):
    client.force_login(people.coordinator)
    assert client.get("/reports/outcomes/").status_code == 404
    api.force_authenticate(people.coordinator)
    assert api.get("/api/v1/reports/outcomes/").status_code == 403
