"""In a real browser, by keyboard alone: a coordinator imports a file of PHB categories
(a bad file first, then a good one) and sees the category on the person's page. axe runs
on the import page, its problems, its preview and the person's page."""

import pytest
from playwright.sync_api import expect

from participants.models import Participant
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_imports_categories_by_keyboard(page, people):
    person = ParticipantFactory(team=people.team, given_name="Ann", family_name="Example")
    sign_in_by_keyboard(page, "cara")
    page.goto("/participants/")
    tab_to(page, page.get_by_role("link", name="Import PHB categories from a CSV file"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import PHB categories")
    assert_accessible(page)

    tab_to(page, page.get_by_label("Or paste the rows"))
    page.keyboard.type(f"nhs_number,phb_category\n{person.nhs_number},end of life\n")
    tab_to(page, page.get_by_role("button", name="Check the file"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("The file cannot be imported")
    expect(page.get_by_text("Unknown PHB category “end of life”", exact=False)).to_be_visible()
    assert_accessible(page)

    tab_to(page, page.get_by_label("Or paste the rows"))
    page.keyboard.type(f"nhs_number,phb_category\n{person.nhs_number},Adult fast track\n")
    tab_to(page, page.get_by_role("button", name="Check the file"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("check the rows")
    expect(page.get_by_role("cell", name="Adult fast track")).to_be_visible()
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name="Import 1 row"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Changed the category of 1 person.")).to_be_visible()
    assert Participant.objects.get(pk=person.pk).phb_category == "fast_track"

    page.goto(f"/participants/{person.pk}/")
    expect(page.get_by_text("PHB category (for NHS England’s return)")).to_be_visible()
    expect(page.get_by_text("Adult fast track")).to_be_visible()
    assert_accessible(page)
