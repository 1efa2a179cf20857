"""The commissioner's peer audit through the API: checklist versions, rounds (open,
preview, draw, assign), and the results report as JSON and CSV; 404 for a record out of
scope and 403 for anyone else making one."""

import csv
import io
from datetime import date

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from peer_audit import rounds
from peer_audit.models import AuditRound, Checklist, PeerAudit
from people.models import Role
from tests.approved_plans import approved_plans, drawn_round, submitted_audit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FEB = date(2013, 2, 1)
ROUND = {
    "name": "Q4 2012-13",
    "basis": "approved",
    "period_start": "2013-01-01",
    "period_end": "2013-03-31",
}
CHECKLIST = {
    "questions": [
        {"text": "The outcomes are in the person's own words.", "guidance": "Their voice."},
        {"text": "Every risk has a plan."},
    ],
    "min_met_percent": "75",
    "no_not_met": False,
    "show_reviewer_to_team": True,
}


@pytest.fixture
def plans(people):
    return approved_plans(people.team, people.facilitator, 5, on=FEB) + approved_plans(
        people.other_team, people.facilitator, 3, on=FEB
    )


def drawn(people) -> AuditRound:
    return drawn_round(people.commissioner, start=date(2013, 1, 1), end=date(2013, 3, 31))


# -- Checklists ---------------------------------------------------------------------------------


def test_a_commissioner_makes_and_lists_checklist_versions(commissioner, people):
    rounds.checklist_in_use(people.team.organisation)
    made = commissioner.post("/api/v1/audit-checklists/", CHECKLIST, format="json")
    assert made.status_code == 201
    assert made.data["version"] == 2
    assert made.data["questions"] == [
        {
            "position": 1,
            "text": "The outcomes are in the person's own words.",
            "guidance": "Their voice.",
        },
        {"position": 2, "text": "Every risk has a plan.", "guidance": ""},
    ]
    assert made.data["min_met_percent"] == "75.00"
    assert made.data["created_by"] == str(people.commissioner)
    listed = commissioner.get("/api/v1/audit-checklists/")
    assert [c["version"] for c in listed.data["results"]] == [2, 1]
    assert len(listed.data["results"][1]["questions"]) == 12
    one = commissioner.get(f"/api/v1/audit-checklists/{made.data['id']}/")
    assert one.data == made.data


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"questions": []}, "questions"),
        ({"questions": [{"text": "Twice"}, {"text": "twice"}]}, "questions"),
        ({"min_met_percent": "100.5"}, "min_met_percent"),
        ({"questions": [{"text": "x" * 301}]}, "questions"),
    ],
)
def test_a_bad_checklist_is_refused_with_a_message_per_field(commissioner, change, field):
    answer = commissioner.post("/api/v1/audit-checklists/", {**CHECKLIST, **change}, format="json")
    assert answer.status_code == 400
    assert field in answer.data
    assert not Checklist.objects.exists()


# -- Rounds ------------------------------------------------------------------------------------


def test_open_preview_draw_and_assign_a_round(commissioner, people, plans):
    rhys = UserFactory(
        role=Role.PEER_REVIEWER, organisation=people.team.organisation, home_team=people.team
    )
    opened = commissioner.post(
        "/api/v1/audit-rounds/", {**ROUND, "include_direct_payment": True}, format="json"
    )
    assert opened.status_code == 201
    pk = opened.data["id"]
    assert opened.data["status"] == "open"
    assert opened.data["seed"] is None
    assert opened.data["sample_percent"] == "10.00"
    assert opened.data["minimum_per_team"] == 2
    assert opened.data["checklist_version"] == 1

    preview = commissioner.get(f"/api/v1/audit-rounds/{pk}/preview/")
    assert {(line["team_name"], line["qualifying"], line["to_draw"]) for line in preview.data} == {
        ("Riverside CMHT", 5, 2),
        ("Hillside CMHT", 3, 2),
    }

    drawn_now = commissioner.post(f"/api/v1/audit-rounds/{pk}/draw/")
    assert drawn_now.status_code == 200
    assert drawn_now.data["status"] == "drawn"
    assert drawn_now.data["seed"] == AuditRound.objects.get().seed
    assert drawn_now.data["drawn_count"] == 4
    population = {entry["team_name"]: entry for entry in drawn_now.data["population"]}
    assert len(population["Riverside CMHT"]["qualifying"]) == 5
    assert len(population["Riverside CMHT"]["drawn"]) == 2
    assert {a["plan"] for a in drawn_now.data["audits"]} == set(
        PeerAudit.objects.values_list("plan_id", flat=True)
    )
    again = commissioner.post(f"/api/v1/audit-rounds/{pk}/draw/")
    assert again.status_code == 409
    assert again.data["detail"] == "This round has been drawn already."

    given = commissioner.post(f"/api/v1/audit-rounds/{pk}/assign/", {}, format="json")
    assert given.data == {"assigned": 4, "left": 0, "audit": None}
    assert not PeerAudit.objects.filter(reviewer=rhys, team=people.team).exists()
    detail = commissioner.get(f"/api/v1/audit-rounds/{pk}/")
    assert {a["reviewer_name"] for a in detail.data["audits"]} == {
        str(people.peer_reviewer),
        str(rhys),
    }
    after = commissioner.get(f"/api/v1/audit-rounds/{pk}/preview/")
    assert after.data == preview.data  # the lines as drawn


def test_one_audit_to_one_reviewer_never_of_their_home_team(commissioner, people, plans):
    rhys = UserFactory(
        role=Role.PEER_REVIEWER, organisation=people.team.organisation, home_team=people.team
    )
    audit_round = drawn(people)
    audit = PeerAudit.objects.filter(round=audit_round, team=people.team).first()
    address = f"/api/v1/audit-rounds/{audit_round.pk}/assign/"

    refused = commissioner.post(
        address, {"audit": str(audit.pk), "reviewer": rhys.pk}, format="json"
    )
    assert refused.status_code == 400
    assert list(refused.data) == ["reviewer"]

    given = commissioner.post(
        address, {"audit": str(audit.pk), "reviewer": people.peer_reviewer.pk}, format="json"
    )
    assert given.status_code == 200
    assert given.data["assigned"] == 1
    assert given.data["audit"]["id"] == str(audit.pk)
    assert given.data["audit"]["reviewer"] == people.peer_reviewer.pk
    audit.refresh_from_db()
    assert audit.reviewer == people.peer_reviewer

    submitted_audit(audit, people.peer_reviewer, ["met"] * 12, "good")
    other = UserFactory(role=Role.PEER_REVIEWER, organisation=people.team.organisation)
    kept = commissioner.post(address, {"audit": str(audit.pk), "reviewer": other.pk}, format="json")
    assert kept.status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"audit": "3f1e4b9c-0000-4000-8000-000000000000"}, "reviewer"),
        ({"reviewer": 1}, "audit"),
        ({"audit": "3f1e4b9c-0000-4000-8000-000000000000", "reviewer": "x"}, "reviewer"),
        ({"audit": "not a uuid", "reviewer": 1}, "audit"),
    ],
)
def test_a_bad_assignment_is_refused_on_its_field(commissioner, people, plans, body, field):
    audit_round = drawn(people)
    if "reviewer" in body and body["reviewer"] == 1:
        body = {**body, "reviewer": people.peer_reviewer.pk}
    answer = commissioner.post(
        f"/api/v1/audit-rounds/{audit_round.pk}/assign/", body, format="json"
    )
    assert answer.status_code == 400
    assert field in answer.data
    assert not PeerAudit.objects.filter(reviewer__isnull=False).exists()


def test_an_audit_of_another_round_or_a_reviewer_elsewhere_is_not_found(
    commissioner, people, plans
):
    first = drawn(people)
    second = rounds.round_open(
        user=people.commissioner,
        name="Another",
        period_start=date(2013, 1, 1),
        period_end=date(2013, 3, 31),
    )
    audit = PeerAudit.objects.filter(round=first).first()
    elsewhere = UserFactory(role=Role.PEER_REVIEWER, organisation=people.foreign_team.organisation)
    wrong_round = commissioner.post(
        f"/api/v1/audit-rounds/{second.pk}/assign/",
        {"audit": str(audit.pk), "reviewer": people.peer_reviewer.pk},
        format="json",
    )
    assert wrong_round.status_code == 400
    assert wrong_round.data == {"audit": ["No audit of this round has this id."]}
    foreign = commissioner.post(
        f"/api/v1/audit-rounds/{first.pk}/assign/",
        {"audit": str(audit.pk), "reviewer": elsewhere.pk},
        format="json",
    )
    assert foreign.data == {"reviewer": ["Choose a peer reviewer of your organisation."]}


def test_assigning_an_undrawn_round_is_a_conflict(commissioner, people):
    opened = commissioner.post("/api/v1/audit-rounds/", ROUND, format="json")
    answer = commissioner.post(
        f"/api/v1/audit-rounds/{opened.data['id']}/assign/", {}, format="json"
    )
    assert answer.status_code == 409


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period_end": "2012-12-31"}, "period_end"),
        ({"sample_percent": "0"}, "sample_percent"),
        ({"sample_percent": "100.01"}, "sample_percent"),
        ({"minimum_per_team": -1}, "minimum_per_team"),
        ({"basis": "random"}, "basis"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_round_is_refused_with_a_message_per_field(commissioner, change, field):
    answer = commissioner.post("/api/v1/audit-rounds/", {**ROUND, **change}, format="json")
    assert answer.status_code == 400
    assert field in answer.data
    assert not AuditRound.objects.exists()


def test_the_seed_cannot_be_chosen_through_the_api(commissioner):
    opened = commissioner.post("/api/v1/audit-rounds/", {**ROUND, "seed": "chosen"}, format="json")
    assert AuditRound.objects.get(pk=opened.data["id"]).seed != "chosen"


def test_reading_a_round_notes_its_audits_and_plans_as_read(commissioner, people, plans):
    audit_round = drawn(people)
    commissioner.get(f"/api/v1/audit-rounds/{audit_round.pk}/")
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW, channel="api")
    shown = {(e.content_type.model, i) for e in events for i in e.object_ids}
    assert {
        ("peeraudit", str(pk)) for pk in PeerAudit.objects.values_list("pk", flat=True)
    } <= shown
    assert len([s for s in shown if s[0] == "careplan"]) == 8


# -- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["coordinator", "facilitator", "peer_reviewer", "administrator", "foreign_commissioner"]
)
def test_anyone_else_finds_no_round_and_checklist(api, people, plans, who):
    audit_round = drawn(people)
    checklist = audit_round.checklist
    audit = PeerAudit.objects.filter(round=audit_round).first()
    api.force_authenticate(getattr(people, who))
    assert api.get("/api/v1/audit-rounds/").data["results"] == []
    assert api.get("/api/v1/audit-checklists/").data["results"] == []
    for address in (
        f"/api/v1/audit-rounds/{audit_round.pk}/",
        f"/api/v1/audit-rounds/{audit_round.pk}/preview/",
        f"/api/v1/audit-checklists/{checklist.pk}/",
    ):
        assert api.get(address).status_code == 404, address
    for address, body in (
        (f"/api/v1/audit-rounds/{audit_round.pk}/draw/", {}),
        (f"/api/v1/audit-rounds/{audit_round.pk}/assign/", {}),
        (
            f"/api/v1/audit-rounds/{audit_round.pk}/assign/",
            {"audit": str(audit.pk), "reviewer": people.peer_reviewer.pk},
        ),
    ):
        assert api.post(address, body, format="json").status_code == 404, address
    assert not PeerAudit.objects.filter(reviewer__isnull=False).exists()
    refused = AuditEvent.objects.filter(kind=AuditEvent.Kind.REFUSED)
    assert refused.filter(object_id=f"pk={audit_round.pk}").exists()


@pytest.mark.parametrize(
    "who", ["coordinator", "facilitator", "peer_reviewer", "administrator", "foreign_commissioner"]
)
def test_only_a_commissioner_makes_a_round_or_checklist_or_reads_the_results(api, people, who):
    api.force_authenticate(getattr(people, who))
    if who == "foreign_commissioner":
        made = api.post("/api/v1/audit-rounds/", ROUND, format="json")
        assert made.status_code == 201
        assert AuditRound.objects.get().organisation == people.foreign_team.organisation
        return
    assert api.post("/api/v1/audit-rounds/", ROUND, format="json").status_code == 403
    assert api.post("/api/v1/audit-checklists/", CHECKLIST, format="json").status_code == 403
    assert api.get("/api/v1/reports/peer-audit/", {"year": "2012-13"}).status_code == 403
    assert not AuditRound.objects.exists()
    assert not Checklist.objects.exists()


# -- The report ---------------------------------------------------------------------------------


@pytest.fixture
def audited(people, plans):
    audit_round = drawn(people)
    for audit in PeerAudit.objects.filter(round=audit_round, team=people.team):
        submitted_audit(audit, people.peer_reviewer, ["met"] * 12, "good")
    return audit_round


def test_the_report_by_quarter_as_json(commissioner, audited):
    answer = commissioner.get("/api/v1/reports/peer-audit/", {"year": "2012-13"})
    assert answer.status_code == 200
    assert answer.data["year"] == "2012-13"
    (quarter,) = answer.data["quarters"]
    assert quarter["quarter"] == "Q4 2012-13"
    assert (quarter["first_day"], quarter["last_day"]) == ("2013-01-01", "2013-03-31")
    hillside, riverside = quarter["teams"]
    assert (riverside["team"], riverside["audited"], riverside["passed"]) == (
        "Riverside CMHT",
        2,
        2,
    )
    assert riverside["pass_rate_percent"] == "100.0"
    assert hillside["pass_rate_percent"] is None
    organisation = quarter["organisation"]
    assert organisation["team"] is None
    assert (organisation["qualified"], organisation["drawn"], organisation["audited"]) == (8, 4, 2)
    assert organisation["ratings"] == {
        "outstanding": 0,
        "good": 2,
        "requires_improvement": 0,
        "inadequate": 0,
    }
    first = organisation["questions"][0]
    assert (first["met"], first["met_percent"], first["not_met_percent"]) == (2, "100.0", "0.0")


def test_the_report_as_csv(commissioner, audited):
    answer = commissioner.get("/api/v1/reports/peer-audit/", {"year": "2012-13", "format": "csv"})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert f"peer-audit-results-2012-13-{today:%Y-%m-%d}.csv" in answer["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8").removeprefix("\ufeff"))))
    assert rows[0][:3] == ["Quarter", "Team", "Qualified"]
    assert [row[1] for row in rows[1:]] == ["Hillside CMHT", "Riverside CMHT", "All teams"]


@pytest.mark.parametrize("query", [{}, {"year": "2012-14"}, {"year": "2012-14", "format": "csv"}])
def test_a_report_without_a_good_year_says_why_in_json(commissioner, query):
    answer = commissioner.get("/api/v1/reports/peer-audit/", query)
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"
    assert "year" in answer.json()
