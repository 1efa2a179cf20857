"""In a real browser, by keyboard alone: a facilitator opens the sign-off queue, opens a
plan, reads the whole plan on the decision page (outcomes, risks, lines, totals, the
budget's year, who shaped it), chooses Return, which reveals the reasons box, and returns
it with a reason; a commissioner approves another, and the plan page then offers its main
actions first. axe runs on the queue, the decision page (before and after the reveal, and
with an error) and the approved plan's page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from careplans import decisions
from careplans.models import PlanStatus
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.builders import add_line, appendix_1_lines, college_course, complete_draft
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting(people, pilot_tariffs):
    """Ann's Appendix 1 plan, submitted by her coordinator: £4,774.20 of £4,800.00."""
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    return version


def test_a_facilitator_reads_the_whole_plan_and_returns_it_by_keyboard(page, people, waiting):
    sign_in_by_keyboard(page, "femi")
    page.goto(reverse("careplans:queue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-off queue")
    row = page.get_by_role("row", name=re.compile("Ann Example"))
    expect(row).to_contain_text("£4,774.20")
    expect(row).to_contain_text("0.5% under")
    assert_accessible(page)
    tab_to(page, row.get_by_role("link", name=re.compile(r"^Ann Example\s?: decide")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide on the care plan")

    main = page.locator("main")
    for said in (
        "Feeling safe at home and seeing my friends.",
        "Call the crisis line; my sister stays over.",
        "A mix of these",
        "I want to feel confident going out on my own.",
        "Going to the gym twice a week",
        "Spending the money on other things",
        "Monthly statement checked together",
        "Time limited number of 4 sessions with CMHT",
        "Personal computer",
        "£4,774.20",
        "£4,800.00 for 2012-13",
        f"{people.coordinator}",
    ):
        expect(main).to_contain_text(said)
    expect(page.get_by_role("heading", name="Your decision")).to_have_count(1)
    reasons = page.get_by_label("Reasons for returning")
    expect(reasons).to_be_hidden()
    assert_accessible(page)

    # Into the radios (Space chooses the first), down to Return: the reasons appear under it.
    tab_to(page, page.get_by_label("Sign off the plan"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Return it to the coordinator")).to_be_checked()
    expect(reasons).to_be_visible()
    assert_accessible(page)

    # Without a reason the server asks for one, with the box still under Return.
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Say why the plan is returned.")
    expect(page.get_by_label("Return it to the coordinator")).to_be_checked()
    expect(reasons).to_be_visible()
    assert_accessible(page)

    tab_to(page, reasons)
    page.keyboard.type("Price the gym with the leisure centre’s own rate.")
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("You returned Ann Example’s plan with your reasons")).to_be_visible()
    waiting.refresh_from_db()
    assert waiting.status == PlanStatus.RETURNED
    assert waiting.decision.reason == "Price the gym with the leisure centre’s own rate."


def test_a_commissioner_approves_and_the_plan_page_offers_the_main_actions_first(
    page, people, pilot_tariffs
):
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Bo",
        family_name="Example",
    )
    version, outcome = complete_draft(people, person, amount="1000.00")
    add_line(people, version, outcome, **college_course("1400.00"))
    decisions.submit(user=people.coordinator, version=version)
    sign_in_by_keyboard(page, "connor")
    page.goto(reverse("careplans:queue"))
    row = page.get_by_role("row", name=re.compile("Bo Example"))
    expect(row).to_contain_text("40.0% over")
    expect(row).to_contain_text("Commissioner")
    tab_to(page, row.get_by_role("link", name=re.compile(r"^Bo Example\s?: decide")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide on the care plan")
    expect(page.locator("main")).to_contain_text("College course")
    tab_to(page, page.get_by_label("Approve the plan"))
    page.keyboard.press("Space")
    expect(page.get_by_label("Reasons for returning")).to_be_hidden()
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("You approved Bo Example’s plan: £1,400.00.")).to_be_visible()
    version.refresh_from_db()
    assert version.status == PlanStatus.APPROVED
    expect(page.get_by_role("button", name=re.compile("^Print a review pack"))).to_be_visible()
    assert_accessible(page)

    # The coordinator's page of the plan in force: the review actions first.
    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username")).to_be_visible()
    sign_in_by_keyboard(page, "cara")
    page.goto(reverse("careplans:detail", args=[version.plan_id]))
    buttons = page.locator("main .nhsuk-button")
    expect(buttons.nth(0)).to_have_text("Record a review")
    expect(buttons.nth(1)).to_contain_text("Print a review pack")
    expect(buttons.nth(2)).to_have_text("Start a new draft")
    tab_to(page, page.get_by_role("link", name="Record a review"))
    assert_accessible(page)
