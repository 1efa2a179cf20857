"""Review packs made in process, as in the embedded run (no broker): the task runs in the
web process when the request that asked for the pack commits, and nothing else will ever
run it. So a pack is never left waiting: a render that fails is tried again and then
failed with its reason, and a pack whose task never ran or never finished (the process
stopped) is sent again when someone next looks at it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reviews import packs
from reviews.models import ReviewPack
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

STALLED_AFTER = 60  # seconds a pack may wait for its task before it is sent again


@pytest.fixture(autouse=True)
def in_process(settings, tmp_path):
    """Tasks run in this process whatever this run's broker, as they do with no REDIS_URL."""
    from phb.celery import app

    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    settings.REVIEW_PACK_STALLED_AFTER = STALLED_AFTER
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


def left_behind(version, user, status=ReviewPack.Status.QUEUED, waited=0) -> ReviewPack:
    """A pack as a stopped process leaves it: committed, its task never run (queued) or
    never finished (rendering), asked for (or started) ``waited`` seconds ago."""
    pack = ReviewPack.objects.create(
        version=version,
        key=ReviewPack.key_for(version, None),
        requested_by=user,
        status=status,
        renders=1 if status == ReviewPack.Status.RENDERING else 0,
    )
    then = timezone.now() - timedelta(seconds=waited)
    started = then if status == ReviewPack.Status.RENDERING else None
    ReviewPack.objects.filter(pk=pack.pk).update(requested_at=then, started_at=started)
    pack.refresh_from_db()
    return pack


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


def test_a_pack_whose_task_never_ran_is_made_when_its_page_is_next_looked_at(
    client, people, version
):
    pack = left_behind(version, people.coordinator, waited=STALLED_AFTER + 1)
    client.force_login(people.coordinator)

    client.get(f"/reviews/packs/{pack.pk}/", headers={"HX-Request": "true"})  # the 2 s poll

    pack.refresh_from_db()
    assert pack.status == ReviewPack.Status.READY
    assert pack.renders == 1
    page = client.get(f"/reviews/packs/{pack.pk}/", headers={"HX-Request": "true"})
    assert "Download the review pack" in page.text


def test_a_pack_whose_render_never_finished_is_made_again(client, people, version):
    pack = left_behind(
        version,
        people.coordinator,
        status=ReviewPack.Status.RENDERING,
        waited=STALLED_AFTER + 1,
    )
    client.force_login(people.coordinator)

    client.get(f"/reviews/packs/{pack.pk}/")

    pack.refresh_from_db()
    assert pack.status == ReviewPack.Status.READY
    assert pack.renders == 2  # the one that stopped, and this one


def test_a_pack_still_within_its_time_is_not_sent_twice(client, people, version):
    queued = left_behind(version, people.coordinator, waited=STALLED_AFTER - 5)
    client.force_login(people.coordinator)

    page = client.get(f"/reviews/packs/{queued.pk}/")

    queued.refresh_from_db()
    assert (queued.status, queued.renders) == (ReviewPack.Status.QUEUED, 0)
    assert "Waiting for its turn" in page.text


def test_asking_again_for_a_pack_left_waiting_makes_it(client, people, version):
    pack = left_behind(version, people.coordinator, waited=STALLED_AFTER + 1)
    client.force_login(people.facilitator)

    response = client.post(f"/reviews/plans/{version.plan_id}/packs/")

    assert response["Location"] == f"/reviews/packs/{pack.pk}/"
    pack.refresh_from_db()
    assert pack.status == ReviewPack.Status.READY
    assert ReviewPack.objects.count() == 1


def test_the_api_status_of_a_pack_left_waiting_makes_it(api, people, version):
    pack = left_behind(version, people.coordinator, waited=STALLED_AFTER + 1)
    api.force_authenticate(people.coordinator)

    api.get(f"/api/v1/review-packs/{pack.pk}/")

    assert api.get(f"/api/v1/review-packs/{pack.pk}/").json()["status"] == "ready"


def test_of_two_looks_at_once_only_one_sends_it_again(people, version):
    pack = left_behind(version, people.coordinator, waited=STALLED_AFTER + 1)
    seen_by_the_other = ReviewPack.objects.get(pk=pack.pk)  # read before the first sends it

    assert packs.pack_resend_if_stalled(pack) is True
    assert packs.pack_resend_if_stalled(seen_by_the_other) is False
    pack.refresh_from_db()
    assert (pack.status, pack.renders) == (ReviewPack.Status.READY, 1)
