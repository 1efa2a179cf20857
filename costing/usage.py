"""What uses a tariff price: events of service use, which ``participants`` records.

A price that events use keeps its amount and start, and a new price can start
only after the last of them. Costing sits below participants and may not import
it, so participants registers a ``PriceUsage`` on ``price_usage`` when it starts
(see ``common.hooks``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from common.hooks import Hook


@dataclass(frozen=True)
class PriceUsage:
    counts: Callable[[Iterable[int]], dict[int, int]]
    """How many records use each of these prices (by price id; missing means none)."""
    last_used_on: Callable[[int], date | None]
    """The date of the latest record priced at this price, or ``None``."""


price_usage: Hook[PriceUsage] = Hook("tariff price usage")


def use_counts(price_ids: Iterable[int]) -> dict[int, int]:
    ids = list(price_ids)
    totals = dict.fromkeys(ids, 0)
    for usage in price_usage:
        for price_id, count in usage.counts(ids).items():
            totals[price_id] += count
    return totals


def last_used_on(price_id: int) -> date | None:
    dates = [day for usage in price_usage if (day := usage.last_used_on(price_id)) is not None]
    return max(dates, default=None)
