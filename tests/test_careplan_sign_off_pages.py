"""Submitting a care plan, the sign-off queue, deciding and reconsideration."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from careplans import decisions, drafting
from careplans.models import CarePlanVersion, Decision, PlanStatus, Reconsideration
from careplans.selectors import plan_summaries
from people.models import Role
from tests import careplan_pages_helpers
from tests.builders import GYM, add_line, college_course, complete_draft
from tests.careplan_pages_helpers import appendix_1, submitted_plan, url
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db
person = careplan_pages_helpers.person  # the fixture: this module's, not conftest's


# -- Submitting, the queue and deciding -----------------------------------------------------------


def test_submitting_sends_the_plan_to_the_facilitator(client, people, person, pilot_tariffs):
    version, _ = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.coordinator)
    response = client.post(
        url("submit", version), {"version": version.number, "revision": version.revision}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert (
        "Sent to the facilitator: the total £4,774.20 is within 15% of the indicative budget "
        "£4,800.00." in page.text
    )
    version.refresh_from_db()
    assert version.status == PlanStatus.SUBMITTED


def test_submitting_over_the_limit_sends_the_plan_to_a_commissioner(
    client, people, person, pilot_tariffs
):
    version, outcome = complete_draft(people, person, amount="4000.00")
    add_line(people, version, outcome, **college_course("4600.01"))
    client.force_login(people.coordinator)
    response = client.post(
        url("submit", version), {"version": version.number, "revision": version.revision}
    )
    page = client.get(response["Location"])
    assert "Sent to a commissioner: total £4,600.01 is more than 15% above £4,000.00." in page.text


def test_the_facilitator_signs_off_from_the_queue(client, people, person, pilot_tariffs):
    version = submitted_plan(people, person, pilot_tariffs)
    client.force_login(people.facilitator)
    queue = client.get(reverse("careplans:queue"))
    assert queue.status_code == 200
    assert "Ann Example" in queue.text
    assert "£4,774.20" in queue.text
    assert "£4,800.00" in queue.text
    assert "0.5% under" in queue.text
    assert "-0.5%" not in queue.text
    assert url("decide", version) in queue.text
    page = client.get(url("decide", version))
    assert page.status_code == 200
    assert "Sign off the plan" in page.text
    response = client.post(
        url("decide", version), {"version": version.number, "decision": "sign_off"}
    )
    assert response.status_code == 302
    plan_page = client.get(response["Location"])
    assert "You signed off Ann Example’s plan: £4,774.20." in plan_page.text
    version.plan.refresh_from_db()
    due = version.plan.review_due
    assert f"The first review is due by {due.day} {due:%B %Y}" in plan_page.text
    version.refresh_from_db()
    assert version.status == PlanStatus.SIGNED_OFF
    assert version.decision.decided_by == people.facilitator
    person_page = client.get(reverse("participants:detail", args=[person.pk]))
    assert "Approved budget (version 1, signed off)" in person_page.text
    assert "£4,774.20" in person_page.text


def test_the_participant_page_shows_funding_routes_of_the_approved_budget(
    client, people, person, pilot_tariffs
):
    version = submitted_plan(people, person, pilot_tariffs)
    decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    client.force_login(people.coordinator)
    page = client.get(reverse("participants:detail", args=[person.pk]))
    [summary] = plan_summaries(person)
    funding = {row["route"]: row["amount"] for row in summary["funding"]}
    assert funding == {"Notional": Decimal("1010.20"), "Direct payment": Decimal("3764.00")}
    assert "£1,010.20" in page.text
    assert "£3,764.00" in page.text
    version.plan.refresh_from_db()
    assert f"Next review due by {version.plan.review_due.day} " in page.text


def test_four_eyes_on_the_decision_page(client, people, person, pilot_tariffs):
    version, _ = appendix_1(people, person, pilot_tariffs)
    # The facilitator edits the draft: they may not sign it off.
    drafting.draft_update(
        user=people.facilitator,
        version=version,
        revision=version.revision,
        review_dates="Every three months",
    )
    version.refresh_from_db()
    decisions.submit(user=people.coordinator, version=version)
    client.force_login(people.facilitator)
    page = client.get(url("decide", version))
    assert page.status_code == 403
    assert "You drafted, edited or submitted this version" in page.text
    response = client.post(
        url("decide", version), {"version": version.number, "decision": "sign_off"}
    )
    assert response.status_code == 403
    assert "You drafted, edited or submitted this version" in response.text
    version.refresh_from_db()
    assert version.status == PlanStatus.SUBMITTED
    # Another facilitator of the team can, and sees who shaped the version.
    other = UserFactory(username="fola", role=Role.FACILITATOR, team=people.team)
    client.force_login(other)
    page = client.get(url("decide", version))
    shaped = page.text.split("Who shaped this version")[1].split("</dd>")[0]
    assert escape(str(people.coordinator)) in shaped
    assert escape(str(people.facilitator)) in shaped
    assert escape(str(other)) not in shaped
    assert (
        client.post(
            url("decide", version), {"version": version.number, "decision": "sign_off"}
        ).status_code
        == 302
    )


def test_a_second_decision_is_told_who_decided(client, people, person, pilot_tariffs):
    version = submitted_plan(people, person, pilot_tariffs)
    client.force_login(people.commissioner)
    page = client.get(url("decide", version))
    assert "Approve the plan" in page.text
    # The facilitator signs off while the commissioner's page is open.
    decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    response = client.post(
        url("decide", version), {"version": version.number, "decision": "approve"}
    )
    assert response.status_code == 409
    assert (
        "Someone else decided this plan a moment ago: it was signed off by "
        f"{escape(str(people.facilitator))}" in response.text
    )
    assert Decision.objects.filter(version=version).count() == 1


def test_returning_needs_a_reason_and_opens_a_new_draft(client, people, person, pilot_tariffs):
    version = submitted_plan(people, person, pilot_tariffs)
    client.force_login(people.facilitator)
    missing = client.post(url("decide", version), {"version": version.number, "decision": "return"})
    assert missing.status_code == 200
    assert "Say why the plan is returned." in missing.text
    returned = client.post(
        url("decide", version),
        {"version": version.number, "decision": "return", "reason": "Price the gym properly"},
    )
    assert returned.status_code == 302
    version.refresh_from_db()
    assert version.status == PlanStatus.RETURNED
    assert version.plan.versions.get(number=2).status == PlanStatus.DRAFT
    client.force_login(people.coordinator)
    page = client.get(url("detail", version))
    assert "Price the gym properly" in page.text
    assert "Ask for this decision to be reconsidered" in page.text


def test_a_facilitator_cannot_sign_off_a_plan_for_a_commissioner(
    client, people, person, pilot_tariffs
):
    version, outcome = complete_draft(people, person, amount="4000.00")
    add_line(people, version, outcome, **college_course("4600.01"))
    decisions.submit(user=people.coordinator, version=version)
    client.force_login(people.facilitator)
    assert "College" not in client.get(reverse("careplans:queue")).text
    page = client.get(url("decide", version))
    assert "Sign off the plan" not in page.text
    assert "a commissioner must approve it" in page.text


def test_queue_query_count_does_not_grow_with_the_plans(client, people, pilot_tariffs):
    def waiting(count: int) -> None:
        for _ in range(count):
            participant = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
            version, outcome = complete_draft(people, participant)
            add_line(people, version, outcome, **GYM)
            decisions.submit(user=people.coordinator, version=version)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("careplans:queue"))
        assert response.status_code == 200
        return len(captured)

    client.force_login(people.facilitator)
    waiting(5)
    with_5 = queries()
    waiting(45)
    assert queries() == with_5
    client.force_login(people.commissioner)
    assert len(client.get(reverse("careplans:queue")).context["rows"]) == 50


def test_the_queue_is_oldest_first_with_waiting_time(client, people, pilot_tariffs):
    older, newer = (
        ParticipantFactory(team=people.team, given_name=given, care_coordinator=people.coordinator)
        for given in ("Olive", "Nell")
    )
    for participant in (newer, older):
        version, outcome = complete_draft(people, participant)
        add_line(people, version, outcome, **GYM)
        decisions.submit(user=people.coordinator, version=version)
    older_version = CarePlanVersion.objects.get(plan__participant=older)
    CarePlanVersion.objects.filter(pk=older_version.pk).update(
        submitted_at=timezone.now() - timedelta(days=3, hours=2)
    )
    client.force_login(people.facilitator)
    response = client.get(reverse("careplans:queue"))
    rows = response.context["rows"]
    assert [row.participant for row in rows] == [older, newer]
    assert rows[0].waiting == "3\xa0days"
    assert rows[0].percent == Decimal("-87.9")
    assert "87.9% under" in response.text


def test_a_coordinator_has_no_queue(client, people):
    client.force_login(people.coordinator)
    assert client.get(reverse("careplans:queue")).status_code == 403


# -- Reconsideration ------------------------------------------------------------------------------


def test_a_reconsideration_is_asked_and_answered_on_the_record(
    client, people, person, pilot_tariffs
):
    version = submitted_plan(people, person, pilot_tariffs)
    decision = decisions.decide(
        user=people.commissioner, version=version, kind="return", reason="Too much on the gym"
    )
    client.force_login(people.coordinator)
    asked = client.post(
        url("reconsider", version, decision.pk), {"reasons": "The gym is what keeps me well."}
    )
    assert asked.status_code == 302
    reconsideration = Reconsideration.objects.get()
    # The commissioner who decided cannot answer.
    client.force_login(people.commissioner)
    refused = client.get(url("reconsideration_answer", version, reconsideration.pk))
    assert refused.status_code == 403
    assert "a commissioner other than you must answer" in refused.text
    other = UserFactory(
        username="cleo", role=Role.COMMISSIONER, organisation=people.commissioner.organisation
    )
    client.force_login(other)
    answered = client.post(
        url("reconsideration_answer", version, reconsideration.pk),
        {"outcome": "changed", "answer": "The gym serves two outcomes: agreed."},
    )
    assert answered.status_code == 302
    page = client.get(url("detail", version))
    assert "The gym is what keeps me well." in page.text
    assert "The decision is changed" in page.text
    assert "The gym serves two outcomes: agreed." in page.text
