"""Review packs made in process, as in the embedded run (no broker): the task runs in the
web process when the request that asked for the pack commits, and nothing else will ever
run it. So a pack is never left waiting: a render that fails is tried again and then
failed with its reason."""

import pytest

from reviews.models import ReviewPack
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def in_process(settings, tmp_path):
    """Tasks run in this process whatever this run's broker, as they do with no REDIS_URL."""
    from phb.celery import app

    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def version(people, pilot_tariffs):
    person = ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)


def test_asking_renders_the_pack_before_the_page_shows_it(client, people, version):
    client.force_login(people.coordinator)
    response = client.post(f"/reviews/plans/{version.plan_id}/packs/", follow=True)
    pack = ReviewPack.objects.get()
    assert pack.status == ReviewPack.Status.READY
    assert "Download the review pack" in response.text


def test_a_render_that_fails_is_tried_again_then_failed_with_its_reason(
    client, people, version, settings, tmp_path
):
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the packs' folder should be")
    settings.REVIEW_PACK_ROOT = not_a_folder
    settings.REVIEW_PACK_MAX_RETRIES = 2
    client.force_login(people.coordinator)

    response = client.post(f"/reviews/plans/{version.plan_id}/packs/", follow=True)

    pack = ReviewPack.objects.get()
    assert pack.status == ReviewPack.Status.FAILED
    assert pack.renders == 3  # the first try and two more, never left queued
    assert "FileExistsError" in pack.last_error or "NotADirectoryError" in pack.last_error
    assert response.status_code == 200
    assert "The pack could not be made" in response.text
    assert "Try again" in response.text
