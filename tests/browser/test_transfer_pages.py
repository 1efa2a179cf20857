"""In a real browser, by keyboard alone: a coordinator asks for a person another team holds,
and that team's facilitator agrees from the list of waiting requests. axe runs on the ask
page, the list and the request's page."""

import re

import pytest
from playwright.sync_api import expect

from participants.models import Participant
from people.models import Role
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import choose_radio, sign_in_by_keyboard, tab_to
from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_for_a_person_and_agree_by_keyboard(page, people):
    facilitator = UserFactory(username="hana", role=Role.FACILITATOR, team=people.other_team)
    ParticipantFactory(
        nhs_number="9990000018", team=people.other_team, given_name="Bea", family_name="Moving"
    )
    csp = []
    page.on(
        "console",
        lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None,
    )

    sign_in_by_keyboard(page, "cara")
    page.goto("/transfers/ask/")
    assert_accessible(page)
    tab_to(page, page.get_by_label("The person’s NHS number"))
    page.keyboard.type("999 000 0018")
    tab_to(page, page.get_by_label("Why the person is moving to your team"))
    page.keyboard.type("Moved into our area.")
    tab_to(page, page.get_by_role("button", name="Send the request"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transfer request")
    expect(page.locator("main")).not_to_contain_text("Bea")
    assert_accessible(page)

    page.goto("/")
    page.get_by_role("button", name="Sign out").click()
    sign_in_by_keyboard(page, facilitator.username)
    waiting = page.get_by_role("link", name="1 transfer request waiting for your decision")
    tab_to(page, waiting)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transfers between teams")
    assert_accessible(page)
    tab_to(page, page.get_by_role("link", name=re.compile(r"^Bea Moving\s?: see the request")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transfer of Bea Moving")
    assert_accessible(page)
    choose_radio(page, page.get_by_label("Agree: the person moves"), 0)
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("Agreed: Bea Moving is now with Riverside CMHT")
    assert_accessible(page)

    assert Participant.objects.get(nhs_number="9990000018").team == people.team
    assert csp == []
