"""In a real browser, by keyboard alone: a peer reviewer signs in, opens the audit assigned
to them, answers every question, sees their answers saved as they go (htmx), submits the
audit and sees it read-only. axe runs on the list of audits, the audit page, the check
before submitting and the submitted audit; no Content Security Policy violation."""

import re

import pytest
from playwright.sync_api import expect

from peer_audit.models import PeerAudit
from peer_audit.reviewing import person_pseudonym
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory
from tests.peer_review_builders import audit_of, drawn_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def audit(people, pilot_tariffs) -> PeerAudit:
    person = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, family_name="Nancarrow"
    )
    version = signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)
    drawn_round(people)
    return audit_of(version)


def saves_settled(page) -> None:
    """Wait for the autosave of the last change (htmx waits 400 ms) to come back."""
    page.wait_for_timeout(600)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def test_a_reviewer_audits_a_plan_by_keyboard(page, people, audit):
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    questions = list(audit.round.checklist.questions.all())
    pseudonym = person_pseudonym(audit)
    sign_in_by_keyboard(page, "priya")
    expect(page.get_by_text("1 open audit, 0 submitted")).to_be_visible()

    tab_to(page, page.get_by_role("link", name="My audits"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your audits")
    assert "Nancarrow" not in page.content()
    assert_accessible(page)

    opening = re.compile(rf"^{re.escape(pseudonym)}\s*: open the audit$")
    tab_to(page, page.get_by_role("link", name=opening))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Audit of the plan of {pseudonym}")
    page.wait_for_load_state("load")  # htmx (deferred) is listening before anyone answers
    assert_accessible(page)

    status = page.locator("#autosave-status")
    for question in questions:
        tab_to(page, page.locator(f"#id_answer_{question.pk}_0"))
        page.keyboard.press("Space")  # met
        if question.position == 4:
            page.keyboard.press("ArrowDown")  # partly met
            page.keyboard.press("Tab")
            expect(page.get_by_label("Comment on question 4")).to_be_focused()
            page.keyboard.type("The risks say how, not who.")
    expect(status).to_contain_text("Saved at")
    tab_to(page, page.locator("#id_overall_rating_0"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # good
    tab_to(page, page.get_by_label("Overall comments"))
    page.keyboard.type("A clear plan in the person's own words.")
    page.keyboard.press("Tab")  # leaving the field sends it
    saves_settled(page)
    expect(status).to_contain_text("Saved at")
    audit.refresh_from_db()
    assert audit.summary == "A clear plan in the person's own words."
    assert audit.overall_rating == "good"
    assert audit.answers.filter(answer="met").count() == len(questions) - 1
    assert audit.answers.get(question__position=4).comment == "The risks say how, not who."

    tab_to(page, page.get_by_role("button", name="Check and submit the audit"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Submit the audit of the plan of {pseudonym}"
    )
    expect(page.get_by_text("The plan passes")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Submit the audit"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The audit has been submitted.")).to_be_visible()
    expect(page.locator("input[type=radio]")).to_have_count(0)
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.get_by_text("The risks say how, not who.")).to_be_visible()
    assert_accessible(page)
    audit.refresh_from_db()
    assert audit.status == PeerAudit.Status.SUBMITTED
    assert audit.passed is True
    assert violations == []


def test_an_audit_with_answers_missing_shows_them_accessibly(page, people, audit):
    sign_in_by_keyboard(page, "priya")
    page.goto(f"/peer-audit/audits/{audit.pk}/")
    page.wait_for_load_state("load")
    tab_to(page, page.get_by_role("button", name="Check and submit the audit"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert")).to_contain_text("Answer question 1:")
    assert_accessible(page)
