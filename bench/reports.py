"""Benchmark: the commissioner's reports on a large organisation.

Loads N participants with M service events each (default 20,000 x 100: two million
events, with the cost-of-care benchmark's loader) and a plan for each person (approved
mostly, some waiting, returned or drafts; each with outcomes and spending lines; reviews
on some), then times the commissioner's home page, the reports' overview, and every
section's page and API call, through the Django test client: p50 and p95 server time and
the queries of each. The overview's target: under 300 ms at p95. Works in a PostgreSQL
database of its own (``<name>_bench``, dropped first and, unless --keep, afterwards).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/phb .venv/bin/python bench/reports.py
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cost_of_care as events_bench  # noqa: E402  (its loader of people and events)
from bench.careplans import _percentiles  # noqa: E402

TARGET = 0.300
"""The overview's p95, in seconds."""
FIRST_DECISION = date(2024, 4, 1)
OPTIONS = ["notional"] * 5 + ["direct_payment"] * 2 + ["third_party", "mixed"]
ROUTE_OF = {"notional": "notional", "direct_payment": "direct_payment", "mixed": "third_party"}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--events", type=int, default=100, help="events per participant")
    parser.add_argument("--repeat", type=int, default=20, help="requests timed per page")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    return parser.parse_args()


def _spread_people() -> None:
    """The loader puts everyone in one team: share them between the organisation's teams
    and give most of them a care cluster."""
    from django.db import connection

    from costing.models import Cluster
    from people.models import Team
    from phb.demo.people import DEMO_ORGANISATION

    teams = list(
        Team.objects.filter(organisation__name=DEMO_ORGANISATION)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    clusters = list(Cluster.objects.order_by("number").values_list("pk", flat=True))
    team_case = " ".join(f"WHEN {n} THEN {pk}" for n, pk in enumerate(teams))
    cluster_case = " ".join(f"WHEN {n} THEN {pk}" for n, pk in enumerate(clusters))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE participants_participant SET "  # noqa: S608 - our own numbers
            f"team_id = CASE id % {len(teams)} {team_case} END, "
            f"cluster_id = CASE WHEN id % 10 = 0 THEN NULL "
            f"ELSE CASE id % {len(clusters)} {cluster_case} END END"
        )


def _lines(rng: random.Random, option: str) -> list[dict]:
    """Three purchases: weekly, monthly and one-off, funded as the plan is managed."""
    from careplans.choices import PurchaseCategory

    route = ROUTE_OF.get(option, "third_party")
    categories = PurchaseCategory.values
    return [
        {
            "frequency": frequency,
            "unit_cost": Decimal(rng.randrange(500, 6000)) / 100,
            "quantity": quantity,
            "category": rng.choice(categories),
            "funding_route": route if n else "notional",
        }
        for n, (frequency, quantity) in enumerate(
            [("weekly", rng.randint(1, 6)), ("monthly", rng.randint(1, 4)), ("one_off", 1)]
        )
    ]


def _cost(line: dict) -> Decimal:
    from costing.core import spending

    priced = spending.Line(
        line["unit_cost"], line["quantity"], spending.Frequency(line["frequency"])
    )
    return spending.line_cost(priced).total


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)


def _plan_shapes(people: list[int], today: date, rng: random.Random) -> list[dict]:
    """What each person's plan is: 7% drafts, 8% waiting, 5% returned, 80% approved (one
    in 50 by a commissioner, one in 20 approved again later, one in 30 ended); a review
    date a year after the decision."""
    days = (today - FIRST_DECISION).days
    shapes = []
    for n, person in enumerate(people):
        kind = n % 100
        option = rng.choice(OPTIONS)
        decided = FIRST_DECISION + timedelta(days=rng.randrange(days))
        lines = _lines(rng, option)
        total = sum((_cost(line) for line in lines), Decimal(0))
        shape = {
            "person": person,
            "option": option,
            "lines": lines,
            "total": total,
            "indicative": (total / Decimal(rng.uniform(0.85, 1.15))).quantize(Decimal("1")),
            "submitted": decided - timedelta(days=rng.randint(1, 25)),
            "decided": decided,
        }
        if kind < 7:
            shape["status"] = "draft"
        elif kind < 15:
            shape["status"] = "submitted"
            shape["submitted"] = today - timedelta(days=rng.randint(0, 40))
        elif kind < 20:
            shape["status"] = "returned"
        else:
            shape["status"] = "approved" if n % 50 == 0 else "signed_off"
            again = decided + timedelta(days=180)
            shape["again"] = again if n % 20 == 1 and again < today else None
            ended = decided + timedelta(days=200)
            shape["ended"] = ended if n % 30 == 2 and ended < today else None
        shapes.append(shape)
    return shapes


def _versions(shapes: list[dict], plans: list, author) -> tuple[list, list]:
    """Each plan's versions (a second for those approved again), and their decisions."""
    from careplans.models import CarePlanVersion, Decision

    versions, decisions = [], []
    for shape, plan in zip(shapes, plans, strict=True):
        again = shape.get("again")
        numbers = [(1, shape["decided"]), (2, again)] if again else [(1, shape["decided"])]
        for number, decided in numbers:
            status = shape["status"]
            if again and number == 1:
                status = "superseded"
            version = CarePlanVersion(
                plan=plan,
                number=number,
                status=status,
                management_option=shape["option"],
                start_date=decided,
                drafted_by=author,
                last_edited_by=author,
                route="commissioner" if status == "approved" else "facilitator",
                submitted_total=None if status == "draft" else shape["total"],
                submitted_indicative=None if status == "draft" else shape["indicative"],
                submitted_at=None if status == "draft" else _at(shape["submitted"]),
                submitted_by=None if status == "draft" else author,
            )
            versions.append(version)
            if status not in ("draft", "submitted"):
                kind = {"returned": "return", "approved": "approve"}.get(status, "sign_off")
                decisions.append((version, kind, decided))
    versions = CarePlanVersion.objects.bulk_create(versions, batch_size=2000)
    made = Decision.objects.bulk_create(
        (Decision(version=v, kind=kind, decided_by=author) for v, kind, _ in decisions),
        batch_size=2000,
    )
    return versions, [
        (decision, day) for decision, (_, _, day) in zip(made, decisions, strict=True)
    ]


def _contents(versions: list, shapes_by_plan: dict, rng: random.Random) -> dict:
    """Two outcomes and three spending lines a version (the first line serving the first
    outcome); returns each version's outcomes and lines."""
    from careplans.choices import OutcomeCategory
    from careplans.models import Outcome, SpendingLine

    outcomes = Outcome.objects.bulk_create(
        (
            Outcome(
                version=version,
                position=position,
                in_their_words=f"Outcome {position}",
                category=rng.choice(OutcomeCategory.values),
            )
            for version in versions
            for position in (1, 2)
        ),
        batch_size=5000,
    )
    lines = SpendingLine.objects.bulk_create(
        (
            SpendingLine(
                version=version,
                position=position,
                kind="purchase",
                description=f"Purchase {position}",
                **line,
            )
            for version in versions
            for position, line in enumerate(shapes_by_plan[version.plan_id]["lines"], 1)
        ),
        batch_size=5000,
    )
    link = SpendingLine.outcomes.through
    link.objects.bulk_create(
        (
            link(spendingline_id=line.pk, outcome_id=outcome.pk)
            for line, outcome in zip(lines[::3], outcomes[::2], strict=True)
        ),
        batch_size=5000,
    )
    return {
        version.pk: (outcomes[2 * n : 2 * n + 2], lines[3 * n : 3 * n + 3])
        for n, version in enumerate(versions)
    }


def _reviews(versions, shapes_by_plan, contents, author, today, rng) -> dict[int, date]:
    """A review of most approved versions a year old (at 10 to 12 months), and of one in five
    younger ones, with progress on each outcome and spending on each line; returns the day
    each plan was reviewed."""
    from reviews.models import OutcomeProgress, Review, SpendingProgress

    chosen = []
    for version in versions:
        if version.status not in ("signed_off", "approved"):
            continue
        shape = shapes_by_plan[version.plan_id]
        decided = shape.get("again") or shape["decided"]
        age = (today - decided).days
        if age > 380 and rng.random() < 0.85:
            held = decided + timedelta(days=rng.randint(300, 380))
        elif age > 60 and rng.random() < 0.2:
            held = decided + timedelta(days=rng.randint(60, min(age, 380)))
        else:
            continue
        chosen.append((version, held, decided + timedelta(days=365)))
    reviews = Review.objects.bulk_create(
        (
            Review(
                plan_id=version.plan_id,
                version=version,
                held_on=held,
                due_on=due,
                attendees="The person and their care coordinator",
                decision="continue",
                recorded_by=author,
            )
            for version, held, due in chosen
        ),
        batch_size=2000,
    )
    progress, spending = [], []
    for review, (version, _, _) in zip(reviews, chosen, strict=True):
        outcomes, lines = contents[version.pk]
        progress += [
            OutcomeProgress(review=review, outcome=o, rating=rng.randint(1, 5)) for o in outcomes
        ]
        for line in lines:
            planned = _cost(
                {
                    "unit_cost": line.unit_cost,
                    "quantity": line.quantity,
                    "frequency": line.frequency,
                }
            )
            spent = (planned * Decimal(rng.uniform(0.4, 1.1))).quantize(Decimal("0.01"))
            spending.append(
                SpendingProgress(review=review, line=line, planned=planned, spent=spent)
            )
    OutcomeProgress.objects.bulk_create(progress, batch_size=5000)
    SpendingProgress.objects.bulk_create(spending, batch_size=5000)
    return {version.plan_id: held for version, held, _ in chosen}


def _load_plans(author, today: date) -> None:
    """A plan for every person, with its versions, decisions, contents and reviews."""
    from django.db import connection

    from careplans.models import CarePlan, Decision
    from participants.models import Participant

    started = time.perf_counter()
    rng = random.Random(2026)
    people = list(Participant.objects.order_by("pk").values_list("pk", flat=True))
    shapes = _plan_shapes(people, today, rng)
    plans = CarePlan.objects.bulk_create(
        (CarePlan(participant_id=shape["person"], created_by=author) for shape in shapes),
        batch_size=2000,
    )
    shapes_by_plan = {plan.pk: shape for plan, shape in zip(plans, shapes, strict=True)}
    versions, decisions = _versions(shapes, plans, author)
    for decision, day in decisions:
        decision.decided_at = _at(day)
    Decision.objects.bulk_update([d for d, _ in decisions], ["decided_at"], batch_size=1000)
    contents = _contents(versions, shapes_by_plan, rng)
    reviewed = _reviews(versions, shapes_by_plan, contents, author, today, rng)
    for plan, shape in zip(plans, shapes, strict=True):
        if shape["status"] in ("signed_off", "approved"):
            last = reviewed.get(plan.pk) or shape.get("again") or shape["decided"]
            plan.review_due = last + timedelta(days=365)
            plan.ended_at = _at(shape["ended"]) if shape.get("ended") else None
    CarePlan.objects.bulk_update(plans, ["review_due", "ended_at"], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    waiting = sum(1 for shape in shapes if shape["status"] == "submitted")
    print(
        f"{len(plans):,} plans ({len(versions):,} versions, {Decision.objects.count():,} "
        f"decisions, {waiting:,} waiting, {len(reviewed):,} reviews) made in "
        f"{time.perf_counter() - started:.1f} s\n"
    )


def _time(client, path: str, repeat: int) -> tuple[list[float], set[int], list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, counts, slowest = [], set(), []
    client.get(path)  # once untimed: the first request warms Django's caches
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            seconds.append(time.perf_counter() - start)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")
        counts.add(len(captured))
        slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    return seconds, counts, slowest


def _report(label: str, path: str, client, repeat: int) -> float:
    seconds, counts, slowest = _time(client, path, repeat)
    p50, p95 = _percentiles(seconds)
    queries = "/".join(str(count) for count in sorted(counts))
    print(f"{label:<44} p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   {queries} queries")
    if p95 > TARGET:
        for query in slowest:
            print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:160]}")
    return p95


def _time_reports(client, repeat: int) -> None:
    from reports.sections import SECTIONS

    _report("Commissioner's home page", "/", client, repeat)
    overview = _report("Reports overview (this year)", "/reports/", client, repeat)
    _report("Reports overview (last year)", "/reports/?year=2025-26", client, repeat)
    verdict = "under" if overview < TARGET else "OVER"
    print(f"  the overview's p95 is {verdict} the {TARGET * 1000:.0f} ms target\n")
    for section in SECTIONS:
        _report(f"{section.title}: page", f"/reports/{section.slug}/", client, repeat // 2)
        if client.get(f"/api/v1/reports/{section.slug}/").status_code == 200:
            _report(
                f"{section.title}: API", f"/api/v1/reports/{section.slug}/", client, repeat // 2
            )


def main() -> None:
    args = _arguments()
    url = os.environ.get("DATABASE_URL", "")
    name = events_bench._start_django(url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from people.models import User

    settings.ALLOWED_HOSTS = ["*"]
    try:
        coordinator = events_bench._load(name, args.participants, args.events)
        summarise = getattr(events_bench, "_summarise", None)
        if summarise is not None:  # the cost summaries, where the loader keeps them
            summarise()
        _spread_people()
        _load_plans(coordinator, timezone.localdate())
        client = Client()
        client.force_login(User.objects.get(username="commissioner"))
        _time_reports(client, args.repeat)
    finally:
        connection.close()
        if not args.keep:
            events_bench._drop(url, name)


if __name__ == "__main__":
    main()
