"""No page scrolls sideways at 320 CSS pixels wide (WCAG 1.4.10, reflow): a wide table
scrolls in its own box, long words wrap, summary lists stack. And the service status
page passes axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from careplans import decisions
from reviews import services
from reviews.models import Review
from tests.browser.conftest import assert_accessible
from tests.builders import appendix_1_lines, complete_draft, signed_off_appendix_1
from tests.factories import PASSWORD, ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 320, 640
LONG_NAME = "Featherstonehaugh-Cholmondeley-Wolstenholme"


def sign_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")


def sideways(page, path: str) -> str | None:
    """What scrolls sideways on the page at ``path`` (None when nothing does)."""
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, f"{path}: {response.status}"
    page.wait_for_load_state("load")
    widths = page.evaluate(
        """() => {
            const page = document.documentElement.scrollWidth, view = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > view + 1
                             && !e.closest('.app-table-scroll, .nhsuk-u-visually-hidden'))
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + '.' + [...e.classList].join('.'));
            return {page, view, wide};
        }"""
    )
    if widths["page"] <= widths["view"]:
        return None
    return f"{path}: {widths['page']} px wide in {widths['view']} ({widths['wide']})"


@pytest.fixture
def records(people, pilot_tariffs):
    cmht = pilot_tariffs["cmht"].intervention
    person = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, family_name=LONG_NAME
    )
    signed_off = signed_off_appendix_1(people, person, cmht)
    review = services.review_record(
        user=people.coordinator,
        plan=signed_off.plan,
        held_on=timezone.localdate(),
        attendees="Cara and the person",
        what_is_working="The gym",
        what_is_not_working="",
        progress=[services.Progress(o, 4, "Better") for o in signed_off.outcomes.all()],
        spending=[services.Spent(line, "100.00") for line in signed_off.lines.all()],
        decision=Review.Decision.CONTINUE,
        taper=[],
    )
    waiting_person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    waiting, outcome = complete_draft(people, waiting_person)
    appendix_1_lines(people, waiting, outcome, cmht)
    decisions.submit(user=people.coordinator, version=waiting)
    drafting_person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    draft, outcome = complete_draft(people, drafting_person)
    appendix_1_lines(people, draft, outcome, cmht)
    return {
        "person": person,
        "plan": signed_off.plan,
        "review": review,
        "waiting": waiting.plan,
        "draft": draft.plan,
        "due": timezone.localdate() + timedelta(days=1),
    }


def test_no_page_scrolls_sideways_at_320_pixels(page, people, records):
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    person, plan = records["person"], records["plan"]
    visits = {
        "cara": [
            "/",
            "/participants/",
            f"/participants/{person.pk}/",
            f"/care-plans/{plan.pk}/",
            f"/care-plans/{records['draft'].pk}/edit/",
            f"/reviews/{records['review'].pk}/",
            "/tariffs/",
        ],
        "femi": ["/", "/care-plans/queue/", f"/care-plans/{records['waiting'].pk}/decide/"],
        "connor": ["/", "/reports/", "/tariffs/", "/tariffs/clusters/"],
        "priya": ["/"],
        "ada": ["/", "/audit/"],
    }
    faults = []
    page.context.clear_cookies()
    faults.append(sideways(page, "/status/"))
    faults.append(sideways(page, "/sign-in/"))
    for username, paths in visits.items():
        sign_in(page, username)
        faults += [sideways(page, path) for path in paths]
    faults = [fault for fault in faults if fault]
    assert not faults, "\n".join(faults)


def test_the_service_status_page_is_accessible_without_sign_in(page, db):
    page.goto("/status/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service status")
    expect(page.get_by_text("The service is working.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="in JSON").click()
    expect(page.locator("body")).to_contain_text('"status": "ok"')
