"""When a review falls due, and which rule set the date. Plain dates, no Django.

The first review falls within 3 months of approval; later ones within 12
months of the last; sooner wherever the person's care cluster has a shorter
maximum review period (cluster 14, psychotic crisis: 4 weeks). The plan may
name an earlier first review date; a coordinator may call a review at any
time.
"""

from dataclasses import dataclass
from datetime import date, timedelta

FIRST_WITHIN_MONTHS = 3
THEN_WITHIN_MONTHS = 12


@dataclass(frozen=True, slots=True)
class Due:
    on: date
    rule: str


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 January + 1 month: 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def _earliest(candidates: list[Due]) -> Due:
    return min(candidates, key=lambda due: due.on)


def _cluster(start: date, weeks: int | None, cluster: str) -> list[Due]:
    if not weeks:
        return []
    return [Due(start + timedelta(weeks=weeks), f"cluster {cluster}: at most {weeks} weeks")]


def first_review(
    approved_on: date,
    *,
    planned: date | None = None,
    cluster_weeks: int | None = None,
    cluster: str = "",
) -> Due:
    """The first review after approval."""
    limit = Due(add_months(approved_on, FIRST_WITHIN_MONTHS), "within 3 months of approval")
    candidates = [limit, *_cluster(approved_on, cluster_weeks, cluster)]
    if planned is not None and approved_on <= planned <= limit.on:
        candidates.append(Due(planned, "the date in the plan"))
    return _earliest(candidates)


def next_review(held_on: date, *, cluster_weeks: int | None = None, cluster: str = "") -> Due:
    """The review after one held on ``held_on``."""
    return _earliest(
        [
            Due(add_months(held_on, THEN_WITHIN_MONTHS), "within 12 months of the last review"),
            *_cluster(held_on, cluster_weeks, cluster),
        ]
    )


def days_overdue(due: date, today: date) -> int:
    return max(0, (today - due).days)
