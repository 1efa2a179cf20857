"""Benchmark: review packs rendered by real Celery workers, one worker and then two.

Creates N signed-off Appendix 1 plans in a PostgreSQL database of its own,
asks for N packs, starts real ``celery worker`` processes on Redis and times
until every pack is ready; then the same with two workers and N new packs.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/phb REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/review_packs.py --packs 60

The database named in DATABASE_URL is not touched: the script works in
``<name>_bench``, dropped first and afterwards.
"""

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cost_of_care import _bench_database, _drop, _recreate  # noqa: E402


def _workers(count: int, env: dict, log: Path) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "phb",
                "worker",
                "--loglevel=WARNING",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"bench{n}-{uuid.uuid4().hex[:6]}@%h",
            ],
            env=env,
            cwd=ROOT,
            stdout=log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for n in range(count)
    ]


def _wait_until_ready(app, workers: list[subprocess.Popen], count: int) -> None:
    """Until every worker answers a ping (started, connected, consuming)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(w.poll() is not None for w in workers):
            sys.exit("A worker stopped: see its log")
        if len(app.control.ping(timeout=0.5)) >= count:
            return
    sys.exit("The workers did not answer within a minute")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=60, help="packs per run")
    return parser.parse_args()


def _start_django(url: str) -> tuple[str, Path]:
    """Create the benchmark database, a queue and a packs folder of its own, and set Django
    up on them; returns the database's name and the folder."""
    name, bench_url = _bench_database(url)
    _recreate(url, name)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    packs_dir = Path(tempfile.mkdtemp(prefix="review-packs-"))
    os.environ.update(
        DATABASE_URL=bench_url,
        CELERY_QUEUE=queue,
        REVIEW_PACK_ROOT=str(packs_dir),
        DJANGO_SETTINGS_MODULE="phb.settings",
    )
    os.environ.setdefault("DJANGO_DEBUG", "true")

    import django

    django.setup()
    logging.disable(logging.WARNING)
    return name, packs_dir


def _signed_off_plans(count: int):
    """Migrate, load the demo, and sign off ``count`` Appendix 1 plans of new people;
    returns their coordinator and the plans' versions."""
    from django.core.management import call_command

    from careplans.decisions import decide, submit
    from people.models import Team, User
    from phb.demo.people import DEMO_ORGANISATION, load_demo_people
    from phb.demo.pilot import load_pilot_tariffs
    from phb.demo.plans import APPENDIX_1, _write
    from tests.factories import ParticipantFactory

    call_command("migrate", verbosity=0)
    load_demo_people()
    load_pilot_tariffs()
    team = Team.objects.filter(organisation__name=DEMO_ORGANISATION).order_by("pk").first()
    coordinator = User.objects.get(username="coordinator")
    facilitator = User.objects.get(username="facilitator")
    started = time.perf_counter()
    versions = []
    for _ in range(count):
        person = ParticipantFactory(team=team, care_coordinator=coordinator)
        _, version = _write(person, coordinator, "4800.00", APPENDIX_1)
        submit(user=coordinator, version=version)
        decide(user=facilitator, version=version, kind="sign_off")
        versions.append(version)
    print(f"Made {len(versions)} signed-off plans in {time.perf_counter() - started:.1f} s")
    return coordinator, versions


def _time_run(
    app, workers: list[subprocess.Popen], count: int, batch: list, coordinator, log: Path
) -> None:
    """Start ``count`` workers (into ``workers``, for stopping should the run fail), time
    them rendering a pack of each version in ``batch``, and stop them."""
    from reviews.models import ReviewPack
    from reviews.packs import pack_request

    workers[:] = _workers(count, {**os.environ}, log)
    _wait_until_ready(app, workers, count)
    start = time.perf_counter()
    ids = [pack_request(user=coordinator, version=v)[0].pk for v in batch]
    pending = ReviewPack.objects.filter(pk__in=ids).exclude(status__in=["ready", "failed"])
    while pending.exists():
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    failed = ReviewPack.objects.filter(pk__in=ids, status="failed").count()
    renders = sum(ReviewPack.objects.filter(pk__in=ids).values_list("renders", flat=True))
    for worker in workers:
        os.killpg(worker.pid, 15)
        worker.wait()
    print(
        f"{count} worker{'s' if count > 1 else ' '}: {len(ids)} packs in {seconds:6.1f} s"
        f" = {len(ids) * 60 / seconds:6.1f} packs a minute, {seconds / len(ids):5.2f} s a"
        f" pack ({renders} renders, {failed} failed)"
    )


def main() -> None:
    args = _arguments()
    url, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not redis:
        sys.exit("REDIS_URL must name a Redis server: the packs go through real workers")
    name, packs_dir = _start_django(url)
    from django.db import connection

    from phb.celery import app

    workers: list[subprocess.Popen] = []
    try:
        coordinator, versions = _signed_off_plans(args.packs * 2)
        log = packs_dir / "workers.log"
        for count, batch in ((1, versions[: args.packs]), (2, versions[args.packs :])):
            _time_run(app, workers, count, batch, coordinator, log)
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, 9)
        connection.close()
        _drop(url, name)


if __name__ == "__main__":
    main()
