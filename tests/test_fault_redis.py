"""Redis stops under a running service (gunicorn and a Celery worker, both real processes,
on a Redis of this test's own): pages still work, ``/healthz`` names the broker as down,
a review pack asked for meanwhile waits queued and is made, once, when Redis is back."""

import uuid

import pytest
from django.urls import reverse

from reviews.models import ReviewPack
from tests.builders import signed_off_appendix_1
from tests.conftest import _test_database_url, start_worker, stop_worker, worker_environment
from tests.factories import ParticipantFactory
from tests.fault_processes import Browser, free_port, start_gunicorn, start_redis, stop, wait_until


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )


@pytest.fixture
def version(people, person, pilot_tariffs):
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)


@pytest.fixture
def own_redis(tmp_path):
    port = free_port()
    processes = [start_redis(port, tmp_path / "redis.log")]

    class Redis:
        url = f"redis://127.0.0.1:{port}/0"

        def stop(self) -> None:
            stop(processes[-1])

        def start(self) -> None:
            processes.append(start_redis(port, tmp_path / "redis.log"))

    yield Redis()
    for process in processes:
        stop(process)


@pytest.fixture
def service(own_redis, tmp_path, settings, django_db_setup):
    """gunicorn and a worker on the test database and this test's Redis."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {"REDIS_URL": own_redis.url}
    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    worker = start_worker(
        queue, tmp_path / "worker.log", **env, REVIEW_PACK_ROOT=str(settings.REVIEW_PACK_ROOT)
    )
    web_env = worker_environment(
        queue,
        _test_database_url(),
        **env,
        REVIEW_PACK_ROOT=str(settings.REVIEW_PACK_ROOT),
    )
    web, base = start_gunicorn(web_env, tmp_path / "gunicorn.log")
    yield base
    stop(web)
    stop_worker(worker)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_pages_work_and_a_pack_waits_until_it_is_back(
    people, person, version, own_redis, service, settings
):
    browser = Browser(service)
    browser.sign_in(people.coordinator.username)
    commissioner = Browser(service)
    commissioner.sign_in(people.commissioner.username)
    person_page = reverse("participants:detail", args=[person.pk])
    assert browser.get("/healthz").json()["broker"] == "ok"

    own_redis.stop()

    page = browser.get(person_page)
    assert page.status_code == 200
    assert "Ann" in page.text
    assert "Example" in page.text
    queue = commissioner.get(reverse("careplans:queue"))
    assert queue.status_code == 200
    assert "<h1" in queue.text
    health = browser.get("/healthz")
    assert health.status_code == 503
    assert health.json()["database"] == "ok"
    assert health.json()["broker"].startswith("down")

    token = browser.csrf_token(person_page)
    asked = browser.post(
        reverse("reviews:pack_request", kwargs={"plan_pk": version.plan.pk}),
        data={"csrfmiddlewaretoken": token},
    )
    assert asked.status_code == 302, asked.text[:2000]
    pack = ReviewPack.objects.get(version=version)
    assert pack.status == ReviewPack.Status.QUEUED
    pack_page = asked.headers["Location"]
    waiting = browser.get(pack_page)  # still down: it stays queued, and says why
    assert waiting.status_code == 200
    assert "the task queue did not answer" in waiting.text

    own_redis.start()

    def ready():
        assert browser.get(pack_page).status_code == 200  # a look sends it again
        pack.refresh_from_db()
        return pack.status == ReviewPack.Status.READY

    wait_until(ready, timeout=60, what="the pack is made once Redis is back", interval=1)
    assert browser.get("/healthz").status_code == 200
    assert pack.renders == 1
    files = list((settings.REVIEW_PACK_ROOT).iterdir())
    assert [file.name for file in files] == [pack.file_name]
    assert ReviewPack.objects.filter(version=version).count() == 1


@pytest.mark.django_db
def test_a_pack_not_sent_is_sent_again_by_the_sweep(
    people, version, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from reviews import packs
    from reviews.tasks import render_review_pack, requeue_stalled_packs

    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    sent = []

    def broker_down(pack_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(render_review_pack, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        pack, created = packs.pack_request(user=people.coordinator, version=version)
    pack.refresh_from_db()
    assert created
    assert pack.status == ReviewPack.Status.QUEUED
    assert pack.last_error == packs.NOT_SENT

    monkeypatch.setattr(render_review_pack, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_packs() == 1
    assert sent == [str(pack.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_packs() == 0  # sent: not due again until it stalls
    assert sent == [str(pack.pk)]
