"""Benchmark: the whole service under load, as a large integrated care board would use it.

Loads a board's data (default 20,000 people with 100 service events each, two million
events, and a plan each, with the reports benchmark's loader), adds its staff (care
coordinators and facilitators in each team, commissioners and peer reviewers) and an
audit round drawn and assigned, then runs the service as in production: gunicorn with 4
workers on PostgreSQL, Redis, and a Celery worker rendering review packs. Locust
(``bench/load_users.py``) signs people in through the sign-in page and works the pages
in a realistic mix, in steps of more and more people; each step's requests a second,
p50/p95 and failures are printed, with its slowest endpoints. Afterwards every write the
service accepted is counted in the database: none may be lost.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/phb REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python bench/load.py

Works in a PostgreSQL database of its own (``<name>_bench``, dropped first and, unless
--keep, afterwards; --again runs again on the one a run with --keep left). The Redis
database in REDIS_URL should be one of its own: the run's queue and cache live there.
"""

import argparse
import contextlib
import json
import os
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cost_of_care as events_bench  # noqa: E402
from bench import reports as plans_bench  # noqa: E402
from bench.load_counts import (  # noqa: E402
    counts_now,
    lost_writes,
    wait_for_packs,
)
from bench.load_staff import PASSWORD, draw_audits, load_staff, work_lists  # noqa: E402

TARGET_P95 = 500
"""Milliseconds: the step with the most requests a second whose p95 is under this."""


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=100, help="events per participant")
    parser.add_argument(
        "--steps",
        default="20:40:90,40:40:90,60:40:90,70:40:90,80:40:90,100:40:90",
        help="people:seconds to settle:seconds measured, for each step",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--again", action="store_true", help="run again on the database --keep left"
    )
    return parser.parse_args()


def _service_environment(bench_url: str, redis_url: str, folder: Path) -> dict[str, str]:
    """The production settings, on plain HTTP on loopback."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "phb.settings",
        "DATABASE_URL": bench_url,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "PEER_AUDIT_PSEUDONYM_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "DJANGO_EMAIL_BACKEND": "file",
        "DJANGO_EMAIL_FILE_PATH": str(folder / "emails"),
        "MEDIA_ROOT": str(folder / "private"),
        "LOG_LEVEL": "WARNING",
        "CELERY_QUEUE": f"phb-load-{os.getpid()}",
    }


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with open(log, "a") as out:
        return subprocess.Popen(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _wait_for_service(base: str, gunicorn: subprocess.Popen, log: Path) -> None:
    import urllib.request

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            sys.exit(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(base + "/sign-in/", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(1)
    sys.exit("gunicorn did not answer within two minutes")


def _best_step(steps: list[dict]) -> dict | None:
    """The step with the most requests a second whose p95 is under the target."""
    under = [s for s in steps if s["p95"] < TARGET_P95]
    return max(under, key=lambda s: s["per_second"]) if under else None


def _print_steps(steps: list[dict]) -> None:
    print(
        f"\n{'people':>6} {'requests/s':>10} {'requests':>9} {'failed':>7} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    )
    for step in steps:
        print(
            f"{step['people']:>6} {step['per_second']:>10.1f} {step['requests']:>9,} "
            f"{step['failures']:>7} {step['p50']:>7.0f} {step['p95']:>7.0f} {step['max']:>7.0f}"
        )
    best = _best_step(steps)
    if best is None:
        print(f"\nNo step kept p95 under {TARGET_P95} ms.")
        return
    failed = sum(s["failures"] for s in steps)
    print(
        f"\nAt {best['per_second']:.1f} requests a second ({best['people']} people) p95 is "
        f"{best['p95']:.0f} ms, under {TARGET_P95} ms; {failed} requests failed in all steps."
    )


def print_results(steps: list[dict]) -> None:
    """The steps; the most frequent endpoints of the best step, and the slowest endpoints of
    the best step and of the busiest."""
    _print_steps(steps)
    best, busiest = _best_step(steps), max(steps, key=lambda s: s["per_second"], default=None)
    if best is not None:
        _print_endpoints(best, "Most frequent", key=lambda figures: -figures["requests"])
    for step in (best, busiest) if best is not busiest else (best,):
        if step is not None:
            _print_endpoints(step, "Slowest", key=lambda figures: -figures["p95"])


def _print_endpoints(step: dict, which: str, key, count: int = 8) -> None:
    print(f"\n{which} endpoints at {step['people']} people:")
    ranked = sorted(step["endpoints"].items(), key=lambda item: key(item[1]))
    for name, figures in ranked[:count]:
        print(
            f"  {name:<58} p50 {figures['p50']:>6.0f} ms  p95 {figures['p95']:>6.0f} ms  "
            f"{figures['requests']:>6,} requests"
        )


def _run_locust(base: str, work: dict, steps: str, folder: Path) -> dict:
    (folder / "work.json").write_text(json.dumps(work))
    results = folder / "results.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PHB_LOAD_WORK": str(folder / "work.json"),
        "PHB_LOAD_RESULTS": str(results),
        "PHB_LOAD_STAGES": steps,
    }
    with open(folder / "locust.log", "a") as log:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "load_users.py"),
                "--headless",
                "--host",
                base,
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "120",
            ],
            env=env,
            cwd=ROOT,
            check=False,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if not results.exists():
        sys.exit(f"Locust stopped without its results (its log: {folder / 'locust.log'})")
    return json.loads(results.read_text())


def _cpu_seconds(process: subprocess.Popen) -> float:
    """CPU time of a running process and its children (gunicorn's or Celery's workers)."""
    import psutil

    tree = psutil.Process(process.pid)
    total = 0.0
    for each in [tree, *tree.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = each.cpu_times()
            total += times.user + times.system
    return total


def _print_cpu(used: dict[str, float], elapsed: float) -> None:
    """Where the machine's CPU went while Locust ran (Locust shares it: on loopback)."""
    cores = os.cpu_count() or 1
    parts = ", ".join(f"{name} {seconds:,.0f} s" for name, seconds in used.items())
    print(
        f"\nCPU while Locust ran ({elapsed:,.0f} s on {cores} cores, {elapsed * cores:,.0f} "
        f"CPU seconds): {parts}"
    )


def main() -> None:
    args = _arguments()
    url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not redis_url:
        sys.exit("REDIS_URL must name a Redis database (the queue of the worker)")
    name = events_bench._start_django(url, fresh=not args.again)
    bench_url = events_bench._bench_database(url)[1]
    from django.db import connection
    from django.utils import timezone

    processes: list[subprocess.Popen] = []
    try:
        if not args.again:
            coordinator = events_bench._load(name, args.participants, args.events)
            events_bench._summarise()
            plans_bench._spread_people()
            plans_bench._load_plans(coordinator, timezone.localdate())
        staff = load_staff(PASSWORD)
        audits = draw_audits()
        work = work_lists(staff, PASSWORD)
        print(
            f"Staff: {sum(len(v) for v in staff.values())} accounts; {audits:,} audits open; "
            f"{sum(len(a['drafts']) for a in work['coordinators']):,} drafts, "
            f"{sum(len(a['waiting']) for a in work['facilitators'] + work['commissioners']):,} "
            f"plans waiting"
        )
        before = counts_now(work)
        connection.close()
        folder = Path(tempfile.mkdtemp(prefix="phb-load-"))
        env = _service_environment(bench_url, redis_url, folder)
        worker = _start(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "phb",
                "worker",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=WARNING",
            ],
            env,
            folder / "worker.log",
        )
        processes.append(worker)
        port = 8700 + os.getpid() % 200
        gunicorn = _start(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "phb.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "60",
            ],
            env,
            folder / "gunicorn.log",
        )
        processes.append(gunicorn)
        base = f"http://127.0.0.1:{port}"
        _wait_for_service(base, gunicorn, folder / "gunicorn.log")
        print(
            f"gunicorn ({args.workers} workers) at {base}, a Celery worker; Locust steps "
            f"{args.steps}",
            flush=True,
        )
        import psutil

        machine, locust_before = psutil.cpu_times(), resource.getrusage(resource.RUSAGE_CHILDREN)
        service = {"gunicorn": _cpu_seconds(gunicorn), "the worker": _cpu_seconds(worker)}
        started = time.monotonic()
        results = _run_locust(base, work, args.steps, folder)
        elapsed = time.monotonic() - started
        locust_after, machine_after = (
            resource.getrusage(resource.RUSAGE_CHILDREN),
            psutil.cpu_times(),
        )
        used = {
            "gunicorn": _cpu_seconds(gunicorn) - service["gunicorn"],
            "the worker": _cpu_seconds(worker) - service["the worker"],
            "Locust": (locust_after.ru_utime + locust_after.ru_stime)
            - (locust_before.ru_utime + locust_before.ru_stime),
        }
        busy = (machine_after.user + machine_after.system) - (machine.user + machine.system)
        used["PostgreSQL, Redis and the rest"] = busy - sum(used.values())
        used["idle"] = machine_after.idle - machine.idle
        print_results(results["steps"])
        _print_cpu(used, elapsed)
        packs = wait_for_packs(before, timeout=600)
        after = counts_now(work)
        lost = lost_writes(before, after, results["written"], packs)
        if results["problems"]:
            print("\nWhat failed:", json.dumps(results["problems"], indent=1))
        if lost:
            sys.exit(f"Writes were lost; the processes' logs are in {folder}")
        shutil.rmtree(folder)
    finally:
        for process in reversed(processes):
            _stop(process)
        connection.close()
        if not args.keep:
            events_bench._drop(url, name)


if __name__ == "__main__":
    main()
