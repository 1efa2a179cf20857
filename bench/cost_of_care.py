"""Benchmark: the cost-of-care report and a participant's page on a large caseload.

Loads N participants x M service events (default 20,000 x 100: two million
events) into a fresh PostgreSQL database of its own, then times the
cost-of-care report (the API call a commissioner makes), one participant's
cost of care, and the participant's page, printing events, seconds and
queries.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/phb .venv/bin/python bench/cost_of_care.py

The database named in DATABASE_URL is not touched: the script works in
``<name>_bench``, dropped first and (unless --keep) afterwards.
"""

import argparse
import io
import logging
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _bench_database(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL database")
    name = parts.path.lstrip("/") + "_bench"
    return name, urlunsplit(parts._replace(path="/" + name))


def _recreate(url: str, name: str) -> None:
    import psycopg2

    admin = psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _drop(url: str, name: str) -> None:
    import psycopg2

    admin = psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


def _timed(function, repeat: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, queries, result = [], 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = function()
            seconds.append(time.perf_counter() - start)
        queries = len(captured)
    return result, seconds, queries


def _ok(response) -> None:
    if response.status_code != 200:
        sys.exit(f"{response.request['PATH_INFO']} answered {response.status_code}")


def _line(label: str, seconds: list[float], queries: int) -> str:
    p50 = statistics.median(seconds)
    worst = max(seconds)
    return f"{label:<42} median {p50:7.3f} s   max {worst:7.3f} s   {queries:3d} queries"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=100, help="events per participant")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    return parser.parse_args()


def _start_django(url: str) -> str:
    """Create the benchmark database and set Django up on it; returns the database's name."""
    name, bench_url = _bench_database(url)
    _recreate(url, name)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phb.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()
    logging.disable(logging.INFO)
    return name


def _copy_participants(raw, count: int, team_id: int, coordinator_id: int) -> None:
    from participants.nhs_number import unissued

    numbers = unissued(9_990_000_000)
    _copy(
        raw,
        "participants_participant",
        [
            "nhs_number",
            "given_name",
            "family_name",
            "date_of_birth",
            "address",
            "team_id",
            "care_coordinator_id",
            "phb_category",
            "cohort",
            "representative",
            "higher_financial_risk",
            "created_at",
        ],
        (
            (
                next(numbers),
                f"Given{n}",
                f"Family{n}",
                date(1950 + n % 50, 1 + n % 12, 1),
                "Demo Row",
                team_id,
                coordinator_id,
                "mental_health",
                "budget_holder" if n % 2 else "control",
                "",
                "f",
                "2026-01-01 00:00+00",
            )
            for n in range(count)
        ),
    )


def _events(participant_ids: list[int], per_person: int, ids: dict, prices: dict, entered_by: int):
    """Random service events: mostly CMHT contacts, some crisis contacts and bed stays."""
    codes = ["cmht"] * 8 + ["crisis"] + ["inpatient"]
    first = date(2010, 4, 1)
    for pk in participant_ids:
        for _ in range(per_person):
            code = random.choice(codes)
            day = first + timedelta(days=random.randrange(730))
            quantity = random.randint(1, 10) if code == "inpatient" else 1
            yield (
                pk,
                ids[code],
                prices[code],
                day,
                quantity,
                entered_by,
                "2026-01-01 00:00+00",
            )


def _load(name: str, participants: int, events: int):
    """Migrate, load the demo people and tariffs, then copy in the participants and their
    events; returns the coordinator."""
    from django.core.management import call_command
    from django.db import connection

    from participants.models import Participant
    from people.models import Team, User
    from phb.demo.people import DEMO_ORGANISATION, load_demo_people
    from phb.demo.pilot import load_pilot_tariffs

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_demo_people()
    interventions = load_pilot_tariffs()
    team = Team.objects.filter(organisation__name=DEMO_ORGANISATION).order_by("pk").first()
    coordinator = User.objects.get(username="coordinator")
    prices = {code: i.prices.get().pk for code, i in interventions.items()}
    ids = {code: i.pk for code, i in interventions.items()}
    print(f"PostgreSQL {connection.pg_version // 10000}, database {name}")
    print(f"Loading {participants:,} participants x {events} events...", flush=True)

    random.seed(2010)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        _copy_participants(raw, participants, team.pk, coordinator.pk)
        cursor.execute("SELECT id FROM participants_participant ORDER BY id")
        participant_ids = [row[0] for row in cursor.fetchall()]
        _copy(
            raw,
            "participants_serviceevent",
            [
                "participant_id",
                "intervention_id",
                "tariff_price_id",
                "date",
                "quantity",
                "entered_by_id",
                "entered_at",
            ],
            _events(participant_ids, events, ids, prices, coordinator.pk),
        )
        cursor.execute("ANALYZE")
    loaded = time.perf_counter() - started
    total_events = Participant.objects.count() * events
    print(f"Loaded {total_events:,} events in {loaded:.1f} s\n")
    return coordinator


def _time_report(client, commissioner, baseline, compare, repeat: int) -> None:
    """The cost-of-care report called directly, then through the API."""
    from participants.cost_of_care import cost_of_care_report
    from participants.services import participants_visible_to

    everyone = participants_visible_to(commissioner)
    report, seconds, queries = _timed(
        lambda: cost_of_care_report(
            everyone, cohort="budget_holder", baseline=baseline, compare=compare
        ),
        repeat,
    )
    people = sum(len(g.rows) for g in report.groups)
    print(_line(f"Report, {people:,} budget holders", seconds, queries))

    client.force_login(commissioner)
    path = "/api/v1/reports/cost-of-care/?cohort=budget_holder&baseline=2010-11&compare=2011-12"
    response, seconds, queries = _timed(lambda: client.get(path), repeat)
    _ok(response)
    print(_line(f"Report through the API ({len(response.content) // 1024:,} KB)", seconds, queries))


def _time_person(client, coordinator, baseline, repeat: int, events: int) -> None:
    """One person's cost of care, their page, and the participant list."""
    from participants.cost_of_care import cost_of_care
    from participants.models import Participant

    person = Participant.objects.order_by("pk").first()
    _, seconds, queries = _timed(lambda: cost_of_care(person.pk, baseline), repeat * 4)
    print(_line(f"One person's cost of care ({events} events)", seconds, queries))

    client.force_login(coordinator)
    response, seconds, queries = _timed(
        lambda: client.get(f"/participants/{person.pk}/"), repeat * 4
    )
    _ok(response)
    print(_line("Participant page", seconds, queries))
    response, seconds, queries = _timed(lambda: client.get("/participants/"), repeat * 4)
    _ok(response)
    print(_line(f"Participant list ({Participant.objects.count():,} people)", seconds, queries))


def main() -> None:
    args = _arguments()
    url = os.environ.get("DATABASE_URL", "")
    name = _start_django(url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from costing.core.years import FinancialYear
    from costing.models import Intervention
    from people.models import User

    settings.ALLOWED_HOSTS = ["*"]
    try:
        coordinator = _load(name, args.participants, args.events)
        commissioner = User.objects.get(username="commissioner")
        baseline, compare = FinancialYear(2010), FinancialYear(2011)
        client = Client()
        _time_report(client, commissioner, baseline, compare, args.repeat)
        _time_person(client, coordinator, baseline, args.repeat, args.events)
        print(f"\nInterventions: {', '.join(Intervention.objects.values_list('code', flat=True))}")
    finally:
        connection.close()
        if not args.keep:
            _drop(url, name)


if __name__ == "__main__":
    main()
