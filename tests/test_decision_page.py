"""The decision page: the whole plan on one page (what matters, outcomes, risks,
contingency, management, lines and totals, the budget and its year, who shaped it), one
"Your decision", and the reasons box that belongs to returning."""

import html as html_entities
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from careplans import decisions, drafting
from careplans.models import PlanStatus
from people.models import Role
from tests.builders import add_line, appendix_1_lines, college_course, complete_draft
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, given_name="Ann"
    )


def submitted(people, person, pilot_tariffs, *, edited_by=None):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    if edited_by is not None:
        drafting.draft_update(
            user=edited_by,
            version=version,
            revision=version.revision,
            review_dates="Every three months",
        )
    version.refresh_from_db()
    decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    return version


def decide_url(version) -> str:
    return reverse("careplans:decide", args=[version.plan_id])


def text_of(html: str) -> str:
    """The page's words as a reader sees them: no tags, entities read (O'Sullivan)."""
    return html_entities.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_decider_sees_the_whole_plan(client, people, person, pilot_tariffs):
    other = UserFactory(username="fola", role=Role.FACILITATOR, team=people.team)
    version = submitted(people, person, pilot_tariffs, edited_by=other)
    client.force_login(people.facilitator)
    page = client.get(decide_url(version))
    assert page.status_code == 200
    html = page.text
    words = text_of(html)
    for said in (
        "Feeling safe at home and seeing my friends.",  # what matters to the person
        "Fewer crises; sleeping well.",  # for their health
        escape("Call the crisis line; my sister stays over."),  # contingency
        "A mix of these",  # management option
        "The person",  # who manages it
        escape("I want to feel confident going out on my own."),  # an outcome, all its fields
        "Going to the gym twice a week",
        "Staying in, missing appointments",
        "Book the sessions myself",
        "Spending the money on other things",  # a risk, how and by whom
        "Monthly statement checked together",
        "Time limited number of 4 sessions with CMHT",  # the lines
        "Personal computer",
    ):
        assert said in html, said
    assert "Total £4,774.20" in words
    assert "Indicative budget £4,800.00 for 2012-13" in words
    assert "0.5% under" in words
    assert f"Drafted by {people.coordinator}" in words
    assert f"Last edited by {other}" in words
    assert f"Submitted by {people.coordinator}" in words
    shaped = html.split("Who shaped this version")[1].split("</dd>")[0]
    assert escape(str(other)) in shaped
    assert escape(str(people.coordinator)) in shaped


def test_your_decision_appears_once_and_the_reasons_sit_under_return(
    client, people, person, pilot_tariffs
):
    version = submitted(people, person, pilot_tariffs)
    client.force_login(people.facilitator)
    html = client.get(decide_url(version)).text
    assert html.count("Your decision") == 1
    assert "four eyes" not in html.lower()
    radios = html.split('class="nhsuk-radios nhsuk-radios--conditional')[1]
    sign_off = radios.index('value="sign_off"')
    give_back = radios.index('value="return"')
    reveal = radios.index('id="conditional-return"')
    reasons = radios.index('name="reason"')
    assert sign_off < give_back < reveal < reasons
    assert "Reasons for returning" in radios[reveal:]


def test_the_server_asks_for_reasons_only_when_returning(client, people, person, pilot_tariffs):
    version = submitted(people, person, pilot_tariffs)
    client.force_login(people.facilitator)
    missing = client.post(decide_url(version), {"version": version.number, "decision": "return"})
    assert missing.status_code == 200
    assert "Say why the plan is returned." in missing.text
    assert 'href="#id_reason"' in missing.text
    signed = client.post(
        decide_url(version),
        {"version": version.number, "decision": "sign_off", "reason": "typed, then changed"},
    )
    assert signed.status_code == 302
    version.refresh_from_db()
    assert version.status == PlanStatus.SIGNED_OFF
    assert version.decision.reason == ""


def test_a_facilitator_sees_why_only_return_is_offered(client, people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person, amount="1000.00")
    add_line(people, version, outcome, **college_course("2000.00"))
    decisions.submit(user=people.coordinator, version=version)
    client.force_login(people.facilitator)
    html = client.get(decide_url(version)).text
    assert 'value="sign_off"' not in html
    assert 'value="return"' in html
    assert "100.0% over" in html
    assert "You can still return it with your reasons." in html


def test_the_decision_page_s_queries_do_not_grow_with_the_plan(client, people, person):
    version, outcome = complete_draft(people, person)

    def grow(count: int) -> None:
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
            drafting.outcome_save(
                user=people.coordinator,
                version=version,
                revision=None,
                in_their_words=f"Outcome {number}",
                category="confidence",
            )
            drafting.risk_save(
                user=people.coordinator,
                version=version,
                revision=None,
                risk=f"Risk {number}",
                how_managed="Checked",
                managed_by="Care coordinator",
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(decide_url(version))
        assert response.status_code == 200
        return len(captured)

    grow(2)
    version.refresh_from_db()
    decisions.submit(user=people.coordinator, version=version)
    client.force_login(people.facilitator)
    few = queries()
    # More of everything on another person's plan of the same shape.
    other = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    version, outcome = complete_draft(people, other)
    grow(12)
    version.refresh_from_db()
    decisions.submit(user=people.coordinator, version=version)
    assert queries() == few
