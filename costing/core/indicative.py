"""Indicative budgets: the amount set before planning, with the workings shown to the person."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from costing.core.money import MAX_AMOUNT, MoneyError, format_pounds, parse_amount, to_pennies
from costing.core.quantities import QuantityError, check_quantity
from costing.core.tariffs import DatedPrice, price_on
from costing.core.years import FinancialYear

WHOLE = Decimal(1)


class Method(StrEnum):
    SERVICE = "service"
    CLUSTER = "cluster"
    MANUAL = "manual"


class IndicativeBudgetError(ValueError):
    """Inputs that do not give an indicative budget; ``field`` names the input at fault."""

    def __init__(self, message: str, *, field: str = "inputs") -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Working:
    """One step of the sum, written so that the person can follow it."""

    description: str
    amount: Decimal
    quantity: int | None = None
    unit_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Calculation:
    method: Method
    amount: Decimal
    workings: tuple[Working, ...]


def service_based(
    expected: Mapping[str, int],
    tariffs: Mapping[str, Sequence[DatedPrice]],
    on: date,
    *,
    names: Mapping[str, str] | None = None,
    units: Mapping[str, str] | None = None,
) -> Calculation:
    """The contacts and bed days the person and clinician expect, priced at the tariff on ``on``.

    The pilot's way: £2,424.48 is 12 CMHT contacts at £202.04. A year holds at most
    1,000 contacts or 366 bed days of one intervention (``quantities``), and the budget
    comes to at most ``MAX_AMOUNT``.
    """
    names = names or {}
    units = units or {}
    workings = []
    for code, quantity in expected.items():
        try:
            check_quantity(quantity, units.get(code, "contact"), allow_zero=True)
        except QuantityError as error:
            raise IndicativeBudgetError(
                f"Expected {names.get(code, code)}: {error}", field=code
            ) from None
        if quantity == 0:
            continue
        if code not in tariffs:
            raise IndicativeBudgetError(f"There is no intervention “{code}”", field=code)
        price = price_on(tariffs[code], on, intervention=code).price
        cost = to_pennies(price * quantity)
        label = names.get(code, code)
        workings.append(
            Working(f"{quantity} × {label} at {format_pounds(price)}", cost, quantity, price)
        )
    if not workings:
        raise IndicativeBudgetError(
            "Enter the contacts or bed days expected for at least one intervention"
        )
    amount = sum((w.amount for w in workings), Decimal("0.00"))
    _check_budget(amount)
    return Calculation(Method.SERVICE, amount, tuple(workings))


def _check_budget(amount: Decimal) -> None:
    if amount > MAX_AMOUNT:
        raise IndicativeBudgetError(
            f"This comes to {format_pounds(amount)}: an indicative budget is at most "
            f"{format_pounds(MAX_AMOUNT)}"
        )


def cluster_based(
    cluster: str, year: FinancialYear, annual_cost: Decimal, community_share: Decimal = WHOLE
) -> Calculation:
    """The community element of the cluster's annual cost for the year (all of it by default)."""
    if not Decimal(0) < community_share <= WHOLE:
        raise IndicativeBudgetError(
            "The community share must be more than 0% and at most 100%", field="community_share"
        )
    cost = to_pennies(annual_cost)
    amount = to_pennies(annual_cost * community_share)
    _check_budget(amount)
    percent = (community_share * 100).normalize()
    workings = (
        Working(f"Annual cost of cluster {cluster} in {year}", cost),
        Working(f"Community share: {percent:f}% of {format_pounds(cost)}", amount),
    )
    return Calculation(Method.CLUSTER, amount, workings)


def manual(amount: Decimal | str, reason: str) -> Calculation:
    """An amount set by hand, which needs a recorded reason."""
    if not str(reason).strip():
        raise IndicativeBudgetError(
            "Give the reason for setting the budget by hand", field="reason"
        )
    try:
        value = parse_amount(amount)
    except MoneyError as error:
        raise IndicativeBudgetError(str(error), field="amount") from None
    return Calculation(Method.MANUAL, value, (Working(f"Set by hand: {reason.strip()}", value),))
