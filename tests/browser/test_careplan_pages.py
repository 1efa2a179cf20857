"""In a real browser, by keyboard alone: a coordinator enters the Appendix 1 spending plan and
watches the totals and the sign-off route come back from the server as they type (htmx),
submits it, and the facilitator signs it off from the queue. axe runs on the editor, the
line form, the queue, the decision page and the print view."""

import re

import pytest
from playwright.sync_api import expect

from careplans.models import PlanStatus
from tests.browser.conftest import assert_accessible
from tests.builders import add_line, complete_draft
from tests.factories import PASSWORD, ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, target, limit: int = 200) -> None:
    """Press Tab until ``target`` has the focus. The element is found once, not after every
    key (finding it by its role and name takes longer than the key), and found again if the
    page has replaced it."""
    element = target.element_handle()
    for _ in range(limit):
        focused = element.evaluate("e => e.isConnected ? e === document.activeElement : null")
        if focused is None:
            element = target.element_handle()
            focused = element.evaluate("e => e === document.activeElement")
        if focused:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def sign_in_by_keyboard(page, username: str) -> None:
    if "/sign-in/" not in page.url:
        page.goto("/sign-in/")
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def choose_radio(page, first_option, steps: int) -> None:
    """Tab into a radio group with nothing chosen, choose the first option with Space, then
    move ``steps`` options down with the arrow key (which chooses as it moves)."""
    tab_to(page, first_option)
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowDown")


def type_purchase(page, *, description, category, unit_cost, frequency_steps, quantity):
    """Type a purchase into the line form, by keyboard: funded by direct payment, serving
    the plan's outcome."""
    tab_to(page, page.get_by_label("Description"))
    page.keyboard.type(description)
    category_select = page.get_by_label("Category of purchase")
    tab_to(page, category_select)
    page.keyboard.type(category)
    tab_to(page, page.get_by_label("Provider"))
    page.keyboard.type("Local provider")
    tab_to(page, page.get_by_label("Unit cost"))
    page.keyboard.type(unit_cost)
    choose_radio(page, page.get_by_label("One-off"), frequency_steps)
    tab_to(page, page.get_by_label("Quantity"))
    page.keyboard.type(quantity)
    choose_radio(page, page.get_by_label("Notional", exact=True), 1)  # direct payment
    tab_to(page, page.get_by_label("I want to feel confident going out on my own."))
    page.keyboard.press("Space")


def totals_settled(page) -> None:
    """Wait for the live totals request of the last keystroke (htmx waits 300 ms) to finish:
    the test database (SQLite in memory) refuses a save while another request reads."""
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def save_line(page) -> None:
    """Save the line opened in place: the message that it was added has the focus."""
    tab_to(page, page.get_by_role("button", name="Save the line"))
    totals_settled(page)
    page.keyboard.press("Enter")
    expect(page.locator(".app-saved-message")).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the draft care plan")


def open_line_form(page) -> None:
    """Open the line form in place on the editor: its first field has the focus."""
    page.wait_for_load_state("load")  # htmx (deferred) is listening before anyone types
    tab_to(page, page.get_by_role("link", name="Add a spending line"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add a spending line")).to_be_visible()
    expect(page.get_by_label("Description")).to_be_focused()


@pytest.fixture
def draft(people, pilot_tariffs):
    """Ann's plan: its contents, an outcome, a risk, an indicative budget of £4,800.00 and
    Appendix 1's two clinical lines; the purchases are for the keyboard."""
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )
    version, outcome = complete_draft(people, person)
    cmht = pilot_tariffs["cmht"].intervention
    for description, quantity in (
        ("Time limited number of 4 sessions with CMHT", 4),
        ("1 Psychiatric Visit", 1),
    ):
        add_line(
            people,
            version,
            outcome,
            kind="clinical",
            description=description,
            intervention=cmht,
            quantity=quantity,
            funding_route="notional",
        )
    return version


def test_a_coordinator_enters_the_appendix_1_plan_by_keyboard_and_it_is_signed_off(
    page, people, draft
):
    plan_id = draft.plan_id
    sign_in_by_keyboard(page, "cara")
    page.goto(f"/care-plans/{plan_id}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the draft care plan")
    assert_accessible(page)

    totals = page.locator("#line-totals")
    for description, category, cost, steps in (
        ("Respite Break", "Respite", "500.00", 3),
        ("Gym Membership", "Exercise", "580.00", 3),
    ):
        open_line_form(page)
        type_purchase(
            page,
            description=description,
            category=category,
            unit_cost=cost,
            frequency_steps=steps,
            quantity="1",
        )
        expect(totals).to_contain_text(f"This line: {'£' + cost} a year")
        save_line(page)

    open_line_form(page)
    type_purchase(
        page,
        description="A personal assistant for 6 hrs contact per week",
        category="Personal",
        unit_cost="7.00",
        frequency_steps=1,
        quantity="6",
    )
    expect(totals).to_contain_text("This line: £42.00 a week, £2,184.00 a year")
    expect(totals).to_contain_text("Money out per year £4,274.20")
    expect(totals).to_contain_text("the team’s facilitator signs it off")
    assert_accessible(page)
    save_line(page)

    open_line_form(page)
    type_purchase(
        page,
        description="Personal Computer",
        category="IT",
        unit_cost="500.00",
        frequency_steps=0,
        quantity="1",
    )
    expect(totals).to_contain_text("This line: £500.00 once")
    expect(totals).to_contain_text("Total £4,774.20")
    expect(totals).to_contain_text("Remaining £25.80")
    expect(totals).to_contain_text(
        "Within 15% of the indicative budget: the team’s facilitator signs it off."
    )
    save_line(page)
    expect(
        page.get_by_text("The plan now totals £4,774.20, £25.80 left of £4,800.00.")
    ).to_be_visible()
    assert_accessible(page)

    tab_to(page, page.get_by_role("button", name="Submit for sign-off"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sent to the facilitator: the total £4,774.20")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED

    # The facilitator (who did not draft or edit it) signs it off from the queue.
    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username")).to_be_visible()
    sign_in_by_keyboard(page, "femi")
    tab_to(page, page.get_by_role("link", name="Sign-off queue").first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-off queue")
    row = page.get_by_role("row", name="Ann Example")
    expect(row).to_contain_text("£4,774.20")
    expect(row).to_contain_text("0.5% under")
    assert_accessible(page)
    tab_to(page, row.get_by_role("link", name=re.compile(r"^Ann Example\s?: decide")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide on the care plan")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Sign off the plan"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("You signed off Ann Example’s plan: £4,774.20.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SIGNED_OFF

    page.goto(f"/care-plans/{plan_id}/versions/1/print/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spending plan for Ann Example")
    expect(page.get_by_role("table", name="Money out (help/service costs)")).to_contain_text(
        "£4,274.20"
    )
    assert_accessible(page)


def test_the_plan_page_and_an_error_on_the_line_form_are_accessible(page, people, draft):
    sign_in_by_keyboard(page, "cara")
    page.goto(f"/care-plans/{draft.plan_id}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Care plan")
    assert_accessible(page)
    page.goto(f"/care-plans/{draft.plan_id}/lines/add/")
    page.get_by_label("Unit cost").fill("7.005")
    page.get_by_label("Unit cost").blur()
    expect(page.locator("#line-totals")).to_contain_text("This line is not in the totals yet")
    totals_settled(page)
    page.get_by_role("button", name="Save the line").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)


def test_no_content_security_policy_violation_on_the_line_form(page, people, draft):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in_by_keyboard(page, "cara")
    page.goto(f"/care-plans/{draft.plan_id}/lines/add/")
    page.get_by_label("Unit cost").fill("7.00")
    expect(page.locator("#line-totals")).to_contain_text("This line is not in the totals yet")
    assert violations == []
