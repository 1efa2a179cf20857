"""In a real browser: record a review, ask for its review pack, watch the page follow the
worker until the pack is ready, download it; axe on the review form and the pack page."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from reviews.models import ReviewPack
from tests.browser.conftest import assert_accessible
from tests.browser.test_pages import sign_in
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(request):
    """A real worker when there is a broker (CI); without one, packs render in process."""
    if settings.REDIS_URL:
        return request.getfixturevalue("celery_worker_process")
    return None


@pytest.fixture
def plan(people, pilot_tariffs):
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention).plan


def test_record_a_review_then_print_and_download_its_pack(page, people, plan, worker):
    sign_in(page, "cara")
    page.goto(f"/reviews/plans/{plan.pk}/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a review")
    assert_accessible(page)

    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)

    page.get_by_label("Who attended").fill("Ann, her sister, Cara")
    page.get_by_role(
        "group", name="Progress on “I want to feel confident going out on my own.”"
    ).get_by_label("Good progress").check()
    page.get_by_label("Spent so far on “Gym membership”").fill("290.00")
    page.get_by_role("group", name="What the review decided").get_by_label(
        "Continue as planned"
    ).check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review of")
    # The page's scripts first focus the success banner, which may scroll the page.
    page.wait_for_load_state("load")

    page.get_by_role("button", name="Print a review pack of this review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review pack")
    pack_url = page.url
    assert_accessible(page)
    download_link = page.get_by_role("link", name="Download the review pack (PDF)")
    expect(download_link).to_be_visible(timeout=60_000)  # the page follows the worker
    assert page.url == pack_url
    assert_accessible(page)

    with page.expect_download() as info:
        download_link.click()
    pack = ReviewPack.objects.get()
    assert pack.status == ReviewPack.Status.READY
    assert info.value.suggested_filename == pack.download_name
    assert Path(info.value.path()).read_bytes()[:4] == b"%PDF"
