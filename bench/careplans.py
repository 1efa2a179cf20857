"""Benchmark: the live-total update of the spending plan editor, and the sign-off queue.

Times the htmx request the editor sends as a person types a line (on a plan
of 40 lines), and the sign-off queue page and API with 5,000 plans waiting,
printing p50/p95 and the queries of each. Works in a PostgreSQL database of
its own (``<name>_bench``, dropped first and afterwards).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/phb .venv/bin/python bench/careplans.py
"""

import argparse
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cost_of_care import _bench_database, _drop, _recreate  # noqa: E402


def _percentiles(seconds: list[float]) -> tuple[float, float]:
    ordered = sorted(seconds)
    return statistics.median(ordered), ordered[max(0, round(len(ordered) * 0.95) - 1)]


def _time(client, method: str, path: str, data: dict | None, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, queries = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = getattr(client, method)(path, data or {}, headers={"HX-Request": "true"})
            seconds.append(time.perf_counter() - start)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        queries.add(len(captured))
    return response, seconds, queries


def _report(label: str, seconds: list[float], queries: set[int]) -> None:
    p50, p95 = _percentiles(seconds)
    counts = "/".join(str(q) for q in sorted(queries))
    print(f"{label:<52} p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   {counts} queries")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--waiting", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=200)
    return parser.parse_args()


def _start_django(url: str) -> str:
    """Create the benchmark database and set Django up on it; returns the database's name."""
    name, bench_url = _bench_database(url)
    _recreate(url, name)
    os.environ.update(DATABASE_URL=bench_url, DJANGO_SETTINGS_MODULE="phb.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    logging.disable(logging.WARNING)
    return name


def _load_demo():
    """Migrate and load the demo people and tariffs; returns the team and its coordinator,
    facilitator and commissioner."""
    from django.core.management import call_command

    from people.models import Team, User
    from phb.demo.people import DEMO_ORGANISATION, load_demo_people
    from phb.demo.pilot import load_pilot_tariffs

    call_command("migrate", verbosity=0)
    load_demo_people()
    load_pilot_tariffs()
    team = Team.objects.filter(organisation__name=DEMO_ORGANISATION).order_by("pk").first()
    coordinator = User.objects.get(username="coordinator")
    facilitator = User.objects.get(username="facilitator")
    commissioner = User.objects.get(username="commissioner")
    return team, coordinator, facilitator, commissioner


def _draft(team, coordinator, line_count: int, waiting: int):
    """A new person with a draft of ``line_count`` lines; returns the person, plan and version."""
    from phb.demo.plans import _lines, _write
    from tests.factories import ParticipantFactory

    person = ParticipantFactory(team=team, care_coordinator=coordinator)
    purchase = {
        "kind": "purchase",
        "category": "other_support",
        "frequency": "weekly",
        "funding_route": "third_party",
    }
    lines = [
        {**purchase, "description": f"Support {n}", "unit_cost": f"{n + 1}.50", "quantity": 2}
        for n in range(line_count - 1)
    ]
    plan, version = _write(person, coordinator, "48000.00", [_lines("2400.00")[0], *lines])
    print(f"A draft of {version.lines.count()} lines; {waiting:,} plans to queue...")
    return person, plan, version


def _time_live_totals(client, plan, version, line_count: int, repeat: int) -> None:
    """The editor's live totals as a new line is typed, and as a line is edited."""
    from django.urls import reverse

    outcome = version.outcomes.first()
    typing = {
        "version": version.number,
        "revision": version.revision,
        "kind": "purchase",
        "description": "A personal assistant for 6 hrs contact per week",
        "category": "personal_assistant",
        "unit_cost": "7.00",
        "quantity": "6",
        "frequency": "weekly",
        "funding_route": "third_party",
        "outcomes": [outcome.pk],
    }
    path = reverse("careplans:line_totals", args=[plan.pk])
    _, seconds, queries = _time(client, "post", path, typing, repeat)
    _report(f"Live totals, a new line on a {line_count}-line plan", seconds, queries)
    line = version.lines.order_by("pk").last()
    path = reverse("careplans:line_totals_edit", args=[plan.pk, line.pk])
    _, seconds, queries = _time(client, "post", path, typing, repeat)
    _report(f"Live totals, editing a line of the {line_count}", seconds, queries)


def _queue(person, coordinator, waiting: int) -> None:
    """``waiting`` plans waiting for sign-off: one whole plan, copied."""
    from careplans import decisions
    from careplans.models import CarePlan, CarePlanVersion
    from phb.demo.plans import _lines, _write

    started = time.perf_counter()
    _, template = _write(person, coordinator, "4800.00", _lines("4700.00"))
    decisions.submit(user=coordinator, version=template)
    plans = CarePlan.objects.bulk_create(
        CarePlan(participant=person, created_by=coordinator) for _ in range(waiting)
    )
    fields = {
        f.name: getattr(template, f.name)
        for f in CarePlanVersion._meta.concrete_fields
        if f.name not in ("id", "plan")
    }
    CarePlanVersion.objects.bulk_create(CarePlanVersion(**{**fields, "plan": p}) for p in plans)
    print(f"Queued {waiting:,} plans in {time.perf_counter() - started:.1f} s")


def _time_queue(client, facilitator, commissioner) -> None:
    """The sign-off queue page and API, for a facilitator and for a commissioner."""
    from django.urls import reverse

    for who, user in (("facilitator", facilitator), ("commissioner", commissioner)):
        client.force_login(user)
        _, seconds, queries = _time(client, "get", reverse("careplans:queue"), None, 20)
        _report(f"Sign-off queue page, {who}", seconds, queries)
        _, seconds, queries = _time(client, "get", "/api/v1/sign-off-queue/", None, 20)
        _report(f"Sign-off queue API, {who}", seconds, queries)


def main() -> None:
    args = _arguments()
    url = os.environ.get("DATABASE_URL", "")
    name = _start_django(url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    try:
        team, coordinator, facilitator, commissioner = _load_demo()
        person, plan, version = _draft(team, coordinator, args.lines, args.waiting)
        client = Client()
        client.force_login(coordinator)
        _time_live_totals(client, plan, version, args.lines, args.repeat)
        _queue(person, coordinator, args.waiting)
        _time_queue(client, facilitator, commissioner)
    finally:
        connection.close()
        _drop(url, name)


if __name__ == "__main__":
    main()
