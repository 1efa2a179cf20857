"""In a real browser: a coordinator submits a plan; the facilitator is emailed a link, opens
it, signs in and, by keyboard alone, records the decision; the notifications page, reached
from the header by keyboard, passes axe. With a broker the email is sent by a real worker
(which writes it to a folder); without one, in process (Django's test outbox)."""

import time
from email import message_from_string
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from careplans.models import PlanStatus
from notifications.models import Notification
from tests.browser.conftest import assert_accessible
from tests.browser.test_careplan_pages import sign_in_by_keyboard, tab_to
from tests.builders import appendix_1_lines, complete_draft
from tests.factories import PASSWORD

pytest_plugins = ["tests.notification_helpers"]  # addressed, ann, in_process

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEPARATOR = "\n" + "-" * 79 + "\n"


@pytest.fixture
def outbox(request, live_server, tmp_path, settings):
    """A way to read the emails sent so far, as (to, body) pairs; their links lead to the
    live server."""
    settings.SITE_URL = live_server.url
    if not settings.REDIS_URL:
        return lambda: [(m.to[0], m.body) for m in mail.outbox]
    folder = tmp_path / "emails"
    request.getfixturevalue("worker_queue").start(
        DJANGO_EMAIL_BACKEND="file",
        DJANGO_EMAIL_FILE_PATH=str(folder),
        DJANGO_SITE_URL=live_server.url,
    )

    def read() -> list[tuple[str, str]]:
        found = []
        for path in sorted(Path(folder).glob("*.log")) if folder.exists() else []:
            for text in path.read_text().split(SEPARATOR):
                if text.strip():
                    message = message_from_string(text)
                    body = message.get_payload(decode=True).decode(message.get_content_charset())
                    found.append((message["To"], body))
        return found

    return read


def email_to(outbox, address: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for to, body in outbox():
            if to == address:
                return body
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} after {timeout} s")


def test_the_facilitator_follows_the_email_to_the_decision_by_keyboard(
    page, live_server, addressed, ann, pilot_tariffs, outbox
):
    people = addressed
    version, outcome = complete_draft(people, ann)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)

    sign_in_by_keyboard(page, "cara")
    page.goto(f"/care-plans/{version.plan_id}/submit/")
    tab_to(page, page.get_by_role("button", name="Submit for sign-off"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sent to the facilitator")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Username")).to_be_visible()

    body = email_to(outbox, "femi@nhs.example")
    assert "A care plan for A. E. is waiting for your decision." in body
    for personal in ("Ann", "Example", ann.nhs_number):
        assert personal not in body
    link = next(word for word in body.split() if "/notifications/open/" in word)
    assert link.startswith(f"{live_server.url}/notifications/open/?id=")

    # The link asks the facilitator to sign in, then opens the decision page.
    page.goto(link)
    expect(page.get_by_label("Username")).to_be_visible()
    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type("femi")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Decide on the care plan")
    assert urlsplit(page.url).path == f"/care-plans/{version.plan_id}/decide/"
    assert Notification.objects.get(recipient=people.facilitator).read_at is not None
    # The whole plan is in view where the decision is made.
    main = page.get_by_role("main")
    for said in (
        "I want to feel confident going out on my own.",  # an outcome
        "Spending the money on other things",  # a risk
        "Time limited number of 4 sessions with CMHT",  # the lines
        "Personal computer",
        "£4,774.20",  # the total
        "£4,800.00 for 2012-13",  # the budget and its year
        "Who shaped this version",
    ):
        expect(main).to_contain_text(said)

    tab_to(page, page.get_by_label("Sign off the plan"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Record the decision"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("You signed off Ann Example’s plan")).to_be_visible()
    version.refresh_from_db()
    assert version.status == PlanStatus.SIGNED_OFF

    # The coordinator is told, by email too.
    assert "has been signed off" in email_to(outbox, "cara@nhs.example")

    # The facilitator's notifications, from the header, by keyboard.
    tab_to(page, page.get_by_role("link", name="Notifications", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    row = page.get_by_role("row", name="A care plan for A. E. is waiting for your decision.")
    expect(row).to_contain_text("Read")
    assert_accessible(page)


def test_the_notifications_page_with_unread_ones_and_an_error_free_form(page, people):
    from notifications.services import notify

    for n in range(3):
        notify([people.coordinator], "review_due", f"/care-plans/{n}/", "B. C.", f"due-{n}")
    sign_in_by_keyboard(page, "cara")
    tab_to(page, page.get_by_role("link", name="Notifications (3 unread)"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Email me my notifications"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save the email setting"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("You will not be emailed your notifications")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Mark all as read"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("All your notifications are marked as read.")).to_be_visible()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page)
