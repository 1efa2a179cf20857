"""In a real browser, by keyboard alone: a coordinator's home page starts with what waits
for them, with counts; following one count's link opens the list of those people, sorted
and sortable. axe runs on both pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.home_builders import waiting_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_follows_a_count_to_the_list_by_keyboard(page, people):
    mine = waiting_in(people.team, people.coordinator)
    waiting_in(people.other_team, people.other_coordinator)

    sign_in_by_keyboard(page, "cara")
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    drafts = page.locator("#waiting-draft")
    expect(drafts.locator(".app-figure")).to_have_text("2 with a draft")
    expect(page.locator("#waiting-returned .app-figure")).to_have_text("4 returned")
    expect(page.locator("#waiting-review_overdue .app-figure")).to_have_text("1 overdue")
    menu = page.get_by_role("navigation", name="Menu")
    expect(
        menu.get_by_role("link", name=re.compile(r"^Overdue reviews \(1 overdue\s?\)"))
    ).to_be_visible()
    expect(menu.get_by_role("link", name="API")).to_have_count(0)
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name=re.compile(r"^See the people with a draft")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Participants")
    expect(page.get_by_label("Showing")).to_have_value("draft")
    rows = page.locator("#participants tbody tr")
    expect(rows).to_have_count(2)
    names = {
        f"{mine.draft.family_name}, {mine.draft.given_name}",
        f"{mine.redrafted.family_name}, {mine.redrafted.given_name}",
    }
    for name in names:
        expect(page.locator("#participants")).to_contain_text(name)
    assert_accessible(page)

    tab_to(page, page.get_by_role("link", name=re.compile(r"^Plan status")))
    page.keyboard.press("Enter")
    expect(page.locator('#participants th[aria-sort="ascending"]')).to_contain_text("Plan status")
    expect(rows.first).to_contain_text("Draft")
    expect(rows.last).to_contain_text("Returned")
