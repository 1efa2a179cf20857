"""Peer audit in the reports: the pass rate by team and quarter, from the peer audit's own
results. The reports' page has it; the API keeps the peer audit's own results at
``reports/peer-audit/``.

The example: in Q3 2012-13 Riverside has 2 audits (one passes), Hillside 1 of 2 drawn
audited (passes): 50.0%, 100.0% and 2 of 3 for the organisation. In Q4 Riverside's 2
audits both pass. Over the year 4 of 5 audited plans passed: 80.0%."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from peer_audit.models import PeerAudit
from reports.sections.peer_audit_rates import peer_audit_report
from tests.approved_plans import approved_plans, drawn_round, submitted_audit
from tests.report_builders import scope_of

pytestmark = pytest.mark.django_db

PASSES, FAILS = ["met"] * 12, ["not_met"] + ["met"] * 11


@pytest.fixture
def audited(people):
    riverside, hillside, reviewer = people.team, people.other_team, people.peer_reviewer
    approved_plans(riverside, people.facilitator, 4, on=date(2012, 11, 15))
    approved_plans(hillside, people.facilitator, 2, on=date(2012, 11, 15))
    q3 = drawn_round(people.commissioner, start=date(2012, 10, 1), end=date(2012, 12, 31))
    first, second = PeerAudit.objects.filter(round=q3, team=riverside).order_by("pk")
    submitted_audit(first, reviewer, PASSES, "good")
    submitted_audit(second, reviewer, FAILS, "inadequate")
    submitted_audit(
        PeerAudit.objects.filter(round=q3, team=hillside).first(), reviewer, PASSES, "good"
    )
    approved_plans(riverside, people.facilitator, 2, on=date(2013, 2, 1))
    q4 = drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))
    for audit in PeerAudit.objects.filter(round=q4):
        submitted_audit(audit, reviewer, PASSES, "outstanding")


def _rates(rows):
    return [(row["team"], *(row.get(f"q{n}") for n in (1, 2, 3, 4))) for row in rows]


def test_the_pass_rate_by_team_and_quarter(people, audited):
    report = peer_audit_report(scope_of(people.commissioner, "2012-13"))
    table = report.table("pass_rates")
    assert [column.label for column in table.columns] == [
        "Team",
        "Q1 2012-13",
        "Q2 2012-13",
        "Q3 2012-13",
        "Q4 2012-13",
    ]
    assert _rates(table.rows) == [
        ("Hillside CMHT", None, None, Decimal(100), None),
        ("Riverside CMHT", None, None, Decimal(50), Decimal(100)),
    ]
    (everyone,) = table.footer
    assert everyone["team"] == "All teams"
    assert round(everyone["q3"], 1) == Decimal("66.7")
    detail = report.table("by_quarter").rows
    assert [(r["quarter"], r["team"], r["drawn"], r["audited"], r["passed"]) for r in detail] == [
        ("Q3 2012-13", "Hillside CMHT", 2, 1, 1),
        ("Q3 2012-13", "Riverside CMHT", 2, 2, 1),
        ("Q3 2012-13", "All teams", 4, 3, 2),
        ("Q4 2012-13", "Riverside CMHT", 2, 2, 2),
        ("Q4 2012-13", "All teams", 2, 2, 2),
    ]
    assert report.summary == (("Peer audit pass rate", "80.0%"), ("Plans audited", "5"))


def test_a_team_and_a_quarter(people, audited):
    team = peer_audit_report(scope_of(people.commissioner, "2012-13", team=people.team))
    assert _rates(team.table("pass_rates").rows) == [
        ("Riverside CMHT", None, None, Decimal(50), Decimal(100))
    ]
    assert team.table("pass_rates").footer == ()
    assert team.summary[0] == ("Peer audit pass rate", "75.0%")
    q3 = peer_audit_report(scope_of(people.commissioner, "2012-13-Q3"))
    assert [column.key for column in q3.table("pass_rates").columns] == ["team", "q3"]
    assert q3.summary == (("Peer audit pass rate", "66.7%"), ("Plans audited", "3"))
    none = peer_audit_report(scope_of(people.commissioner, "2013-14"))
    assert none.summary[0] == ("Peer audit pass rate", "None audited")


def test_the_page_and_its_csv(client, people, audited):
    client.force_login(people.commissioner)
    page = client.get("/reports/peer-audit/", {"year": "2012-13"})
    assert page.status_code == 200
    assert "66.7%" in page.content.decode()
    download = client.get("/reports/peer-audit/", {"year": "2012-13", "csv": "pass_rates"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows == [
        ["Team", "Q1 2012-13", "Q2 2012-13", "Q3 2012-13", "Q4 2012-13"],
        ["Hillside CMHT", "", "", "100.0", ""],
        ["Riverside CMHT", "", "", "50.0", "100.0"],
        ["All teams", "", "", "66.7", "100.0"],
    ]


def test_the_api_address_keeps_the_peer_audits_own_results(commissioner, audited):
    answer = commissioner.get("/api/v1/reports/peer-audit/", {"year": "2012-13"})
    assert answer.status_code == 200
    assert [quarter["quarter"] for quarter in answer.json()["quarters"]] == [
        "Q3 2012-13",
        "Q4 2012-13",
    ]
