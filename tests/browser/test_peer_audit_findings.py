"""In a real browser, by keyboard alone: a coordinator opens the plan page, follows it to the
findings of the plan's peer audit, records the team's action on a question not met (after
being told what was missing), and marks it done; axe on the findings page each time."""

import pytest
from playwright.sync_api import expect

from peer_audit.models import AuditAction
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.findings_builders import REVIEWER_LAST, plan_audited

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_follows_the_plan_page_to_the_findings_and_records_an_action(
    page, people, pilot_tariffs
):
    audited = plan_audited(people, pilot_tariffs, given_name="Ann", family_name="Example")
    sign_in_by_keyboard(page, "cara")
    page.goto(f"/care-plans/{audited.version.plan_id}/")
    link = page.get_by_role("link", name="Findings of the Spring round audit")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer audit findings")
    expect(page.get_by_text("Did not pass")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(REVIEWER_LAST)
    assert_accessible(page)

    question = page.locator(f"#question-{audited.not_met.pk}")
    record = question.get_by_role("button", name="Record the action (question 1)")
    tab_to(page, record)
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Say what the team will do")
    expect(summary).to_contain_text("Enter the date it is due by")
    assert_accessible(page)

    question = page.locator(f"#question-{audited.not_met.pk}")
    tab_to(page, question.get_by_label("What the team will do (question 1)"))
    page.keyboard.type("Rewrite the outcomes with Ann, in her own words.")
    due = question.get_by_role("group", name="Due by (question 1)")
    tab_to(page, due.get_by_label("Day"))
    page.keyboard.type("31")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Tab")
    page.keyboard.type("2099")
    tab_to(page, question.get_by_role("button", name="Record the action (question 1)"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The action on question 1 is recorded.")).to_be_visible()
    question = page.locator(f"#question-{audited.not_met.pk}")
    expect(question).to_contain_text("Due by 31 December 2099")
    expect(question.get_by_text("Open", exact=True)).to_be_visible()
    assert_accessible(page)

    tab_to(page, question.get_by_role("button", name="Mark as done (question 1)"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The action on question 1 is done.")).to_be_visible()
    question = page.locator(f"#question-{audited.not_met.pk}")
    expect(question.get_by_text("Done", exact=True)).to_be_visible()
    assert_accessible(page)
    action = AuditAction.objects.get()
    assert action.action == "Rewrite the outcomes with Ann, in her own words."
    assert action.done_by == people.coordinator
