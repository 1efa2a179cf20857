"""Review packs kept in S3-compatible object storage (``PRIVATE_STORAGE=s3``), against a
local S3 server (moto's, in a thread): rendered into a private bucket, streamed only by the
view that checks access, never given a URL; the local folder stays the default."""

import hashlib
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from reviews import packs
from reviews.models import ReviewPack
from reviews.storage import PackFolderStorage, private_storage
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

PROJECT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "test-only", "AWS_SECRET_ACCESS_KEY": "test-only"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3-compatible server for this test process (each worker of a parallel run
    starts its own, on a free port)."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new private bucket, and private storage pointed at it as PRIVATE_STORAGE=s3 does."""
    import boto3

    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    name = f"phb-packs-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "private": s3_storage_setting(name, s3_endpoint),
    }
    client.bucket_name = name
    return client


def s3_storage_setting(bucket: str, endpoint: str) -> dict:
    """What the settings make of PRIVATE_STORAGE=s3 (checked by a test below)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": REGION,
            "addressing_style": None,
            "location": "review-packs",
            "default_acl": None,
            "file_overwrite": True,
            "querystring_auth": True,
        },
    }


@pytest.fixture
def version(people, pilot_tariffs):
    person = ParticipantFactory(
        team=people.team, care_coordinator=people.coordinator, given_name="Ann"
    )
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)


@pytest.fixture
def ready(people, version, bucket):
    pack = ReviewPack.objects.create(
        version=version, key=ReviewPack.key_for(version, None), requested_by=people.coordinator
    )
    packs.render_and_store(packs.start_render(pack.pk))  # real WeasyPrint, as the worker
    pack.refresh_from_db()
    assert pack.status == ReviewPack.Status.READY, pack.last_error
    return pack


def objects_in(bucket) -> dict[str, bytes]:
    listed = bucket.list_objects_v2(Bucket=bucket.bucket_name).get("Contents", [])
    return {
        item["Key"]: bucket.get_object(Bucket=bucket.bucket_name, Key=item["Key"])["Body"].read()
        for item in listed
    }


def no_s3_address_in(text: str, bucket, pack: ReviewPack) -> None:
    endpoint = bucket.meta.endpoint_url
    host = endpoint.removeprefix("http://")
    for trace in (endpoint, host, bucket.bucket_name, "X-Amz", "amazonaws", f"{pack.pk}.pdf"):
        assert trace not in text, trace


@pytest.mark.django_db
def test_a_rendered_pack_is_kept_in_the_bucket_and_not_the_folder(ready, bucket, settings):
    stored = objects_in(bucket)
    assert list(stored) == [f"review-packs/{ready.pk}.pdf"]
    pdf = stored[f"review-packs/{ready.pk}.pdf"]
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == ready.content_hash
    assert len(pdf) == ready.size
    assert not list(Path(settings.REVIEW_PACK_ROOT).glob("*.pdf"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/reviews/packs/{pk}/download/", "/api/v1/review-packs/{pk}/download/"]
)
def test_the_team_gets_the_same_bytes_streamed_with_no_s3_address(
    client, people, ready, bucket, url
):
    client.force_login(people.facilitator)
    response = client.get(url.format(pk=ready.pk))
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == ready.content_hash
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    no_s3_address_in("\n".join(f"{k}: {v}" for k, v in response.items()), bucket, ready)


@pytest.mark.django_db
def test_the_pack_page_and_its_api_give_no_s3_address(client, people, ready, bucket):
    client.force_login(people.coordinator)
    page = client.get(f"/reviews/packs/{ready.pk}/")
    assert page.status_code == 200
    assert "Download the review pack" in page.text
    assert f"/reviews/packs/{ready.pk}/download/" in page.text
    no_s3_address_in(page.text, bucket, ready)
    status = client.get(f"/api/v1/review-packs/{ready.pk}/")
    assert status.json()["download_url"] == f"/api/v1/review-packs/{ready.pk}/download/"
    no_s3_address_in(status.text, bucket, ready)


@pytest.mark.django_db
def test_another_team_gets_404(client, people, ready):
    client.force_login(people.other_coordinator)
    assert client.get(f"/reviews/packs/{ready.pk}/download/").status_code == 404
    assert client.get(f"/api/v1/review-packs/{ready.pk}/download/").status_code == 404
    assert client.get(f"/reviews/packs/{ready.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_pack_gone_from_the_bucket_is_404_not_an_error(client, people, ready, bucket):
    bucket.delete_object(Bucket=bucket.bucket_name, Key=f"review-packs/{ready.pk}.pdf")
    client.force_login(people.coordinator)
    assert client.get(f"/reviews/packs/{ready.pk}/download/").status_code == 404


def test_the_default_is_the_local_private_folder(settings):
    storage = private_storage()
    assert isinstance(storage, PackFolderStorage)
    assert storage.location == os.path.abspath(settings.REVIEW_PACK_ROOT)
    with pytest.raises(ValueError, match="no URL"):
        storage.url("a.pdf")


def settings_under(**env: str) -> subprocess.CompletedProcess:
    """The private storage the settings make of these environment variables."""
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(repr(settings.STORAGES['private']))"
    )
    environ = {
        key: value for key, value in os.environ.items() if not key.startswith(("PRIVATE_", "AWS_"))
    }
    environ.update(DJANGO_SETTINGS_MODULE="phb.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=environ, capture_output=True, text=True
    )


def test_the_settings_choose_the_storage_from_the_environment():
    local = settings_under()
    assert local.returncode == 0, local.stderr
    assert "reviews.storage.PackFolderStorage" in local.stdout
    s3 = settings_under(
        PRIVATE_STORAGE="s3",
        PRIVATE_S3_BUCKET="packs",
        PRIVATE_S3_ENDPOINT_URL="http://s3.example:9000",
        PRIVATE_S3_REGION=REGION,
    )
    assert s3.returncode == 0, s3.stderr
    assert s3.stdout.strip() == repr(s3_storage_setting("packs", "http://s3.example:9000"))
    no_bucket = settings_under(PRIVATE_STORAGE="s3")
    assert "PRIVATE_S3_BUCKET" in no_bucket.stderr
    unknown = settings_under(PRIVATE_STORAGE="ftp")
    assert "use local or s3" in unknown.stderr


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_renders_into_the_bucket(api, people, version, bucket, worker_queue):
    from tests.test_review_packs import wait_for

    worker_queue.start(
        PRIVATE_STORAGE="s3",
        PRIVATE_S3_BUCKET=bucket.bucket_name,
        PRIVATE_S3_ENDPOINT_URL=bucket.meta.endpoint_url,
        PRIVATE_S3_REGION=REGION,
    )
    pack, _ = packs.pack_request(user=people.coordinator, version=version)
    wait_for(pack, {ReviewPack.Status.READY, ReviewPack.Status.FAILED}, timeout=90)
    assert pack.status == ReviewPack.Status.READY, pack.last_error
    stored = objects_in(bucket)
    assert hashlib.sha256(stored[f"review-packs/{pack.pk}.pdf"]).hexdigest() == pack.content_hash
    api.force_authenticate(people.coordinator)
    response = api.get(f"/api/v1/review-packs/{pack.pk}/download/")
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == pack.content_hash
