"""The care plan pages: who sees what, the draft editor and its live totals, stale edits,
prohibited lines, higher financial risk, submitting, the sign-off queue, decisions, four
eyes, reconsideration and the Appendix 1 print view."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from careplans import decisions, drafting
from careplans.models import CarePlanVersion, Decision, PlanStatus, Reconsideration, SpendingLine
from careplans.selectors import plan_summaries
from people.models import Role
from tests.builders import add_line, complete_draft
from tests.dates import date_fields
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db
PA = "A personal assistant for 6 hrs contact per week"


# -- Building plans with the services -------------------------------------------------------------


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )


def appendix_1_without_pa(people, version, outcome, cmht):
    """Appendix 1's lines except the personal assistant."""
    add_line(
        people,
        version,
        outcome,
        kind="clinical",
        description="Time limited number of 4 sessions with CMHT",
        intervention=cmht,
        quantity=4,
        funding_route="notional",
    )
    add_line(
        people,
        version,
        outcome,
        kind="clinical",
        description="1 Psychiatric Visit",
        intervention=cmht,
        quantity=1,
        funding_route="notional",
    )
    for description, category, cost, frequency in (
        ("Respite Break", "respite", "500.00", "yearly"),
        ("Gym Membership", "exercise", "580.00", "yearly"),
        ("Personal Computer", "it_equipment", "500.00", "one_off"),
    ):
        add_line(
            people,
            version,
            outcome,
            kind="purchase",
            description=description,
            category=category,
            unit_cost=cost,
            quantity=1,
            frequency=frequency,
            funding_route="direct_payment",
        )


def appendix_1(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_without_pa(people, version, outcome, pilot_tariffs["cmht"].intervention)
    add_line(
        people,
        version,
        outcome,
        kind="purchase",
        description=PA,
        category="personal_assistant",
        unit_cost="7.00",
        quantity=6,
        frequency="weekly",
        funding_route="direct_payment",
    )
    return version, outcome


def url(name: str, version: CarePlanVersion, *args) -> str:
    return reverse(f"careplans:{name}", args=[version.plan_id, *args])


def pa_form(version, outcome, **changes) -> dict:
    """The line form as the coordinator types the personal assistant line."""
    data = {
        "version": version.number,
        "revision": version.revision,
        "kind": "purchase",
        "description": PA,
        "category": "personal_assistant",
        "provider": "Independent PA",
        "unit_cost": "7.00",
        "frequency": "weekly",
        "quantity": "6",
        "funding_route": "direct_payment",
        "outcomes": [outcome.pk],
        "restriction": "",
    }
    data.update(changes)
    return data


# -- Who sees what --------------------------------------------------------------------------------


def test_another_team_s_coordinator_gets_404_everywhere(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.other_coordinator)
    for address in (
        url("detail", version),
        url("edit", version),
        url("version", version, version.number),
        url("print", version, version.number),
        url("line_add", version),
        url("decide", version),
        url("submit", version),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url("line_totals", version), pa_form(version, outcome)).status_code == 404
    assert client.post(url("edit", version), {"version": 1}).status_code == 404
    assert client.post(url("submit", version), {"version": 1}).status_code == 404
    assert client.post(url("decide", version), {"decision": "return"}).status_code == 404
    start = reverse("careplans:start", args=[person.pk])
    assert client.post(start).status_code == 404


def test_a_commissioner_can_read_the_plan_but_not_change_it(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.commissioner)
    page = client.get(url("detail", version))
    assert page.status_code == 200
    assert "£4,774.20" in page.text
    assert "Edit the draft" not in page.text
    assert client.get(url("version", version, 1)).status_code == 200
    assert client.get(url("print", version, 1)).status_code == 200
    assert client.get(url("edit", version)).status_code == 403
    assert client.post(url("edit", version), {"version": 1}).status_code == 403
    assert client.post(url("line_totals", version), pa_form(version, outcome)).status_code == 403
    assert client.post(url("submit", version), {"version": 1}).status_code == 403
    assert client.post(reverse("careplans:start", args=[person.pk])).status_code == 403


def test_the_plan_page_is_in_the_audit_trail(client, people, person):
    from audit.models import AuditEvent

    version, _ = complete_draft(people, person)
    client.force_login(people.coordinator)
    client.get(url("detail", version))
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).latest("pk")
    assert event.object_id == str(version.plan_id)
    assert event.user == people.coordinator


# -- Starting and editing -------------------------------------------------------------------------


def test_a_coordinator_starts_a_plan_from_the_person_s_page(client, people, person):
    client.force_login(people.coordinator)
    page = client.get(reverse("participants:detail", args=[person.pk]))
    assert "No care plan yet." in page.text
    assert "Start a care plan" in page.text
    response = client.post(reverse("careplans:start", args=[person.pk]))
    plan = person.care_plans.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("careplans:edit", args=[plan.pk]) + "#contents"
    editor = client.get(response["Location"])
    assert editor.status_code == 200
    assert "Edit the draft care plan" in editor.text


def test_the_editor_saves_the_plan_contents(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    version = plan.versions.get()
    client.force_login(people.coordinator)
    response = client.post(
        url("edit", version),
        {
            "version": 1,
            "revision": version.revision,
            "what_matters_to_person": "Seeing my friends",
            **date_fields("start_date", date(2012, 4, 1)),
        },
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.what_matters_to_person == "Seeing my friends"
    assert version.start_date == date(2012, 4, 1)
    assert version.revision == 2


def test_a_stale_edit_is_refused_and_the_first_save_kept(client, people, person):
    version, _ = complete_draft(people, person)
    opened_at = version.revision
    # Someone else saves first.
    drafting.draft_update(
        user=people.facilitator,
        version=version,
        revision=opened_at,
        what_matters_to_person="Their words, saved first",
    )
    client.force_login(people.coordinator)
    response = client.post(
        url("edit", version),
        {
            "version": version.number,
            "revision": opened_at,
            "what_matters_to_person": "My words, typed on a stale copy",
        },
    )
    assert response.status_code == 409
    assert "Someone else saved this draft since you opened it" in response.text
    assert "My words, typed on a stale copy" in response.text  # still on screen
    version.refresh_from_db()
    assert version.what_matters_to_person == "Their words, saved first"
    assert version.revision == opened_at + 1


def test_a_submitted_version_cannot_be_changed_through_the_editor(
    client, people, person, pilot_tariffs
):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    line = version.lines.get(description=PA)
    client.force_login(people.coordinator)
    response = client.post(
        url("edit", version),
        {
            "version": version.number,
            "revision": version.revision,
            "what_matters_to_person": "Changed after submitting",
        },
    )
    assert response.status_code == 409
    assert "can no longer change" in response.text
    changed_line = client.post(
        url("line", version, line.pk), pa_form(version, outcome, unit_cost="9.00")
    )
    assert changed_line.status_code == 409
    removed = client.post(
        url("lines_remove", version, line.pk),
        {"version": version.number, "revision": version.revision},
    )
    assert removed.status_code == 409
    version.refresh_from_db()
    assert version.status == PlanStatus.SUBMITTED
    assert version.what_matters_to_person == "Feeling safe at home and seeing my friends."
    assert version.lines.get(pk=line.pk).unit_cost == Decimal("7.00")
    assert version.lines.count() == 6
    # Opening the editor says why and goes back to the plan.
    opened = client.get(url("edit", version))
    assert opened.status_code == 302
    assert client.get(opened["Location"]).status_code == 200


def test_outcomes_and_risks_are_added_changed_and_removed(client, people, person):
    version, _ = complete_draft(people, person)
    client.force_login(people.coordinator)
    added = client.post(
        url("outcome_add", version),
        {
            "version": version.number,
            "revision": version.revision,
            "in_their_words": "Back to work by the summer",
            "category": "employment",
        },
    )
    assert added.status_code == 302
    version.refresh_from_db()
    new = version.outcomes.get(in_their_words="Back to work by the summer")
    changed = client.post(
        url("outcome", version, new.pk),
        {
            "version": version.number,
            "revision": version.revision,
            "in_their_words": "Back to work by the autumn",
            "category": "employment",
        },
    )
    assert changed.status_code == 302
    version.refresh_from_db()
    assert version.outcomes.filter(in_their_words="Back to work by the autumn").exists()
    risk = version.risks.get()
    assert client.get(url("risks_remove", version, risk.pk)).status_code == 200
    removed = client.post(
        url("risks_remove", version, risk.pk),
        {"version": version.number, "revision": version.revision},
    )
    assert removed.status_code == 302
    assert not version.risks.exists()
    missing = client.post(
        url("outcome_add", version),
        {"version": version.number, "revision": version.revision + 1, "category": ""},
    )
    assert "There is a problem" in missing.text


# -- Live totals ----------------------------------------------------------------------------------


def test_live_totals_for_the_appendix_1_plan_as_the_pa_line_is_typed(
    client, people, person, pilot_tariffs
):
    version, outcome = complete_draft(people, person)
    appendix_1_without_pa(people, version, outcome, pilot_tariffs["cmht"].intervention)
    client.force_login(people.coordinator)
    lines_before = SpendingLine.objects.count()
    response = client.post(url("line_totals", version), pa_form(version, outcome))
    assert response.status_code == 200
    text = response.text
    assert "£42.00 a week, £2,184.00 a year" in text
    assert "£4,274.20" in text  # per year
    assert "£500.00" in text  # one-off
    assert "£4,774.20" in text  # total
    assert "£4,800.00" in text
    assert "£25.80" in text  # remaining
    assert "Within 15% of the indicative budget: the team’s facilitator signs it off." in text
    assert response.context["totals"].total == Decimal("4774.20")
    assert SpendingLine.objects.count() == lines_before  # nothing kept


def test_live_totals_while_editing_a_line_replace_it(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    line = version.lines.get(description=PA)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_totals_edit", version, line.pk), pa_form(version, outcome, quantity="7")
    )
    totals = response.context["totals"]
    assert totals.per_year == Decimal("4638.20")  # £2,548.00 instead of £2,184.00
    assert totals.total == Decimal("5138.20")


def test_typing_a_total_over_the_limit_shows_the_commissioner_route(
    client, people, person, pilot_tariffs
):
    version, outcome = complete_draft(people, person)
    appendix_1_without_pa(people, version, outcome, pilot_tariffs["cmht"].intervention)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_totals", version), pa_form(version, outcome, unit_cost="12.00")
    )
    text = response.text
    assert "£3,744.00 a year" in text
    assert "£6,334.20" in text
    assert "Over the indicative budget by" in text
    assert "£1,534.20" in text
    assert (
        "More than 15% above the indicative budget (limit £5,520.00): "
        "a commissioner must approve it." in text
    )


def test_live_totals_say_why_a_line_is_not_counted_yet(client, people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_totals", version), pa_form(version, outcome, unit_cost="7.005")
    )
    assert response.status_code == 200
    assert "This line is not in the totals yet" in response.text
    assert "at most two decimal places" in response.text
    clinical = client.post(
        url("line_totals", version),
        pa_form(
            version,
            outcome,
            kind="clinical",
            intervention=pilot_tariffs["cmht"].intervention.pk,
            quantity="4",
        ),
    )
    assert "£808.16" in clinical.text


def test_without_javascript_the_line_page_shows_the_same_totals(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    page = client.post(url("line_add", version), {**pa_form(version, outcome), "action": "check"})
    assert page.status_code == 200
    assert "£2,184.00" in page.text
    assert not SpendingLine.objects.exists()
    saved = client.post(url("line_add", version), {**pa_form(version, outcome), "action": "save"})
    assert saved.status_code == 302
    editor = client.get(saved["Location"])
    assert "The plan now totals £2,184.00, £2,616.00 left of £4,800.00." in editor.text
    assert "£2,184.00" in editor.text


def test_money_is_not_rounded_and_quantities_are_whole(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    response = client.post(
        url("line_add", version),
        {**pa_form(version, outcome, unit_cost="7.005", quantity="6.5"), "action": "save"},
    )
    assert response.status_code == 200
    assert "An amount of money has at most two decimal places" in response.text
    assert "Enter a whole number, 1 or more." in response.text
    assert not SpendingLine.objects.exists()


# -- Prohibited spend and higher financial risk ---------------------------------------------------


def test_a_prohibited_line_shows_why_and_blocks_submission(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.coordinator)
    saved = client.post(
        url("line_add", version),
        {
            **pa_form(
                version,
                outcome,
                description="Cigarettes",
                category="other_support",
                unit_cost="10.00",
                quantity="1",
                restriction="tobacco",
            ),
            "action": "save",
        },
    )
    assert saved.status_code == 302
    editor = client.get(url("edit", version))
    assert "A personal health budget cannot buy tobacco." in editor.text
    version.refresh_from_db()
    response = client.post(
        url("submit", version), {"version": version.number, "revision": version.revision}
    )
    assert response.status_code == 400
    assert "The plan was not submitted" in response.text
    assert "“Cigarettes”: A personal health budget cannot buy tobacco." in response.text
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_a_purchase_that_serves_no_outcome_is_flagged(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    data = pa_form(version, outcome)
    del data["outcomes"]
    live = client.post(url("line_totals", version), data)
    assert "This purchase serves none of the person’s outcomes." in live.text


def test_a_person_at_higher_financial_risk_is_offered_a_third_party_budget(client, people, person):
    version, outcome = complete_draft(people, person)
    person.higher_financial_risk = True
    person.save()
    client.force_login(people.coordinator)
    page = client.get(url("line_add", version))
    assert "is at higher financial risk" in page.text
    assert "A third-party budget can be used instead" in page.text
    response = client.post(
        url("line_add", version), {**pa_form(version, outcome), "action": "save"}
    )
    assert response.status_code == 200
    assert (
        "Ann Example is at higher financial risk: no direct payment. "
        "Use a third-party budget instead." in response.text
    )
    assert 'id="id_funding_route_error"' in response.text
    assert not SpendingLine.objects.exists()
    third_party = client.post(
        url("line_add", version),
        {**pa_form(version, outcome, funding_route="third_party"), "action": "save"},
    )
    assert third_party.status_code == 302


def test_an_incomplete_plan_lists_its_problems_by_field(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    version = plan.versions.get()
    client.force_login(people.coordinator)
    page = client.get(url("submit", version))
    assert "The plan cannot be submitted yet" in page.text
    assert "Write what matters to the person, in their own words." in page.text
    assert "Add at least one outcome, in the person’s words." in page.text
    assert f"{url('edit', version)}#id_what_matters_to_person" in page.text


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
    add_line(
        people,
        version,
        outcome,
        kind="purchase",
        description="College course",
        category="education",
        unit_cost="4600.01",
        quantity=1,
        frequency="one_off",
        funding_route="third_party",
    )
    client.force_login(people.coordinator)
    response = client.post(
        url("submit", version), {"version": version.number, "revision": version.revision}
    )
    page = client.get(response["Location"])
    assert "Sent to a commissioner: total £4,600.01 is more than 15% above £4,000.00." in page.text


def submitted_plan(people, person, pilot_tariffs) -> CarePlanVersion:
    version, _ = appendix_1(people, person, pilot_tariffs)
    decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    return version


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
    add_line(
        people,
        version,
        outcome,
        kind="purchase",
        description="College course",
        category="education",
        unit_cost="4600.01",
        quantity=1,
        frequency="one_off",
        funding_route="third_party",
    )
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
            add_line(
                people,
                version,
                outcome,
                kind="purchase",
                description="Gym",
                category="exercise",
                unit_cost="580.00",
                quantity=1,
                frequency="yearly",
                funding_route="notional",
            )
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
        add_line(
            people,
            version,
            outcome,
            kind="purchase",
            description="Gym",
            category="exercise",
            unit_cost="580.00",
            quantity=1,
            frequency="yearly",
            funding_route="notional",
        )
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


# -- Versions and the print view ------------------------------------------------------------------


def test_a_new_draft_is_started_from_a_decided_version(client, people, person, pilot_tariffs):
    version = submitted_plan(people, person, pilot_tariffs)
    decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    client.force_login(people.coordinator)
    page = client.get(url("detail", version))
    assert "Start a new draft" in page.text
    response = client.post(url("new_draft", version))
    assert response["Location"] == url("edit", version)
    assert version.plan.versions.get(number=2).lines.count() == 6
    old = client.get(url("version", version, 1))
    assert old.status_code == 200
    assert "This version is kept as it was and cannot change." in old.text


def test_the_print_view_has_the_appendix_1_figures(client, people, person, pilot_tariffs):
    version, _ = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.coordinator)
    response = client.get(url("print", version, version.number))
    assert response.status_code == 200
    text = response.text
    assert "Spending plan for Ann Example" in text
    assert "Care plan version 1" in text
    assert "Money in" in text
    assert "Personal Health Budget" in text
    assert "Money out (help/service costs)" in text
    assert "Additional items/costs required" in text
    html = " ".join(text.split())
    assert (
        f'scope="row">{PA}</th> <td class="nhsuk-table__cell app-table-numeric">£42.00</td> '
        '<td class="nhsuk-table__cell app-table-numeric">£2,184.00</td>' in html
    )
    assert 'Total per year</th> <td class="nhsuk-table__cell app-table-numeric">£4,274.20' in html
    assert 'Personal Computer</th> <td class="nhsuk-table__cell app-table-numeric">£500.00' in html
    assert "<strong>£4,774.20</strong>" in html
    assert 'Remaining</th> <td class="nhsuk-table__cell app-table-numeric"><strong>£25.80' in html
    assert "£4,800.00" in html


def test_live_totals_query_count_does_not_grow_with_the_lines(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)

    def add_lines(count: int) -> None:
        for number in range(count):
            add_line(
                people,
                version,
                outcome,
                kind="purchase",
                description=f"Session {number}",
                category="therapies",
                unit_cost="10.00",
                quantity=1,
                frequency="monthly",
                funding_route="notional",
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url("line_totals", version), pa_form(version, outcome))
        assert response.status_code == 200
        return len(captured)

    add_lines(5)
    with_5 = queries()
    add_lines(35)
    assert queries() == with_5
    assert with_5 <= 10
