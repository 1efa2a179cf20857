"""Spending plans: what each line costs a week, a year and once, and the plan's totals.

A *clinical* line is an intervention and a number of contacts or bed days a
year, priced at the tariff in force on the plan's start date. A *purchase*
line has a unit cost, a quantity and a frequency. Every line is rounded half
up to the penny; totals add the rounded lines. The route the total takes is
the 15% rule's (``signoff.route``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from costing.core.money import MAX_AMOUNT, ZERO, format_pounds, percent_change, to_pennies
from costing.core.signoff import Route, limit, route


class Frequency(StrEnum):
    ONE_OFF = "one_off"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"


TIMES_A_YEAR = {Frequency.WEEKLY: 52, Frequency.MONTHLY: 12, Frequency.YEARLY: 1}

MAX_LINE_COST = MAX_AMOUNT
"""The most one line may cost a year (or once, for a one-off)."""
MAX_LINES = 100
"""The most lines one version's spending plan may have (Appendix 1 has six)."""
MAX_PLAN_TOTAL = MAX_LINES * MAX_LINE_COST
"""So no plan's total can be more than £100,000,000.00, which its stored total holds."""


class Restriction(StrEnum):
    """What a personal health budget cannot buy."""

    ALCOHOL = "alcohol"
    TOBACCO = "tobacco"
    GAMBLING = "gambling"
    DEBT = "debt"
    ILLEGAL = "illegal"
    EMERGENCY = "emergency"
    GP_SERVICES = "gp_services"


RESTRICTION_REASONS = {
    Restriction.ALCOHOL: "A personal health budget cannot buy alcohol.",
    Restriction.TOBACCO: "A personal health budget cannot buy tobacco.",
    Restriction.GAMBLING: "A personal health budget cannot be spent on gambling.",
    Restriction.DEBT: "A personal health budget cannot repay debts.",
    Restriction.ILLEGAL: "A personal health budget cannot buy anything illegal.",
    Restriction.EMERGENCY: "Emergency care is not bought with a personal health budget.",
    Restriction.GP_SERVICES: "A personal health budget cannot buy what a GP already provides.",
}


@dataclass(frozen=True, slots=True)
class Line:
    """A line of a spending plan, as plain values.

    ``frequency`` is ``yearly`` for a clinical line (its quantity is a year's
    contacts or bed days).
    """

    unit_cost: Decimal
    quantity: int
    frequency: Frequency
    restriction: Restriction | None = None
    serves_outcome: bool = True
    is_purchase: bool = True
    is_contingency: bool = False


@dataclass(frozen=True, slots=True)
class LineCost:
    per_week: Decimal | None
    per_year: Decimal
    one_off: Decimal

    @property
    def total(self) -> Decimal:
        return self.per_year + self.one_off


def line_cost(line: Line) -> LineCost:
    """What a line costs: a weekly line shows its week too (6 hours at £7.00: £42.00 a week,
    £2,184.00 a year)."""
    each = line.unit_cost * line.quantity
    if line.frequency == Frequency.ONE_OFF:
        return LineCost(per_week=None, per_year=ZERO, one_off=to_pennies(each))
    per_week = to_pennies(each) if line.frequency == Frequency.WEEKLY else None
    return LineCost(
        per_week=per_week,
        per_year=to_pennies(each * TIMES_A_YEAR[line.frequency]),
        one_off=ZERO,
    )


def line_problem(line: Line) -> str | None:
    """Why a line's unit cost and quantity cannot go together: it would cost too much."""
    cost = line_cost(line).total
    if cost > MAX_LINE_COST:
        return (
            f"This line comes to {format_pounds(cost)}: a line may cost at most "
            f"{format_pounds(MAX_LINE_COST)} a year (or once)."
        )
    return None


def line_problems(line: Line) -> list[str]:
    """Why a line stops a plan being submitted (a restriction), or needs a second look."""
    problems = []
    if line.restriction is not None:
        problems.append(RESTRICTION_REASONS[line.restriction])
    if line.is_purchase and not line.serves_outcome and not line.is_contingency:
        problems.append("This purchase serves none of the person’s outcomes.")
    return problems


@dataclass(frozen=True, slots=True)
class Totals:
    per_week: Decimal
    per_year: Decimal
    one_off: Decimal
    contingency: Decimal
    total: Decimal
    indicative: Decimal | None
    remaining: Decimal | None
    limit: Decimal | None
    route: Route | None

    @property
    def percent_over(self) -> Decimal | None:
        """How far the total is above the indicative budget, in per cent (one decimal)."""
        if not self.indicative:
            return None
        return percent_change(self.indicative, self.total)


def totals(lines: Iterable[Line], indicative: Decimal | None) -> Totals:
    """Money out a week, a year and once; the total, what remains, and who signs it off."""
    per_week = per_year = one_off = contingency = ZERO
    for line in lines:
        cost = line_cost(line)
        per_week += cost.per_week or ZERO
        per_year += cost.per_year
        one_off += cost.one_off
        if line.is_contingency:
            contingency += cost.total
    total = per_year + one_off
    if indicative is None:
        return Totals(per_week, per_year, one_off, contingency, total, None, None, None, None)
    return Totals(
        per_week=per_week,
        per_year=per_year,
        one_off=one_off,
        contingency=contingency,
        total=total,
        indicative=indicative,
        remaining=indicative - total,
        limit=limit(indicative),
        route=route(total, indicative),
    )
