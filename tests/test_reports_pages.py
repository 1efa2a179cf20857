"""The reports' pages and API: the overview and a section's page for a commissioner only
(404 for anyone else, 403 through the API, 401 without signing in), filters refused with
their message on the field, every table's CSV, the same figures on the page and through the
API, and queries that do not grow with the plans."""

import csv
import io
from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports.core.report import Kind, format_value
from reports.sections import SECTIONS
from tests.budget_plans import budget, budgets_in_2012_13

pytestmark = pytest.mark.django_db

YEAR = {"year": "2012-13"}
OTHERS = ["coordinator", "facilitator", "peer_reviewer", "administrator"]


@pytest.fixture
def budgets(people):
    return budgets_in_2012_13(people)


@pytest.fixture
def commissioner_client(client, people):
    client.force_login(people.commissioner)
    return client


def _csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


# Who reaches them --------------------------------------------------------------------------


def test_a_commissioner_sees_the_overview_with_each_sections_figures(commissioner_client, budgets):
    response = commissioner_client.get("/reports/", YEAR)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reports: 2012-13" in page
    assert "Approved budgets in force" in page
    assert "£17,300.00" in page
    for section in SECTIONS:
        assert f'href="/reports/{section.slug}/?year=2012-13"' in page


def test_a_commissioner_sees_a_section_with_its_tables_charts_and_downloads(
    commissioner_client, budgets
):
    response = commissioner_client.get("/reports/budgets/", YEAR)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Budgets</h1>" in page
    for name in ("by_team", "by_cluster", "by_management_option", "range", "by_status"):
        assert f'id="{name}"' in page
        assert f'id="chart-{name}-title"' in page
        assert f"?year=2012-13&amp;csv={name}" in page
    assert page.count('<svg class="app-chart"') == 5
    assert "£13,800.00" in page
    assert "£17,300.00" in page


@pytest.mark.parametrize("who", OTHERS)
@pytest.mark.parametrize(
    "path", ["/reports/", "/reports/budgets/", "/reports/budgets/?csv=by_team"]
)
def test_anyone_but_a_commissioner_is_told_there_is_no_such_page(
    client, people, budgets, who, path
):
    client.force_login(getattr(people, who))
    assert client.get(path).status_code == 404


def test_an_unknown_section_is_not_found_and_signing_in_comes_first(client, people):
    client.force_login(people.commissioner)
    assert client.get("/reports/nothing-here/").status_code == 404
    client.logout()
    response = client.get("/reports/budgets/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_another_organisations_commissioner_sees_only_their_own(client, people, budgets):
    client.force_login(people.foreign_commissioner)
    page = client.get("/reports/budgets/", YEAR).content.decode()
    assert "Seaview CMHT" in page
    assert "£9,999.00" in page
    assert "Riverside CMHT" not in page


# Filters --------------------------------------------------------------------------------------


def _refused(people) -> list[tuple[dict, str, str]]:
    return [
        ({"year": "2012-14"}, "year", "is not a financial year such as 2012-13"),
        ({"year": "2012-13-Q4"}, "year", "Give the financial year such as 2012-13"),
        ({"quarter": "5"}, "quarter", "Choose a quarter from the list, or the whole year"),
        ({"year": "2013-14", "quarter": "2012-13-Q4"}, "quarter", "is not a quarter of 2013-14"),
        ({"quarter": "2012-13"}, "quarter", "Give a quarter such as 2012-13-Q4"),
        ({"team": str(people.foreign_team.pk)}, "team", "Choose a team from the list"),
        ({"team": "riverside"}, "team", "Choose a team from the list"),
        ({"cluster": "9"}, "cluster", "Choose a care cluster from the list"),
        (
            {"management_option": "cash"},
            "management_option",
            "Choose how the budget is managed from the list",
        ),
    ]


@pytest.mark.parametrize("path", ["/reports/", "/reports/budgets/"])
def test_a_filter_that_is_refused_says_why_on_its_field_and_shows_no_figures(
    commissioner_client, people, budgets, path
):
    for query, field, message in _refused(people):
        response = commissioner_client.get(path, query)
        assert response.status_code == 400, query
        page = response.content.decode()
        assert page.count('class="nhsuk-error-message"') == 1, query
        assert f'id="id_{field}_error"' in page, query
        assert message in page, query
        assert f'href="#id_{field}"' in page, query
        assert "<title>Error: " in page
        assert "£" not in page, query
        assert "<table" not in page, query
        assert "app-chart" not in page, query


def test_the_filters_narrow_the_page_and_are_kept_in_its_links(
    commissioner_client, people, budgets
):
    query = {
        "year": "2012-13",
        "quarter": "4",
        "team": people.team.pk,
        "cluster": "11",
        "management_option": "third_party",
    }
    response = commissioner_client.get("/reports/budgets/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Q4 2012-13 (January to March), Riverside CMHT, cluster 11" in page
    assert "£6,000.00" in page
    assert "£4,800.00" not in page
    overview = commissioner_client.get("/reports/", query).content.decode()
    assert f'href="/reports/budgets/?{urlencode(query).replace("&", "&amp;")}"' in overview
    assert "£6,000.00" in overview


def test_a_year_before_any_tariff_can_still_be_chosen_and_stays_chosen(
    commissioner_client, budgets
):
    page = commissioner_client.get("/reports/budgets/", {"year": "2005-06"}).content.decode()
    assert '<option value="2005-06" selected>2005-06</option>' in page
    assert "Nothing to show for this period." in page


def test_tables_sort_names_as_people_read_them_or_keep_the_reports_order(
    commissioner_client, budgets
):
    response = commissioner_client.get("/reports/budgets/", YEAR)
    parts = {part["table"].name: part["table"] for part in response.context["parts"]}
    clusters = [row["cluster"] for row in parts["by_cluster"].rows]
    assert clusters == ["Cluster 4", "Cluster 11", "No cluster"]
    statuses = parts["by_status"]
    assert [row["status"] for row in statuses.rows][:3] == [
        "Draft",
        "Waiting for a decision",
        "Signed off by a facilitator",
    ]
    assert {header["aria_sort"] for header in statuses.headers} == {"none"}
    asked = commissioner_client.get("/reports/budgets/", {**YEAR, "by_status_sort": "-plans"})
    parts = {part["table"].name: part["table"] for part in asked.context["parts"]}
    assert parts["by_status"].rows[0]["status"] == "Signed off by a facilitator"


# CSV ----------------------------------------------------------------------------------------


def test_each_table_downloads_as_csv_named_for_the_report_date_and_table(
    commissioner_client, people, budgets
):
    people.other_team.name = '=HYPERLINK("http://evil")'
    people.other_team.save()
    response = commissioner_client.get("/reports/budgets/", {**YEAR, "csv": "by_team"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="budgets-{today}-by_team.csv"'
    )
    rows = _csv(response)
    assert rows[0] == ["Team", "Budgets", "Total a year"]
    assert sorted(rows[1:]) == [
        ['\'=HYPERLINK("http://evil")', "2", "3500.00"],
        ["Riverside CMHT", "3", "13800.00"],
    ]
    ranges = _csv(commissioner_client.get("/reports/budgets/", {**YEAR, "csv": "range"}))
    assert ranges[-1] == ["All teams", "5", "1500.00", "2000.00", "3000.00", "4800.00", "6000.00"]


def test_a_download_follows_the_tables_sort(commissioner_client, budgets):
    rows = _csv(
        commissioner_client.get(
            "/reports/budgets/", {**YEAR, "csv": "by_team", "by_team_sort": "-total"}
        )
    )
    assert [row[0] for row in rows[1:]] == ["Riverside CMHT", "Hillside CMHT"]


# The API --------------------------------------------------------------------------------------


def test_the_api_gives_the_pages_figures(commissioner, commissioner_client, budgets):
    response = commissioner.get("/api/v1/reports/budgets/", YEAR)
    assert response.status_code == 200
    data = response.json()
    assert data["report"] == "budgets"
    assert data["filters"] == {
        "period": "2012-13",
        "team": "",
        "cluster": "",
        "management_option": "",
    }
    assert data["summary"] == [
        {"label": "Approved budgets in force", "value": "5"},
        {"label": "Their total a year", "value": "£17,300.00"},
    ]
    tables = {table["name"]: table for table in data["tables"]}
    assert list(tables) == ["by_team", "by_cluster", "by_management_option", "range", "by_status"]
    assert tables["by_team"]["columns"] == [
        {"key": "team", "label": "Team", "kind": "text"},
        {"key": "budgets", "label": "Budgets", "kind": "count"},
        {"key": "total", "label": "Total a year", "kind": "money"},
    ]
    by_team = {row["team"]: row for row in tables["by_team"]["rows"]}
    assert by_team["Riverside CMHT"] == {
        "team": "Riverside CMHT",
        "budgets": 3,
        "total": "13800.00",
    }
    page = commissioner_client.get("/reports/budgets/", YEAR).content.decode()
    for table in tables.values():
        for row in table["rows"]:
            for column in table["columns"]:
                if row[column["key"]] is not None and column["kind"] == "money":
                    assert format_value(Kind.MONEY, row[column["key"]]) in page
    for figure in data["summary"]:
        assert figure["value"] in page


def test_the_api_takes_the_same_filters(commissioner, people, budgets):
    data = commissioner.get(
        "/api/v1/reports/budgets/",
        {"quarter": "2012-13-Q4", "team": people.other_team.pk, "cluster": "11"},
    ).json()
    assert data["filters"] == {
        "period": "2012-13-Q4",
        "team": "Hillside CMHT",
        "cluster": "11",
        "management_option": "",
    }
    assert data["summary"][1] == {"label": "Their total a year", "value": "£1,500.00"}


def test_the_api_gives_a_table_as_csv(commissioner, budgets):
    response = commissioner.get(
        "/api/v1/reports/budgets/", {**YEAR, "format": "csv", "table": "by_team"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="budgets-{today}-by_team.csv"'
    )
    rows = _csv(response)
    assert rows[0] == ["Team", "Budgets", "Total a year"]
    assert sorted(rows[1:]) == [
        ["Hillside CMHT", "2", "3500.00"],
        ["Riverside CMHT", "3", "13800.00"],
    ]
    first = _csv(commissioner.get("/api/v1/reports/budgets/", {**YEAR, "format": "csv"}))
    assert first == rows


def test_the_api_refuses_an_unknown_table_and_bad_filters_as_json(commissioner, budgets):
    response = commissioner.get("/api/v1/reports/budgets/", {"format": "csv", "table": "nope"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "table": ["Choose one of by_team, by_cluster, by_management_option, range, by_status."]
    }
    response = commissioner.get("/api/v1/reports/budgets/", {"year": "2012-14", "cluster": "9"})
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"year", "cluster"}
    assert errors["cluster"] == ["Choose a care cluster from the list"]


@pytest.mark.parametrize("who", OTHERS)
def test_the_api_is_for_commissioners_only(api, people, who):
    api.force_authenticate(getattr(people, who))
    response = api.get("/api/v1/reports/budgets/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only a commissioner sees the organisation’s reports."}


def test_the_api_asks_who_is_calling(api, db):
    response = api.get("/api/v1/reports/budgets/", {"format": "csv"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"]


# Queries ------------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, YEAR)
    assert response.status_code == 200
    return len(captured)


def _more_budgets(people, count: int) -> None:
    teams = [people.team, people.other_team]
    options = ["notional", "direct_payment", "third_party"]
    for n in range(count):
        budget(
            teams[n % 2],
            people.facilitator,
            on=date(2012, 4 + n % 9, 1 + n % 28),
            total=f"{1000 + 37 * n}.00",
            option=options[n % 3],
            cluster=[1, 4, 11, 17][n % 4],
        )


def test_the_queries_do_not_grow_with_the_plans(commissioner_client, people):
    _more_budgets(people, 3)
    few = [_queries(commissioner_client, path) for path in ("/reports/", "/reports/budgets/")]
    _more_budgets(people, 27)
    many = [_queries(commissioner_client, path) for path in ("/reports/", "/reports/budgets/")]
    assert few == many
