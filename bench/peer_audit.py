"""Benchmark: drawing a peer audit round over 20,000 approved plans, and the results page.

Makes ``--plans`` approved plans across ``--teams`` teams (bulk inserts: each a person, a
plan, an approved version and its decision), then times the round's preview and its
draw (a new round each time, rolled back), and the results page by team and quarter
with few and with many submitted audits, printing the queries of each. Works in a
PostgreSQL database of its own (``<name>_bench``, dropped first and afterwards).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/phb .venv/bin/python bench/peer_audit.py
"""

import argparse
import os
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.careplans import _load_demo, _percentiles, _start_django  # noqa: E402
from bench.cost_of_care import _drop  # noqa: E402

PERIOD = (date(2026, 7, 1), date(2026, 9, 30))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=20_000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


def _approved_plans(organisation, author, plans: int, team_count: int) -> list:
    """``plans`` approved plans spread over ``team_count`` teams, one in 50 above the 15%
    limit (approved by a commissioner) and one in 7 with a direct payment."""
    from careplans.models import CarePlan, CarePlanVersion, Decision, PlanStatus
    from participants.models import Participant
    from participants.nhs_number import unissued
    from people.models import Team

    started = time.perf_counter()
    teams = [
        Team.objects.get_or_create(organisation=organisation, name=f"Bench team {n:02}")[0]
        for n in range(team_count)
    ]
    numbers = unissued(9_990_100_000)
    people = Participant.objects.bulk_create(
        (
            Participant(
                nhs_number=next(numbers),
                given_name="Bench",
                family_name=f"Person {n}",
                date_of_birth=date(1970, 1, 1),
                team=teams[n % team_count],
            )
            for n in range(plans)
        ),
        batch_size=2000,
    )
    care_plans = CarePlan.objects.bulk_create(
        (CarePlan(participant=p, created_by=author) for p in people), batch_size=2000
    )
    versions = CarePlanVersion.objects.bulk_create(
        (
            CarePlanVersion(
                plan=plan,
                number=1,
                status=PlanStatus.APPROVED,
                drafted_by=author,
                last_edited_by=author,
                route="commissioner" if n % 50 == 0 else "facilitator",
                management_option="direct_payment" if n % 7 == 0 else "notional",
            )
            for n, plan in enumerate(care_plans)
        ),
        batch_size=2000,
    )
    decided = datetime(2026, 8, 14, 10, 0, tzinfo=UTC)
    Decision.objects.bulk_create(
        (Decision(version=v, kind="approve", decided_by=author) for v in versions),
        batch_size=2000,
    )
    Decision.objects.update(decided_at=decided)
    print(
        f"{plans:,} approved plans in {team_count} teams made in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return teams


def _time_draw(commissioner, repeat: int) -> None:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from peer_audit.rounds import round_draw, round_open, round_preview

    previews, draws, queries = [], [], set()
    drawn = 0
    for n in range(repeat):
        with transaction.atomic():
            audit_round = round_open(
                user=commissioner,
                name=f"Bench round {n}",
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                include_over_limit=True,
            )
            start = time.perf_counter()
            round_preview(audit_round)
            previews.append(time.perf_counter() - start)
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                drawn = len(round_draw(user=commissioner, audit_round=audit_round))
                draws.append(time.perf_counter() - start)
            queries.add(len(captured))
            transaction.set_rollback(True)
    for label, seconds in (("Preview", previews), ("Draw", draws)):
        p50, _ = _percentiles(seconds)
        print(
            f"{label} of a round over the plans: p50 {p50 * 1000:7.1f} ms, "
            f"slowest {max(seconds) * 1000:7.1f} ms"
        )
    counts = "/".join(str(q) for q in sorted(queries))
    print(f"The draw took {drawn:,} plans (10% a team, and every over-limit one); {counts} queries")


def _submitted_round(commissioner, name: str, start: date, end: date) -> int:
    """A drawn round over ``start``-``end``, every audit answered and submitted."""
    from django.db.models import F

    from peer_audit.models import AuditAnswer, PeerAudit
    from peer_audit.rounds import round_assign, round_draw, round_open

    audit_round = round_open(
        user=commissioner, name=name, period_start=start, period_end=end, sample_percent=50
    )
    round_draw(user=commissioner, audit_round=audit_round)
    round_assign(user=commissioner, audit_round=audit_round)
    questions = list(audit_round.checklist.questions.all())
    audits = list(PeerAudit.objects.filter(round=audit_round))
    answers = ("met", "met", "met", "partly_met", "not_met", "not_applicable")
    AuditAnswer.objects.bulk_create(
        (
            AuditAnswer(
                audit=audit,
                question=q,
                answer=answers[(i + q.position) % len(answers)] if i % 3 else "met",
                comment="" if i % 3 == 0 else "Seen in the plan",
            )
            for i, audit in enumerate(audits)
            for q in questions
        ),
        batch_size=5000,
    )
    PeerAudit.objects.filter(round=audit_round).update(
        status="submitted", overall_rating="good", submitted_at=F("assigned_at")
    )
    return len(audits)


def _time_results(client, commissioner, repeat: int) -> None:
    """The results page for the year, with one round's audits and then with two rounds'."""
    from django.urls import reverse

    path = reverse("peer_audit:results") + "?year=2026-27"
    _submitted_round(commissioner, "Q2 a", date(2026, 8, 14), date(2026, 8, 14))
    _report_results(client, path, repeat)
    _submitted_round(commissioner, "Q2 b", PERIOD[0], PERIOD[1])
    _report_results(client, path, repeat)


def _report_results(client, path: str, repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peer_audit.models import PeerAudit

    seconds, queries = [], set()
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            seconds.append(time.perf_counter() - start)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        queries.add(len(captured))
    p50, p95 = _percentiles(seconds)
    counts = "/".join(str(q) for q in sorted(queries))
    audits = PeerAudit.objects.filter(status="submitted").count()
    print(
        f"Results page, {audits:,} submitted audits: p50 {p50 * 1000:7.1f} ms, "
        f"p95 {p95 * 1000:7.1f} ms, {counts} queries"
    )


def main() -> None:
    args = _arguments()
    url = os.environ.get("DATABASE_URL", "")
    name = _start_django(url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from people.models import Role, User

    settings.ALLOWED_HOSTS = ["*"]
    try:
        team, coordinator, _, commissioner = _load_demo()
        for n in range(10):
            User.objects.create_user(
                username=f"bench-peer-{n}",
                role=Role.PEER_REVIEWER,
                organisation=team.organisation,
            )
        _approved_plans(team.organisation, coordinator, args.plans, args.teams)
        _time_draw(commissioner, args.repeat)
        client = Client()
        client.force_login(commissioner)
        _time_results(client, commissioner, args.repeat)
    finally:
        connection.close()
        _drop(url, name)


if __name__ == "__main__":
    main()
