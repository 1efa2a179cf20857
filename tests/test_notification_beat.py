"""docker-compose.yml's beat service starts as its container would (the settings of
``.env.example``, this run's Redis) and sends the daily reminders of reviews due."""

import subprocess
import time

import pytest

from tests.conftest import require
from tests.test_compose_health import PROJECT, compose_service, service_environment, stop


@pytest.mark.worker
def test_the_beat_service_starts_with_the_daily_reminders(request, tmp_path, settings):
    require(bool(settings.REDIS_URL), "REDIS_URL is not set: no broker for beat")
    beat = compose_service("beat")
    command = list(beat["command"])
    # The schedule file is kept in this test's folder rather than the container's.
    command[command.index("--schedule") + 1] = str(tmp_path / "celerybeat-schedule")
    env = {**service_environment(beat, request), "CELERY_QUEUE": "beat-test-nobody-reads"}
    log = tmp_path / "beat.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [*command, "--loglevel=DEBUG"],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while "notify-reviews-due" not in log.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"beat did not start with the reminders:\n{log.read_text()}")
            time.sleep(0.2)
        assert "beat: Starting" in log.read_text()
    finally:
        stop(process)
