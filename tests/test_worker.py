"""Tasks travel through Redis to a real Celery worker process and back."""

import pytest

from phb.tasks import worker_ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_task_goes_through_a_real_worker_and_returns(celery_worker_process):
    result = worker_ping.delay()
    answer = result.get(timeout=60)
    assert answer["database"] == "ok"
    assert answer["worker"]
    assert result.status == "SUCCESS"


def test_healthz_round_trips_a_task_through_the_worker(client, celery_worker_process):
    response = client.get("/healthz", {"worker": "1"})
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"


def test_healthz_reports_a_missing_worker(client, settings, celery_queue_without_worker):
    response = client.get("/healthz", {"worker": "1"})
    assert response.status_code == 503
    assert response.json()["worker"] == "down: no worker answered"
