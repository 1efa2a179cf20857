"""Care plans through the API: the Appendix 1 plan written, submitted and signed off; the
sign-off rule's figures; four-eyes; races between two decisions; stale edits; scope."""

import os
import threading
import time
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from careplans import decisions
from careplans.models import CarePlanVersion, Decision, PlanStatus
from people.models import Role
from tests.conftest import require
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTENTS = {
    "what_matters_to_person": "Feeling safe at home and seeing my friends.",
    "what_matters_for_health": "Fewer crises; sleeping well.",
    "contingency_plan": "Call the crisis line; my sister stays over.",
    "management_option": "mixed",
    "managed_by": "person",
    "health_monitored_by": "My care coordinator and my GP",
    "start_date": "2012-04-01",
    "first_review_date": "2012-06-28",
    "first_review_arrangements": "A meeting at home",
    "reduction_notice": "Four weeks in writing",
    "review_dates": "Every six months",
}

APPENDIX_1 = [
    {
        "kind": "clinical",
        "description": "Time limited number of 4 sessions with CMHT",
        "intervention": "cmht",
        "quantity": 4,
        "funding_route": "notional",
    },
    {
        "kind": "clinical",
        "description": "1 Psychiatric visit",
        "intervention": "cmht",
        "quantity": 1,
        "funding_route": "notional",
    },
    {
        "kind": "purchase",
        "description": "Respite break",
        "category": "respite",
        "unit_cost": "500.00",
        "quantity": 1,
        "frequency": "yearly",
        "funding_route": "direct_payment",
    },
    {
        "kind": "purchase",
        "description": "A personal assistant for 6 hrs contact per week",
        "category": "personal_assistant",
        "unit_cost": "7.00",
        "quantity": 6,
        "frequency": "weekly",
        "funding_route": "direct_payment",
    },
    {
        "kind": "purchase",
        "description": "Gym membership",
        "category": "exercise",
        "unit_cost": "580.00",
        "quantity": 1,
        "frequency": "yearly",
        "funding_route": "direct_payment",
    },
    {
        "kind": "purchase",
        "description": "Personal computer",
        "category": "it_equipment",
        "unit_cost": "500.00",
        "quantity": 1,
        "frequency": "one_off",
        "funding_route": "direct_payment",
    },
]


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(team=people.team, care_coordinator=people.coordinator)


def write_plan(api, people, person, amount="4800.00", lines=APPENDIX_1):
    """A coordinator writes a whole plan through the API; returns the plan's id."""
    api.force_authenticate(people.coordinator)
    budget = api.post(
        f"/api/v1/participants/{person.pk}/indicative-budgets/",
        {
            "method": "manual",
            "year": "2012-13",
            "inputs": {"amount": amount},
            "reason": "Agreed with the person",
        },
    ).json()
    plan = api.post("/api/v1/care-plans/", {"participant": person.pk})
    assert plan.status_code == 201, plan.json()
    pk = plan.json()["id"]
    response = api.patch(
        f"/api/v1/care-plans/{pk}/",
        {**CONTENTS, "care_coordinator": people.coordinator.pk, "indicative_budget": budget["id"]},
    )
    assert response.status_code == 200, response.json()
    outcome = api.post(
        f"/api/v1/care-plans/{pk}/outcomes/",
        {
            "in_their_words": "I want to feel confident going out on my own.",
            "category": "confidence",
            "success_looks_like": "The gym twice a week",
            "not_working_signs": "Staying in",
            "persons_part": "Book the sessions myself",
        },
    ).json()
    api.post(
        f"/api/v1/care-plans/{pk}/risks/",
        {
            "risk": "Money spent on other things",
            "how_managed": "Statements checked together",
            "managed_by": "Care coordinator",
        },
    )
    for line in lines:
        response = api.post(
            f"/api/v1/care-plans/{pk}/spending-lines/", {**line, "outcomes": [outcome["id"]]}
        )
        assert response.status_code == 201, response.json()
    return pk


def one_line(cost: str) -> list[dict]:
    return [
        {
            "kind": "purchase",
            "description": "Support",
            "category": "other_support",
            "unit_cost": cost,
            "quantity": 1,
            "frequency": "yearly",
            "funding_route": "third_party",
        }
    ]


def test_the_appendix_1_plan_written_submitted_and_signed_off(api, people, person):
    pk = write_plan(api, people, person)
    plan = api.get(f"/api/v1/care-plans/{pk}/").json()["current"]
    assert [line["cost"]["total"] for line in plan["lines"]] == [
        "808.16",
        "202.04",
        "500.00",
        "2184.00",
        "580.00",
        "500.00",
    ]
    assert plan["lines"][3]["cost"]["per_week"] == "42.00"
    assert plan["lines"][1]["unit_cost"] == "202.04"
    totals = plan["totals"]
    assert (totals["per_year"], totals["one_off"], totals["total"]) == (
        "4274.20",
        "500.00",
        "4774.20",
    )
    assert (totals["indicative"], totals["remaining"], totals["route"]) == (
        "4800.00",
        "25.80",
        "facilitator",
    )

    response = api.post(f"/api/v1/care-plans/{pk}/submit/")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "route": "facilitator",
        "total": "4774.20",
        "indicative": "4800.00",
        "limit": "5520.000",
    }
    api.force_authenticate(people.facilitator)
    queue = api.get("/api/v1/sign-off-queue/").json()["results"]
    assert [(q["plan"], q["total"], q["percent_over"]) for q in queue] == [(pk, "4774.20", "-0.5")]
    response = api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "sign_off"})
    assert response.status_code == 201, response.json()
    assert response.json()["decided_by"] == people.facilitator.username
    current = api.get(f"/api/v1/care-plans/{pk}/").json()["current"]
    assert current["status"] == "signed_off"
    assert current["decision"]["kind"] == "sign_off"


@pytest.mark.parametrize(
    ("indicative", "total", "route"),
    [
        ("4000.00", "4600.00", "facilitator"),
        ("4000.00", "4600.01", "commissioner"),
        ("4848.96", "5576.30", "facilitator"),
        ("4848.96", "5576.31", "commissioner"),
    ],
)
def test_the_sign_off_rule(api, people, person, indicative, total, route):
    pk = write_plan(api, people, person, indicative, one_line(total))
    body = api.post(f"/api/v1/care-plans/{pk}/submit/").json()
    assert (body["route"], body["total"], body["indicative"]) == (route, total, indicative)
    if indicative == "4848.96":
        assert body["limit"] == "5576.304"
    api.force_authenticate(people.facilitator)
    queued = [q["plan"] for q in api.get("/api/v1/sign-off-queue/").json()["results"]]
    assert (pk in queued) == (route == "facilitator")
    api.force_authenticate(people.commissioner)
    assert pk in [q["plan"] for q in api.get("/api/v1/sign-off-queue/").json()["results"]]


def test_a_facilitator_cannot_approve_above_the_limit(api, people, person):
    pk = write_plan(api, people, person, "4000.00", one_line("4600.01"))
    api.post(f"/api/v1/care-plans/{pk}/submit/")
    api.force_authenticate(people.facilitator)
    response = api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "sign_off"})
    assert response.status_code == 403
    assert "commissioner must approve" in response.json()["detail"]
    api.force_authenticate(people.commissioner)
    assert (
        api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "approve"}).status_code == 201
    )


def test_four_eyes(api, people, person):
    pk = write_plan(api, people, person)
    api.force_authenticate(people.facilitator)
    api.patch(f"/api/v1/care-plans/{pk}/", {"review_dates": "Every three months"})
    api.force_authenticate(people.coordinator)
    api.post(f"/api/v1/care-plans/{pk}/submit/")
    api.force_authenticate(people.facilitator)
    response = api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "sign_off"})
    assert response.status_code == 403
    assert "drafted, edited or submitted" in response.json()["detail"]
    other = UserFactory(username="grace", role=Role.FACILITATOR, team=people.team)
    api.force_authenticate(other)
    assert (
        api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "sign_off"}).status_code == 201
    )


def test_a_decided_version_does_not_change(api, people, person):
    pk = write_plan(api, people, person)
    api.post(f"/api/v1/care-plans/{pk}/submit/")
    line = api.get(f"/api/v1/care-plans/{pk}/spending-lines/").json()[0]
    for response in [
        api.patch(f"/api/v1/care-plans/{pk}/", {"review_dates": "Never"}),
        api.post(f"/api/v1/care-plans/{pk}/spending-lines/", one_line("1.00")[0]),
        api.patch(f"/api/v1/care-plans/{pk}/spending-lines/{line['id']}/", {"quantity": 9}),
        api.delete(f"/api/v1/care-plans/{pk}/spending-lines/{line['id']}/"),
    ]:
        assert response.status_code == 409, response.json()
    api.force_authenticate(people.facilitator)
    api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "sign_off"})
    response = api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "return", "reason": "x"})
    assert response.status_code == 409
    version = CarePlanVersion.objects.get(plan_id=pk)
    assert version.status == PlanStatus.SIGNED_OFF
    assert version.lines.count() == 6
    assert version.review_dates == CONTENTS["review_dates"]


def test_a_returned_plan_becomes_a_new_draft_and_can_be_reconsidered(api, people, person):
    pk = write_plan(api, people, person, "4000.00", one_line("4600.01"))
    api.post(f"/api/v1/care-plans/{pk}/submit/")
    api.force_authenticate(people.commissioner)
    response = api.post(f"/api/v1/care-plans/{pk}/decision/", {"decision": "return"})
    assert response.status_code == 400
    assert "reason" in response.json()
    api.post(
        f"/api/v1/care-plans/{pk}/decision/",
        {"decision": "return", "reason": "More than the budget can bear"},
    )
    versions = api.get(f"/api/v1/care-plans/{pk}/versions/").json()
    assert [(v["number"], v["status"]) for v in versions] == [(2, "draft"), (1, "returned")]

    api.force_authenticate(people.coordinator)
    asked = api.post(
        f"/api/v1/care-plans/{pk}/reconsiderations/",
        {"reasons": "The gym keeps me out of hospital"},
    )
    assert asked.status_code == 201, asked.json()
    answer_url = f"/api/v1/care-plans/{pk}/reconsiderations/{asked.json()['id']}/answer/"
    api.force_authenticate(people.commissioner)
    assert api.post(answer_url, {"outcome": "upheld", "answer": "x"}).status_code == 403
    other = UserFactory(
        username="cleo", role=Role.COMMISSIONER, organisation=people.commissioner.organisation
    )
    api.force_authenticate(other)
    response = api.post(answer_url, {"outcome": "changed", "answer": "Agreed: the gym stays"})
    assert response.status_code == 200, response.json()
    record = api.get(f"/api/v1/care-plans/{pk}/reconsiderations/").json()
    assert [(r["reasons"], r["answer"], r["answered_by"]) for r in record] == [
        ("The gym keeps me out of hospital", "Agreed: the gym stays", "cleo")
    ]


def test_a_stale_edit_is_refused_with_412(api, people, person):
    pk = write_plan(api, people, person)
    read = api.get(f"/api/v1/care-plans/{pk}/")
    tag = read["ETag"]
    first = api.patch(f"/api/v1/care-plans/{pk}/", {"review_dates": "First"}, HTTP_IF_MATCH=tag)
    assert first.status_code == 200
    assert first["ETag"] != tag
    second = api.patch(f"/api/v1/care-plans/{pk}/", {"review_dates": "Second"}, HTTP_IF_MATCH=tag)
    assert second.status_code == 412
    assert "Someone else saved this draft" in second.json()["detail"]
    line = api.post(
        f"/api/v1/care-plans/{pk}/spending-lines/", one_line("1.00")[0], HTTP_IF_MATCH=tag
    )
    assert line.status_code == 412
    assert api.get(f"/api/v1/care-plans/{pk}/").json()["current"]["review_dates"] == "First"


def test_prohibited_lines_and_higher_risk(api, people, person):
    lines = [{**one_line("10.00")[0], "restriction": "gambling", "description": "Lottery"}]
    pk = write_plan(api, people, person, lines=lines)
    plan = api.get(f"/api/v1/care-plans/{pk}/").json()["current"]
    assert plan["lines"][0]["problems"] == ["A personal health budget cannot be spent on gambling."]
    response = api.post(f"/api/v1/care-plans/{pk}/submit/")
    assert response.status_code == 400
    assert "gambling" in response.json()["lines"][0]

    person.higher_financial_risk = True
    person.save()
    response = api.post(f"/api/v1/care-plans/{pk}/spending-lines/", APPENDIX_1[2])
    assert response.status_code == 400
    assert "third-party budget" in response.json()["funding_route"][0]


def test_money_is_validated_not_rounded(api, people, person):
    pk = write_plan(api, people, person, lines=[])
    for bad in ["12.345", "0", "-1", "abc"]:
        response = api.post(f"/api/v1/care-plans/{pk}/spending-lines/", one_line(bad)[0])
        assert response.status_code == 400
        assert "unit_cost" in response.json()
    response = api.post(
        f"/api/v1/care-plans/{pk}/spending-lines/", {**one_line("5.00")[0], "quantity": 0}
    )
    assert "quantity" in response.json()


class TestScope:
    PATHS = [
        "",
        "versions/",
        "versions/1/",
        "spending-lines/",
        "outcomes/",
        "risks/",
        "reconsiderations/",
    ]

    @pytest.mark.parametrize("path", PATHS)
    def test_another_teams_coordinator_gets_404(self, api, people, person, path):
        pk = write_plan(api, people, person)
        api.force_authenticate(people.other_coordinator)
        assert api.get(f"/api/v1/care-plans/{pk}/{path}").status_code == 404

    def test_and_on_every_write(self, api, people, person):
        pk = write_plan(api, people, person)
        line = CarePlanVersion.objects.get(plan_id=pk).lines.first()
        api.force_authenticate(people.other_coordinator)
        for method, path, body in [
            ("patch", "", {"review_dates": "x"}),
            ("post", "spending-lines/", one_line("1.00")[0]),
            ("delete", f"spending-lines/{line.pk}/", None),
            ("post", "submit/", None),
            ("post", "decision/", {"decision": "return", "reason": "x"}),
            ("post", "draft/", None),
        ]:
            response = getattr(api, method)(f"/api/v1/care-plans/{pk}/{path}", body)
            assert response.status_code == 404, (path, response.status_code)
        assert CarePlanVersion.objects.get(plan_id=pk).lines.count() == 6
        assert api.get("/api/v1/care-plans/").json()["results"] == []
        assert api.post("/api/v1/care-plans/", {"participant": person.pk}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_one_wins(people, person, monkeypatch):
    """Two real connections on PostgreSQL decide one version at the same moment."""
    require(
        os.environ.get("DATABASE_URL", "").startswith("postgres"),
        "DATABASE_URL is not PostgreSQL: row locks are what this test is about",
    )
    api = APIClient()
    pk = write_plan(api, people, person)
    api.post(f"/api/v1/care-plans/{pk}/submit/")
    other = UserFactory(username="grace", role=Role.FACILITATOR, team=people.team)

    # Hold each decision a moment after its check, so that a check-then-act would let
    # both through; the row lock makes the second wait and then see the first.
    check = decisions._check_decider

    def slow_check(*args, **kwargs):
        check(*args, **kwargs)
        time.sleep(0.3)

    monkeypatch.setattr(decisions, "_check_decider", slow_check)
    start = threading.Barrier(2)
    answers = {}

    def decide(user, decision):
        from django.db import connection

        client = APIClient()
        client.force_authenticate(user)
        start.wait()
        response = client.post(
            f"/api/v1/care-plans/{pk}/decision/", {"decision": decision, "reason": "Not yet"}
        )
        answers[decision] = (response.status_code, response.json())
        connection.close()

    threads = [
        threading.Thread(target=decide, args=(other, "sign_off")),
        threading.Thread(target=decide, args=(people.commissioner, "return")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(code for code, _ in answers.values())
    assert codes == [201, 409], answers
    loser = next(body for code, body in answers.values() if code == 409)
    assert "already been decided" in loser["detail"]
    assert Decision.objects.filter(version__plan_id=pk).count() == 1
    winner = Decision.objects.get(version__plan_id=pk)
    version = CarePlanVersion.objects.get(plan_id=pk, number=1)
    expected = PlanStatus.SIGNED_OFF if winner.kind == "sign_off" else PlanStatus.RETURNED
    assert version.status == expected


def test_the_schema_describes_the_care_plan_endpoints(api, people):
    api.force_authenticate(people.coordinator)
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for path in [
        "/api/v1/care-plans/",
        "/api/v1/care-plans/{id}/",
        "/api/v1/care-plans/{id}/versions/",
        "/api/v1/care-plans/{id}/spending-lines/",
        "/api/v1/care-plans/{id}/submit/",
        "/api/v1/care-plans/{id}/decision/",
        "/api/v1/sign-off-queue/",
    ]:
        assert path in paths, path


def test_money_fields_are_decimal_strings(api, people, person):
    pk = write_plan(api, people, person)
    totals = api.get(f"/api/v1/care-plans/{pk}/").json()["current"]["totals"]
    assert all(isinstance(totals[k], str) for k in ["per_week", "per_year", "total", "remaining"])
    assert Decimal(totals["per_week"]) == Decimal("42.00")
