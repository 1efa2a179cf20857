"""Figures over many values: medians and percentiles, the spread of budgets, shares and
working days. Plain Python on ``Decimal``, ``int`` and ``date``.

Percentiles interpolate between the two nearest values as a spreadsheet's PERCENTILE.INC
and QUARTILE.INC do, so a commissioner checking a figure in Excel gets the same: the
median of 2, 4, 6, 9 is 5; its 90th percentile is 8.1.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

ONE_HUNDRED = Decimal(100)


def percentile(values: Sequence[Decimal | int], p: int) -> Decimal | None:
    """The ``p``th percentile (0 to 100) of ``values``; None for no values."""
    if not 0 <= p <= 100:
        raise ValueError(f"A percentile is from 0 to 100, not {p}.")
    ordered = sorted(Decimal(value) for value in values)
    return _of_sorted(ordered, p) if ordered else None


def _of_sorted(ordered: Sequence[Decimal], p: int) -> Decimal:
    rank = Decimal(p) / ONE_HUNDRED * (len(ordered) - 1)
    below = int(rank)
    fraction = rank - below
    if below + 1 >= len(ordered):
        return ordered[-1]
    return ordered[below] + (ordered[below + 1] - ordered[below]) * fraction


def median(values: Sequence[Decimal | int]) -> Decimal | None:
    return percentile(values, 50)


@dataclass(frozen=True)
class Spread:
    """The range of a set of values, as a box plot draws it."""

    count: int
    minimum: Decimal
    lower_quartile: Decimal
    median: Decimal
    upper_quartile: Decimal
    maximum: Decimal


def spread(values: Sequence[Decimal | int], *, places: Decimal = Decimal("0.01")) -> Spread | None:
    """Minimum, quartiles, median and maximum, rounded half up to ``places``."""
    if not values:
        return None
    ordered = sorted(Decimal(value) for value in values)

    def at(p: int) -> Decimal:
        return _of_sorted(ordered, p).quantize(places, rounding=ROUND_HALF_UP)

    return Spread(len(values), at(0), at(25), at(50), at(75), at(100))


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` as a per cent of ``whole`` to one decimal place; None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * ONE_HUNDRED / Decimal(whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def working_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Working days after ``start`` up to and including ``end`` (Monday to Friday, less
    ``holidays``): a plan submitted on a Friday and decided on the Monday took 1."""
    if end <= start:
        return 0
    days_off = set(holidays)
    whole_weeks, extra = divmod((end - start).days, 7)
    count = whole_weeks * 5
    for offset in range(1, extra + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    return count - sum(1 for day in days_off if start < day <= end and day.weekday() < 5)
