"""In a real browser, by keyboard alone: the draft editor keeps what is typed (saved as it is
typed, and saved before a link is followed), outcomes, risks and spending lines are added
in place with the totals brought up to date, and the warning before the session ends
(shortened here) keeps the session or, at the end, keeps what was typed for after signing
in again. axe runs on the editor with a form open in place and on the warning."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from careplans.models import Outcome, Risk, SpendingLine
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import choose_radio, sign_in_by_keyboard, tab_to
from tests.builders import complete_draft
from tests.factories import PASSWORD, ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft(people, pilot_tariffs):
    person = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, given_name="Ann"
    )
    version, _outcome = complete_draft(people, person)
    return version


def count_loads(page) -> list[str]:
    loads: list[str] = []
    page.on("load", lambda: loads.append(page.url))
    return loads


def settled(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def open_editor(page, draft) -> None:
    page.goto(f"/care-plans/{draft.plan_id}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the draft care plan")
    page.wait_for_load_state("load")


def test_what_is_typed_in_the_contents_survives_following_a_link(page, people, draft):
    sign_in_by_keyboard(page, "cara")
    open_editor(page, draft)
    words = page.get_by_label("What matters to the person, in their own words")
    tab_to(page, words)
    page.keyboard.press("Control+A")
    page.keyboard.type("Seeing my grandchildren every week.")
    # Straight to "Add an outcome" (the change is saved as the field is left).
    tab_to(page, page.get_by_role("link", name="Add an outcome"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("The outcome, in the person’s own words")).to_be_focused()
    expect(page.locator("#autosave-status")).to_contain_text("Saved at")
    assert_accessible(page)

    # Typed and followed a link at once: saved before the page goes.
    tab_to(page, page.get_by_label("Contingency or crisis plan"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Call my sister.")
    tab_to(page, page.get_by_role("link", name="Back to the care plan"), limit=400)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Care plan")

    open_editor(page, draft)
    expect(words).to_have_value("Seeing my grandchildren every week.")
    expect(page.get_by_label("Contingency or crisis plan")).to_have_value("Call my sister.")
    draft.refresh_from_db()
    assert draft.contingency_plan == "Call my sister."

    # An explicit save after the autosaves is not refused as stale.
    tab_to(page, words)
    page.keyboard.press("End")
    page.keyboard.type(" And the park.")
    settled(page)
    tab_to(page, page.get_by_role("button", name="Save the plan"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The plan has been saved.")).to_be_visible()
    draft.refresh_from_db()
    assert draft.what_matters_to_person.endswith("And the park.")


def test_leaving_with_a_part_typed_and_not_saved_asks_first(page, people, draft):
    sign_in_by_keyboard(page, "cara")
    open_editor(page, draft)
    tab_to(page, page.get_by_role("link", name="Add a risk"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("The risk")).to_be_focused()
    page.keyboard.type("Falls")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]


def test_outcomes_risks_and_lines_are_added_in_place_with_the_totals(page, people, draft):
    sign_in_by_keyboard(page, "cara")
    open_editor(page, draft)
    loads = count_loads(page)

    tab_to(page, page.get_by_role("link", name="Add an outcome"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("The outcome, in the person’s own words")).to_be_focused()
    page.keyboard.type("Walking to the shop on my own.")
    page.keyboard.press("Tab")
    page.keyboard.type("Phys")  # the category "Physical health"
    tab_to(page, page.get_by_role("button", name="Save the outcome"))
    page.keyboard.press("Enter")
    message = page.get_by_text("The outcome has been added.")
    expect(message).to_be_focused()
    assert Outcome.objects.filter(in_their_words="Walking to the shop on my own.").exists()

    tab_to(page, page.get_by_role("link", name="Add a risk"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("The risk")).to_be_focused()
    page.keyboard.type("Falls on the stairs")
    page.keyboard.press("Tab")
    page.keyboard.type("A rail fitted")
    page.keyboard.press("Tab")
    page.keyboard.type("Her brother")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The risk has been added.")).to_be_focused()
    assert Risk.objects.filter(risk="Falls on the stairs").exists()

    tab_to(page, page.get_by_role("link", name="Add a spending line"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Description")).to_be_focused()
    page.keyboard.type("Gym Membership")
    tab_to(page, page.get_by_label("Category of purchase"))
    page.keyboard.type("Exercise")
    tab_to(page, page.get_by_label("Unit cost"))
    page.keyboard.type("580.00")
    choose_radio(page, page.get_by_label("One-off"), 3)  # yearly
    tab_to(page, page.get_by_label("Quantity"))
    page.keyboard.type("1")
    choose_radio(page, page.get_by_label("Notional", exact=True), 1)  # direct payment
    tab_to(page, page.get_by_label("Walking to the shop on my own."))
    page.keyboard.press("Space")
    sentence = page.locator("#line-totals-sentence")
    expect(sentence).to_have_text("Total £580.00 a year of £4,800.00; £4,220.00 left.")
    expect(page.locator("#line-totals")).to_contain_text("This line: £580.00 a year")
    assert_accessible(page)
    settled(page)
    tab_to(page, page.get_by_role("button", name="Save the line"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("“Gym Membership” has been added.")).to_be_focused()
    expect(page.locator("#draft-totals")).to_contain_text("£580.00")
    expect(page.get_by_role("table", name="The spending plan’s lines")).to_contain_text(
        "Gym Membership"
    )
    assert SpendingLine.objects.filter(description="Gym Membership").exists()
    assert loads == [], f"the page was loaded again: {loads}"
    assert_accessible(page)


def session_ends_at():
    return Session.objects.order_by("-expire_date").values_list("expire_date", flat=True)[0]


def test_the_warning_before_the_session_ends_keeps_it_going(page, people, draft, settings):
    settings.SESSION_COOKIE_AGE = 30
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 3
    sign_in_by_keyboard(page, "cara")
    open_editor(page, draft)
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=8_000)
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_accessible(page)
    before = session_ends_at()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    # The keep-alive saved the session again: it ends later than it would have.
    assert session_ends_at() > before


def test_at_the_end_what_was_typed_is_put_back_after_signing_in_again(
    page, people, draft, settings
):
    settings.SESSION_COOKIE_AGE = 6
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 2
    sign_in_by_keyboard(page, "cara")
    line_page = f"/care-plans/{draft.plan_id}/lines/add/"
    page.goto(line_page)
    page.wait_for_load_state("load")
    description = page.get_by_label("Description")
    tab_to(page, description)
    page.keyboard.type("Swimming lessons")
    # Nothing more is sent: the warning, then signing out and the sign-in page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in", timeout=15_000)
    expect(page.get_by_text("You were signed out after")).to_be_visible()
    settings.SESSION_COOKIE_AGE = 600
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 480
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("cara")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(line_page) + "$"))
    expect(page.get_by_label("Description")).to_have_value("Swimming lessons")
    notice = page.get_by_role("status").filter(has_text="has been put back")
    expect(notice).to_be_focused()
    assert_accessible(page)
    # Put back once: the copy kept in the tab is gone.
    page.reload()
    expect(page.get_by_label("Description")).to_have_value("")
