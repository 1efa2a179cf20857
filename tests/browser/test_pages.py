"""In a real browser: signing in by keyboard alone, and axe on the pages."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def test_sign_in_by_keyboard_alone(page, people):
    page.goto("/")
    expect(page).to_have_url("/sign-in/?next=/")

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Skip to main content")
    page.keyboard.press("Enter")

    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "username")
    page.keyboard.type("cara")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Hello, {people.coordinator.first_name}"
    )
    expect(page).to_have_url("/")


def test_the_sign_in_page_is_accessible(page, db):
    page.goto("/sign-in/")
    assert_accessible(page)


def test_a_failed_sign_in_page_is_accessible(page, people):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("cara")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)


@pytest.mark.parametrize(
    "who", ["coordinator", "facilitator", "commissioner", "peer_reviewer", "administrator"]
)
def test_every_home_page_is_accessible(page, people, who):
    sign_in(page, getattr(people, who).username)
    assert_accessible(page)


def test_the_error_pages_are_accessible(page, people):
    sign_in(page, "cara")
    response = page.goto("/teams/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)

    response = page.goto("/audit/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    assert_accessible(page)


def test_the_team_and_audit_pages_are_accessible(page, people):
    person = ParticipantFactory(team=people.team)
    person.address = "7 Harbour Row, Northshire"
    person.save()
    change = person.history.latest()
    sign_in(page, "ada")
    page.goto(f"/teams/{people.team.pk}/")
    assert_accessible(page)
    page.goto("/audit/")
    assert_accessible(page)
    page.goto("/audit/changes/")
    assert_accessible(page)
    page.goto(f"/audit/changes/participants.Participant/{change.history_id}/")
    expect(page.get_by_role("cell", name="Address")).to_be_visible()
    assert_accessible(page)


def test_no_content_security_policy_violation_on_the_pages(page, people):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, "ada")
    page.goto("/teams/")
    assert violations == []


def test_the_server_error_page_is_accessible(page, live_server, rf):
    from common.errors import server_error

    html = server_error(rf.get("/")).content.decode()
    page.route(
        f"{live_server.url}/broken/",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html"),
    )
    response = page.goto("/broken/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, there is a problem with the service"
    )
    assert_accessible(page)


def test_the_browser_understands_every_feature_of_the_permissions_policy(page, people):
    complaints = []
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Permissions-Policy" in message.text else None
        ),
    )
    sign_in(page, "cara")
    page.goto("/teams/")
    assert page.evaluate("document.featurePolicy.allowsFeature('camera')") is False
    assert page.evaluate("document.featurePolicy.allowsFeature('geolocation')") is False
    assert complaints == []


def test_the_locked_accounts_page_is_accessible_and_unlocks(page, people):
    from django.test import Client

    stranger = Client()
    for _ in range(5):
        stranger.post("/sign-in/", {"username": "cara", "password": "not-the-password"})
    sign_in(page, "ada")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Locked accounts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Locked accounts")
    assert_accessible(page)

    page.get_by_role("button", name=f"Unlock {people.coordinator} (cara)").click()
    expect(page.get_by_text("account is unlocked")).to_be_visible()
    expect(page.get_by_text("No account is locked.")).to_be_visible()
    assert_accessible(page)


def test_a_user_asked_for_a_new_password_is_sent_to_change_it(page, people):
    people.coordinator.must_change_password = True
    people.coordinator.save()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill("cara")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    expect(page.get_by_text("Your administrator has asked you")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("a-new-long-passphrase")
    page.get_by_label("New password confirmation").fill("a-new-long-passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    page.goto("/teams/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teams")


def test_the_api_tokens_page_is_accessible_and_shows_a_new_key_once(page, people):
    sign_in(page, "cara")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert_accessible(page)

    page.get_by_label("Name").fill("reporting script")
    page.get_by_role("button", name="Make a token").click()
    key = page.locator("#new-token-key")
    expect(key).to_contain_text("phb_")
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Revoke the token reporting script").click()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Make a token").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a name for the token")
    assert_accessible(page)
