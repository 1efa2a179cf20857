"""Review packs: rendered by a real Celery worker with WeasyPrint, once, into private
storage; downloaded only by those who may see the person."""

import os
import shutil
import signal
import subprocess
import time
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from audit.models import AuditEvent
from reviews import packs
from reviews.models import ReviewPack
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

APPENDIX_1_FIGURES = ["£4,274.20", "£4,774.20", "£25.80"]
PROJECT = Path(__file__).resolve().parent.parent


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
def pack_root(settings, tmp_path):
    settings.REVIEW_PACK_ROOT = tmp_path / "review-packs"
    return settings.REVIEW_PACK_ROOT


def wait_for(pack: ReviewPack, statuses, timeout=60.0, interval=0.05) -> ReviewPack:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pack.refresh_from_db()
        if pack.status in statuses:
            return pack
        time.sleep(interval)
    raise AssertionError(f"pack still {pack.status} after {timeout} s: {pack.last_error}")


def pdf_text(pack: ReviewPack) -> str:
    reader = PdfReader(BytesIO(packs.path_of(pack).read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def render_here(pack: ReviewPack) -> ReviewPack:
    """Render in this process, by the same code the worker runs (no broker needed)."""
    return packs.render_and_store(packs.start_render(pack.pk))


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
class TestThroughARealWorker:
    def test_a_pack_is_rendered_by_the_worker(self, people, version, celery_worker_process):
        pack, created = packs.pack_request(user=people.coordinator, version=version)
        assert created
        assert pack.status == ReviewPack.Status.QUEUED
        wait_for(pack, {ReviewPack.Status.READY, ReviewPack.Status.FAILED})
        assert pack.status == ReviewPack.Status.READY, pack.last_error
        assert pack.renders == 1
        text = pdf_text(pack)
        assert "Ann Example" in text
        assert "999 " in text  # the NHS number, for the meeting
        for figure in APPENDIX_1_FIGURES:
            assert figure in text
        assert "Signed off" in text
        assert f"Page 1 of {pack.pages}" in text
        # The worker wrote it where this test run keeps its files, not into the project.
        assert not packs.path_of(pack).resolve().is_relative_to(PROJECT)

    def test_asking_twice_renders_once(self, people, version, celery_worker_process):
        first, _ = packs.pack_request(user=people.coordinator, version=version)
        again, created = packs.pack_request(user=people.facilitator, version=version)
        assert (again.pk, created) == (first.pk, False)
        wait_for(first, {ReviewPack.Status.READY})
        later, created = packs.pack_request(user=people.coordinator, version=version)
        assert (later.pk, created) == (first.pk, False)
        later.refresh_from_db()
        assert later.content_hash == first.content_hash
        assert later.renders == 1
        assert ReviewPack.objects.count() == 1

    def test_a_worker_killed_mid_render_leaves_no_pack_stuck(
        self, people, version, worker_queue, pack_root
    ):
        fast = {
            "CELERY_VISIBILITY_TIMEOUT": "6",
            "CELERY_TASK_TIME_LIMIT": "5",
            "REVIEW_PACK_ROOT": str(pack_root),
        }
        worker = worker_queue.start(**fast)
        pack, _ = packs.pack_request(user=people.coordinator, version=version)
        wait_for(pack, {ReviewPack.Status.RENDERING, ReviewPack.Status.READY}, interval=0.005)
        os.killpg(worker.pid, signal.SIGKILL)  # the whole worker, mid-render
        worker.wait()
        pack.refresh_from_db()
        # Killed between taking the pack and finishing it (a render takes far longer than
        # the few milliseconds it took to see it start and kill the worker).
        assert pack.status == ReviewPack.Status.RENDERING
        assert not list(Path(pack_root).glob("*.pdf"))

        worker_queue.start(**fast)  # after the visibility timeout the task comes back
        wait_for(pack, {ReviewPack.Status.READY, ReviewPack.Status.FAILED}, timeout=90)
        assert pack.status == ReviewPack.Status.READY
        assert pack.renders == 2  # the one killed, and one more
        assert "Ann Example" in pdf_text(pack)

    def test_a_render_that_fails_is_retried_then_failed_with_its_reason(
        self, people, version, worker_queue, tmp_path
    ):
        not_a_folder = tmp_path / "not-a-folder"
        not_a_folder.write_text("a file where the packs' folder should be")
        worker_queue.start(
            REVIEW_PACK_ROOT=str(not_a_folder),
            REVIEW_PACK_MAX_RETRIES="2",
            REVIEW_PACK_RETRY_DELAY="1",
        )
        pack, _ = packs.pack_request(user=people.coordinator, version=version)
        wait_for(pack, {ReviewPack.Status.FAILED}, timeout=60)
        assert pack.renders == 3  # the first try and two retries
        assert "FileExistsError" in pack.last_error or "NotADirectoryError" in pack.last_error
        # Failed is final for that pack; asking again queues a new one.
        again, created = packs.pack_request(user=people.coordinator, version=version)
        assert created
        assert again.pk != pack.pk


@pytest.mark.django_db
class TestDownload:
    @pytest.fixture
    def ready(self, people, version, pack_root):
        pack, _ = packs.pack_request(user=people.coordinator, version=version)
        pack.refresh_from_db()
        if pack.status != ReviewPack.Status.READY:
            render_here(pack)
        pack.refresh_from_db()
        return pack

    def test_the_team_downloads_it_as_an_attachment_never_cached(self, api, people, ready):
        api.force_authenticate(people.facilitator)
        response = api.get(f"/api/v1/review-packs/{ready.pk}/download/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'attachment; filename="review-pack-plan-{ready.version.plan_id}-v1.pdf"'
        )
        assert "no-store" in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF")
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.DOWNLOAD)
        assert (event.username, event.object_id) == (people.facilitator.username, str(ready.pk))

    @pytest.mark.parametrize("who", ["other_coordinator", "foreign_commissioner", "administrator"])
    def test_anyone_else_gets_404_on_status_and_download(self, api, people, ready, who):
        api.force_authenticate(getattr(people, who))
        assert api.get(f"/api/v1/review-packs/{ready.pk}/").status_code == 404
        assert api.get(f"/api/v1/review-packs/{ready.pk}/download/").status_code == 404
        plan = ready.version.plan_id
        assert api.post(f"/api/v1/care-plans/{plan}/review-packs/").status_code == 404
        assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.DOWNLOAD).exists()

    def test_the_file_has_no_public_url(self, client, people, ready, settings):
        root = Path(settings.REVIEW_PACK_ROOT).resolve()
        assert not root.is_relative_to(Path(settings.STATIC_ROOT).resolve())
        assert all(not root.is_relative_to(Path(d).resolve()) for d in settings.STATICFILES_DIRS)
        client.force_login(people.coordinator)
        for url in [
            f"/media/review-packs/{ready.file_name}",
            f"/private/review-packs/{ready.file_name}",
            f"/static/{ready.file_name}",
            f"/{ready.file_name}",
        ]:
            assert client.get(url).status_code == 404, url

    def test_the_api_answers_202_with_the_pack(self, api, people, ready):
        api.force_authenticate(people.coordinator)
        plan = ready.version.plan_id
        response = api.post(f"/api/v1/care-plans/{plan}/review-packs/", {"version": 1})
        assert response.status_code == 202
        body = response.json()
        assert (body["id"], body["status"]) == (str(ready.pk), "ready")
        assert body["download_url"] == f"/api/v1/review-packs/{ready.pk}/download/"
        status = api.get(f"/api/v1/review-packs/{ready.pk}/").json()
        assert status["content_hash"] == ready.content_hash


@pytest.mark.django_db
def test_the_pages_fit_the_paper(people, version, pack_root, tmp_path, settings):
    """Look at a rendered pack as pages: every word inside the page's printable area."""
    pdftotext, pdftoppm = shutil.which("pdftotext"), shutil.which("pdftoppm")
    from tests.conftest import require

    require(bool(pdftotext and pdftoppm), "poppler-utils is not installed")
    pack = ReviewPack.objects.create(
        version=version, key=ReviewPack.key_for(version, None), requested_by=people.coordinator
    )
    render_here(pack)
    pack.refresh_from_db()
    pdf = packs.path_of(pack)
    html = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    import re

    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S)
    assert len(pages) == pack.pages >= 2
    side = 16 / 25.4 * 72 - 1  # the 16 mm side margins, in points
    for width, height, words in pages:
        boxes = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">', words
        )
        assert boxes
        for x0, y0, x1, y1 in boxes:
            assert float(x0) >= side, "text runs into the left margin"
            assert float(x1) <= float(width) - side, "text runs off the right of the page"
            assert 0 < float(y0) < float(y1) < float(height), "text runs off the page"
    subprocess.run(
        [pdftoppm, "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    assert (tmp_path / "page-1.png").stat().st_size > 10_000


def test_the_test_run_keeps_private_files_outside_the_project(settings):
    for root in (settings.MEDIA_ROOT, settings.REVIEW_PACK_ROOT):
        assert not Path(root).resolve().is_relative_to(PROJECT), root


def test_a_worker_process_is_given_the_same_private_folder(settings, tmp_path):
    from tests.conftest import worker_environment

    env = worker_environment("a-queue", database_url="postgresql://db/test_phb")
    assert env["MEDIA_ROOT"] == str(settings.MEDIA_ROOT)
    assert env["REVIEW_PACK_ROOT"] == str(settings.REVIEW_PACK_ROOT)
    overridden = worker_environment(
        "a-queue", database_url="postgresql://db/test_phb", REVIEW_PACK_ROOT=str(tmp_path)
    )
    assert overridden["REVIEW_PACK_ROOT"] == str(tmp_path)
