"""The national quarterly return on its page, in its CSV (ready to submit, or for
publication), through the API, and the people behind each count: the same counts as
``reports.phb_return`` gives, for commissioners only."""

import csv
import io

import pytest

from audit.models import AuditEvent
from tests.test_phb_return import data  # noqa: F401  (the hand-worked people)

pytestmark = pytest.mark.django_db

QUARTER = {"year": "2012-13", "quarter": "4"}


def _csv(response) -> list[list[str]]:
    text = b"".join(response).decode("utf-8") if response.streaming else response.content.decode()
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_page_shows_the_counts_and_offers_both_files(client, people, data):  # noqa: F811
    client.force_login(people.commissioner)
    page = client.get("/reports/phb-return/", QUARTER)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Q4 2012-13 (January to March)" in body
    # Ash (two options), Birch, Cedar, Dale (ended in November) and Elm in the year to date.
    total = next(t for t in page.context["parts"] if t["table"].name == "by_total")
    assert [(r["year_to_date"], r["quarter_end"]) for r in total["table"].rows] == [(5, 4)]
    assert "file=own-use" in body
    assert "file=publication" in body

    own = _csv(client.get("/reports/phb-return/", {**QUARTER, "file": "own-use"}))
    assert own[1] == [
        "Northshire ICB",
        "All teams",
        "2012-13-Q4",
        "In force at any time in the year to date",
        "All people",
        "Total",
        "5",
    ]
    published = client.get("/reports/phb-return/", {**QUARTER, "file": "publication"})
    assert "for-publication" in published["Content-Disposition"]
    assert _csv(published)[1][-1] == "*"


def test_the_api_gives_the_same_counts_and_the_return_as_csv(api, people, data):  # noqa: F811
    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/reports/phb-return/?quarter=2012-13-Q4").json()
    tables = {table["name"]: table for table in body["tables"]}
    assert tables["by_total"]["rows"] == [
        {"breakdown": "Total", "year_to_date": 5, "quarter_end": 4}
    ]
    options = {row["breakdown"]: row["quarter_end"] for row in tables["by_option"]["rows"]}
    assert options == {"Notional": 2, "Third party": 1, "Direct payment": 2}

    returned = api.get("/api/v1/reports/phb-return/?quarter=2012-13-Q4&format=csv")
    assert returned["Content-Type"].startswith("text/csv")
    assert _csv(returned)[1][-1] == "5"
    published = api.get(
        "/api/v1/reports/phb-return/?quarter=2012-13-Q4&format=csv&publication=true"
    )
    assert _csv(published)[1][-1] == "*"

    api.force_authenticate(people.coordinator)
    assert api.get("/api/v1/reports/phb-return/?quarter=2012-13-Q4").status_code == 403


def test_a_whole_year_gives_its_last_quarter_that_has_ended(api, people, data):  # noqa: F811
    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/reports/phb-return/?year=2012-13").json()
    assert "Q4 2012-13" in body["tables"][0]["caption"]


def test_the_people_behind_each_count_are_named_and_the_read_kept(client, people, data):  # noqa: F811
    client.force_login(people.commissioner)
    page = client.get("/reports/phb-return/people/", QUARTER)
    assert page.status_code == 200
    body = page.content.decode()
    for name in ("Ash", "Birch", "Cedar", "Dale", "Elm"):
        assert f"Pat {name}" in body
    for name in ("Fir", "Gorse", "Hazel", "Ivy"):
        assert f"Pat {name}" not in body
    (event,) = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW, path__startswith="/reports/")
    assert sorted(event.object_ids) == sorted(
        str(data[n].pk) for n in ("Ash", "Birch", "Cedar", "Dale", "Elm")
    )

    client.force_login(people.coordinator)
    assert client.get("/reports/phb-return/people/", QUARTER).status_code == 404
    assert client.get("/reports/phb-return/", QUARTER).status_code == 404
