"""Dated prices: the tariff in force on a date, and adding a new price."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise


@dataclass(frozen=True, slots=True)
class DatedPrice:
    """A unit price in force from ``valid_from`` to ``valid_to`` (inclusive; ``None``: open)."""

    price: Decimal
    valid_from: date
    valid_to: date | None = None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class NoTariffError(LookupError):
    """No tariff covers the date: an event there cannot be priced (and is never priced at zero)."""

    def __init__(self, intervention: str, day: date) -> None:
        self.intervention = intervention
        self.day = day
        super().__init__(f"There is no {intervention} tariff in force on {day:%d %B %Y}")


class PriceChangeError(ValueError):
    """A new price that would overlap or rewrite the ones before it."""


def price_on(prices: Iterable[DatedPrice], day: date, *, intervention: str) -> DatedPrice:
    """The price of ``intervention`` in force on ``day``."""
    for price in prices:
        if price.in_force_on(day):
            return price
    raise NoTariffError(intervention, day)


def check_no_overlap(prices: Sequence[DatedPrice]) -> None:
    """Refuse periods that run backwards or overlap one another."""
    ordered = sorted(prices, key=lambda p: p.valid_from)
    for price in ordered:
        if price.valid_to is not None and price.valid_to < price.valid_from:
            raise PriceChangeError(f"A price cannot end ({price.valid_to}) before it starts")
    for earlier, later in pairwise(ordered):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise PriceChangeError(
                f"The price from {earlier.valid_from} overlaps the price from {later.valid_from}"
            )


def add_price(
    prices: Sequence[DatedPrice], price: Decimal, valid_from: date
) -> tuple[DatedPrice | None, DatedPrice]:
    """A new price from ``valid_from``: returns (the current price closed, or None; the new one).

    The current (latest) price is closed the day before. A new price must
    start after the latest one started: earlier periods are history and are
    not rewritten.
    """
    if price <= 0:
        raise PriceChangeError("A price must be more than £0.00")
    new = DatedPrice(price=price, valid_from=valid_from)
    if not prices:
        return None, new
    latest = max(prices, key=lambda p: p.valid_from)
    if valid_from <= latest.valid_from:
        raise PriceChangeError(
            f"A new price must start after {latest.valid_from:%d %B %Y}, "
            "when the current price started"
        )
    if latest.valid_to is not None and latest.valid_to < valid_from:
        return None, new
    closed = DatedPrice(latest.price, latest.valid_from, valid_from - timedelta(days=1))
    return closed, new
