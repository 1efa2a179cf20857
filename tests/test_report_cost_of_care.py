"""Cost of care (Tables 5-8) on the reports' page and API: the year before the period's
against the period's, by cohort and by use of crisis or inpatient care; and the older
report of one cohort, still at the same API address with its own parameters."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from reports.core.report import MINUS
from reports.sections.cost_of_care import cost_of_care_section
from tests.factories import DirectPaymentFactory, ParticipantFactory, ServiceEventFactory
from tests.report_builders import scope_of

pytestmark = pytest.mark.django_db

BASELINE_DAY, COMPARE_DAY = date(2010, 6, 1), date(2011, 6, 1)


def _use(person, intervention, day, quantity):
    ServiceEventFactory(participant=person, intervention=intervention, date=day, quantity=quantity)


@pytest.fixture
def cohorts(people, pilot_tariffs):
    cmht, crisis, inpatient = (
        pilot_tariffs[c].intervention for c in ("cmht", "crisis", "inpatient")
    )
    used = ParticipantFactory(team=people.team, cohort="budget_holder", given_name="Awen")
    _use(used, cmht, BASELINE_DAY, 10)  # £2,020.40
    _use(used, crisis, BASELINE_DAY, 1)  # £180.71: used crisis care in 2010-11
    _use(used, cmht, COMPARE_DAY, 5)  # £1,010.20
    DirectPaymentFactory(participant=used, amount=Decimal("500.00"), entered_by=people.coordinator)
    did_not = ParticipantFactory(team=people.other_team, cohort="budget_holder", given_name="Bryn")
    _use(did_not, cmht, BASELINE_DAY, 4)  # £808.16
    _use(did_not, cmht, COMPARE_DAY, 6)  # £1,212.24
    control = ParticipantFactory(team=people.team, cohort="control", given_name="Cai")
    _use(control, inpatient, BASELINE_DAY, 2)  # £962.36
    _use(control, inpatient, COMPARE_DAY, 3)  # £1,443.54
    foreign = ParticipantFactory(team=people.foreign_team, cohort="control")
    _use(foreign, cmht, BASELINE_DAY, 99)
    return {"used": used, "did_not": did_not, "control": control}


def _figures(rows):
    return [
        (row["group"], row["people"], row["baseline"], row["compare"], row["change"])
        for row in rows
    ]


def test_the_groups_year_on_year_with_the_change(people, cohorts):
    report = cost_of_care_section(scope_of(people.commissioner, "2011-12"))
    groups = report.table("groups")
    assert _figures(groups.rows) == [
        (
            "Budget holders: used crisis or inpatient care in 2010-11",
            1,
            Decimal("2201.11"),
            Decimal("1510.20"),
            Decimal("-31.4"),
        ),
        (
            "Budget holders: did not use crisis or inpatient care in 2010-11",
            1,
            Decimal("808.16"),
            Decimal("1212.24"),
            Decimal("50.0"),
        ),
        ("Budget holders: all", 2, Decimal("3009.27"), Decimal("2722.44"), Decimal("-9.5")),
        (
            "Comparison group: used crisis or inpatient care in 2010-11",
            1,
            Decimal("962.36"),
            Decimal("1443.54"),
            Decimal("50.0"),
        ),
        (
            "Comparison group: did not use crisis or inpatient care in 2010-11",
            0,
            Decimal("0.00"),
            Decimal("0.00"),
            None,
        ),
        ("Comparison group: all", 1, Decimal("962.36"), Decimal("1443.54"), Decimal("50.0")),
    ]
    people_rows = report.table("budget_holders").rows
    assert [(row["name"].split()[0], row["used"]) for row in people_rows] == [
        ("Awen", "Yes"),
        ("Bryn", "No"),
    ]
    assert set(report.people_shown) == {p.pk for p in cohorts.values()}
    assert report.summary == (
        (
            "Cost of care, 2010-11 to 2011-12: budget holders",
            f"£3,009.27 to £2,722.44 ({MINUS}9.5%)",
        ),
        ("Cost of care, 2010-11 to 2011-12: comparison group", "£962.36 to £1,443.54 (+50.0%)"),
    )


def test_a_team_and_a_quarter(people, cohorts):
    report = cost_of_care_section(scope_of(people.commissioner, "2011-12-Q2", team=people.team))
    assert [row["name"] for row in report.table("budget_holders").rows] == [
        cohorts["used"].full_name
    ]
    assert "this is 2011-12's" in report.table("groups").note


def test_the_page_the_api_and_the_audit_trail(client, api, people, cohorts):
    client.force_login(people.commissioner)
    page = client.get("/reports/cost-of-care/", {"year": "2011-12"})
    assert page.status_code == 200
    assert f"{MINUS}9.5%" in page.content.decode()
    read = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).latest("pk")
    assert set(read.object_ids) == {str(p.pk) for p in cohorts.values()}

    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/reports/cost-of-care/", {"year": "2011-12"}).json()
    assert body["tables"][0]["rows"][2] == {
        "group": "Budget holders: all",
        "people": 2,
        "baseline": "3009.27",
        "compare": "2722.44",
        "change": "-9.5",
    }
    answer = api.get(
        "/api/v1/reports/cost-of-care/",
        {"year": "2011-12", "format": "csv", "table": "comparison_group"},
    )
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows == [
        [
            "Name",
            "Used crisis or inpatient care in 2010-11",
            "Cost of care 2010-11",
            "Cost of care 2011-12",
            "Change",
        ],
        [cohorts["control"].full_name, "Yes", "962.36", "1443.54", "50.0"],
        ["Comparison group: all", "", "962.36", "1443.54", "50.0"],
    ]


def test_the_older_report_of_one_cohort_answers_as_it_did(api, people, cohorts):
    api.force_authenticate(people.coordinator)
    query = {"cohort": "budget_holder", "baseline": "2010-11", "compare": "2011-12"}
    body = api.get("/api/v1/reports/cost-of-care/", query).json()
    assert (body["cohort"], body["baseline"], body["compare"]) == (
        "budget_holder",
        "2010-11",
        "2011-12",
    )
    # The coordinator's own team only, as before.
    assert [r["name"] for g in body["groups"] for r in g["participants"]] == [
        cohorts["used"].full_name
    ]
    assert api.get("/api/v1/reports/cost-of-care/", {"year": "2011-12"}).status_code == 403
    refused = api.get("/api/v1/reports/cost-of-care/", {**query, "format": "csv"})
    assert refused.status_code == 400
    assert "format" in refused.json()
    assert "baseline" in api.get("/api/v1/reports/cost-of-care/", {"cohort": "control"}).json()


def test_the_schema_describes_both_answers(api, people):
    api.force_authenticate(people.commissioner)
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/reports/cost-of-care/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"year", "quarter", "team", "cohort", "baseline", "compare", "format"} <= names
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/CostOfCareAnswer"}
    assert "/api/v1/reports/peer-audit/" in schema["paths"]
