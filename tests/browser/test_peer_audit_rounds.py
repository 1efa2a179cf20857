"""In a real browser, by keyboard alone: a commissioner opens a round of the peer audit
(after a mistake in its dates), previews it, draws the sample, assigns the audits and
gives one to another reviewer. axe runs on every page of the commissioner's peer audit:
the rounds, the new-round form and its errors, the round before and after the draw, the
reassign page, the checklist and the results."""

from datetime import date

import pytest
from playwright.sync_api import expect

from peer_audit.models import AuditRound, PeerAudit
from people.models import Role
from tests.approved_plans import approved_plans
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def accessible(page) -> None:
    """axe on the page once its styles have loaded (a page that is still loading, with no
    styles yet, has links too small to touch)."""
    page.wait_for_load_state("load")
    assert_accessible(page)


def press(page, target) -> None:
    tab_to(page, target)
    page.keyboard.press("Enter")


def type_into(page, target, text: str) -> None:
    tab_to(page, target)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_open_preview_draw_and_assign_a_round_by_keyboard(page, people):
    approved_plans(people.team, people.facilitator, 5, on=date(2013, 2, 1))
    approved_plans(people.other_team, people.facilitator, 3, on=date(2013, 2, 1))
    rhys = UserFactory(
        username="rhys",
        first_name="Rhys",
        last_name="Jones",
        role=Role.PEER_REVIEWER,
        organisation=people.team.organisation,
        home_team=people.other_team,
    )
    csp = []
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )

    sign_in_by_keyboard(page, "connor")
    press(page, page.locator("main").get_by_role("link", name="Peer audit"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer audit")
    accessible(page)

    press(page, page.get_by_role("link", name="Open a round"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a round")
    accessible(page)
    type_into(page, page.get_by_label("Name of the round"), "Q4 2012-13")
    type_into(page, page.locator("#id_period_start"), "1")
    type_into(page, page.locator("#id_period_start-month"), "1")
    type_into(page, page.locator("#id_period_start-year"), "2013")
    type_into(page, page.locator("#id_period_end"), "31")
    type_into(page, page.locator("#id_period_end-month"), "2")
    type_into(page, page.locator("#id_period_end-year"), "2013")
    press(page, page.get_by_role("button", name="Open the round"))
    expect(page).to_have_title("Error: Open a round of the peer audit – Personal health budgets")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter a real date")
    accessible(page)
    press(page, summary.get_by_role("link", name="Enter a real date, for example 15 3 2027"))
    expect(page.locator("#id_period_end")).to_be_focused()
    type_into(page, page.locator("#id_period_end"), "31")
    type_into(page, page.locator("#id_period_end-month"), "3")
    press(page, page.get_by_role("button", name="Open the round"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Q4 2012-13")
    preview = page.get_by_role("table", name="What a draw would take now, per team")
    expect(preview).to_contain_text("Riverside CMHT")
    accessible(page)
    press(page, preview.get_by_role("link", name="To draw"))
    expect(page.get_by_role("columnheader", name="To draw")).to_have_attribute(
        "aria-sort", "ascending"
    )

    press(page, page.get_by_role("button", name="Draw the sample"))
    expect(page.locator("main")).to_contain_text("4 plans drawn for audit.")
    audit_round = AuditRound.objects.get()
    expect(page.locator("main")).to_contain_text(audit_round.seed)
    accessible(page)

    press(page, page.get_by_role("button", name="Assign audits"))
    expect(page.locator("main")).to_contain_text("4 audits assigned.")
    accessible(page)
    assert not PeerAudit.objects.filter(reviewer=rhys, team=people.other_team).exists()

    river = PeerAudit.objects.filter(team=people.team).order_by("pk").first()
    press(page, page.get_by_role("link", name=f"Reassign the audit of plan {river.plan_id}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reassign an audit")
    accessible(page)
    other = rhys if river.reviewer != rhys else people.peer_reviewer
    tab_to(page, page.get_by_label("Peer reviewer"))
    page.get_by_label("Peer reviewer").select_option(str(other.pk))
    press(page, page.get_by_role("button", name="Give the audit to this reviewer"))
    expect(page.locator("main")).to_contain_text(f"is now {other}’s")
    river.refresh_from_db()
    assert river.reviewer == other

    page.goto("/peer-audit/checklist/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The checklist")
    accessible(page)
    page.goto("/peer-audit/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for 2012-13")
    accessible(page)
    assert csp == []
