"""Cost of care: service use priced at the tariff in force on each event's date.

The cost of care of a person for a financial year is a line per
intervention and unit price (a price change mid-year gives two lines for one
intervention), the direct payments made, and the total. Each line is
rounded half up to the penny; the total adds the rounded lines.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from costing.core.money import ZERO, to_pennies
from costing.core.tariffs import DatedPrice, price_on
from costing.core.years import FinancialYear


@dataclass(frozen=True, slots=True)
class ServiceUse:
    """One event of service use: ``quantity`` contacts or bed days of an intervention on a date."""

    intervention: str
    day: date
    quantity: int


@dataclass(frozen=True, slots=True)
class PricedUse:
    """Service use already matched to a unit price (as a database groups it)."""

    intervention: str
    unit_price: Decimal
    quantity: int


@dataclass(frozen=True, slots=True)
class CostLine:
    intervention: str
    quantity: int
    unit_price: Decimal
    cost: Decimal


@dataclass(frozen=True, slots=True)
class CostOfCare:
    year: FinancialYear
    lines: tuple[CostLine, ...]
    direct_payments: Decimal
    total: Decimal

    @property
    def services(self) -> Decimal:
        """The cost of the services used, without direct payments."""
        return sum((line.cost for line in self.lines), ZERO)

    def used(self, interventions: Iterable[str]) -> bool:
        """Whether any line is for one of ``interventions``."""
        wanted = set(interventions)
        return any(line.intervention in wanted for line in self.lines)


def price_service_use(
    events: Iterable[ServiceUse], tariffs: Mapping[str, Sequence[DatedPrice]]
) -> list[PricedUse]:
    """Price each event at the tariff of its intervention in force on its date.

    Raises ``NoTariffError`` for an event no tariff covers.
    """
    return [
        PricedUse(
            event.intervention,
            price_on(
                tariffs.get(event.intervention, ()), event.day, intervention=event.intervention
            ).price,
            event.quantity,
        )
        for event in events
    ]


def cost_lines(priced: Iterable[PricedUse]) -> tuple[CostLine, ...]:
    """One line per intervention and unit price, in the order they first appear."""
    quantities: dict[tuple[str, Decimal], int] = {}
    for use in priced:
        if use.quantity <= 0:
            raise ValueError("A quantity of service use must be more than 0")
        key = (use.intervention, use.unit_price)
        quantities[key] = quantities.get(key, 0) + use.quantity
    return tuple(
        CostLine(intervention, quantity, price, to_pennies(price * quantity))
        for (intervention, price), quantity in quantities.items()
    )


def summarise(
    year: FinancialYear, priced: Iterable[PricedUse], direct_payments: Iterable[Decimal] = ()
) -> CostOfCare:
    """The cost of care from service use already priced, and direct payments."""
    lines = cost_lines(priced)
    paid = to_pennies(sum(direct_payments, ZERO))
    total = sum((line.cost for line in lines), ZERO) + paid
    return CostOfCare(year=year, lines=lines, direct_payments=paid, total=total)


def _whole_pennies(price: Decimal) -> int | None:
    """A unit price in pennies, or ``None`` for one with a fraction of a penny."""
    pennies = price * 100
    return int(pennies) if pennies == pennies.to_integral_value() else None


def totals[K: Hashable](
    priced: Iterable[tuple[K, str, Decimal, int]], direct_payments: Mapping[K, Decimal]
) -> dict[K, Decimal]:
    """The totals of many people's years at once, each what ``summarise`` gives as ``total``.

    ``priced`` holds (key, intervention, unit price, quantity), the key naming a person's
    year; ``direct_payments`` what was paid in each. A line at a price of whole pennies
    costs whole pennies, so those are added as integers (a report of thousands of people
    sums quickly); a line at a price with a fraction of a penny is added up per
    intervention and price first, then rounded half up, as ``summarise`` does.
    """
    pennies: dict[K, int] = {}
    uneven: dict[tuple[K, str, Decimal], int] = {}
    units: dict[Decimal, int | None] = {}
    for key, intervention, price, quantity in priced:
        if quantity <= 0:
            raise ValueError("A quantity of service use must be more than 0")
        try:
            unit = units[price]
        except KeyError:
            unit = units[price] = _whole_pennies(price)
        if unit is None:
            line = (key, intervention, price)
            uneven[line] = uneven.get(line, 0) + quantity
        else:
            pennies[key] = pennies.get(key, 0) + unit * quantity
    result = {key: Decimal(amount).scaleb(-2) for key, amount in pennies.items()}
    for (key, _, price), quantity in uneven.items():
        result[key] = result.get(key, ZERO) + to_pennies(price * quantity)
    for key, paid in direct_payments.items():
        result[key] = result.get(key, ZERO) + to_pennies(paid)
    return result


def cost_of_care(
    year: FinancialYear,
    events: Iterable[ServiceUse],
    tariffs: Mapping[str, Sequence[DatedPrice]],
    direct_payments: Iterable[tuple[date, Decimal]] = (),
) -> CostOfCare:
    """The cost of care of one person for ``year``: events and payments outside it are left out."""
    in_year = sorted((e for e in events if e.day in year), key=lambda e: e.day)
    paid = (amount for day, amount in direct_payments if day in year)
    return summarise(year, price_service_use(in_year, tariffs), paid)
