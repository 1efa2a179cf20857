"""What a spending plan costs: each line priced by the costing core, the totals against
the indicative budget, the split by funding route, and a clinical line's tariff price."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet

from careplans.models import CarePlanVersion, FundingRoute, Outcome, SpendingLine
from costing.core import spending
from costing.core.tariffs import NoTariffError, price_on
from costing.models import Intervention


def clinical_unit_price(intervention: Intervention, on: date | None) -> Decimal:
    """A clinical line's price: the tariff on the plan's start date (else ``ValidationError``)."""
    if on is None:
        raise ValidationError(
            {
                "start_date": "Set the plan’s start date first: clinical lines are "
                "priced at the tariff in force on it."
            }
        )
    prices = [p.as_dated_price() for p in intervention.prices.all()]
    try:
        return price_on(prices, on, intervention=intervention.code).price
    except NoTariffError as error:
        raise ValidationError({"intervention": str(error)}) from None


def as_core_line(line: SpendingLine, serves_outcome: bool) -> spending.Line:
    return spending.Line(
        unit_cost=line.unit_cost,
        quantity=line.quantity,
        frequency=spending.Frequency(line.frequency),
        restriction=spending.Restriction(line.restriction) if line.restriction else None,
        serves_outcome=serves_outcome,
        is_purchase=line.kind == SpendingLine.Kind.PURCHASE,
        is_contingency=line.is_contingency,
    )


@dataclass(frozen=True)
class PricedLine:
    line: SpendingLine
    cost: spending.LineCost
    problems: list[str]


@dataclass(frozen=True)
class SpendingPlan:
    lines: list[PricedLine]
    totals: spending.Totals

    @property
    def recurring(self) -> list[PricedLine]:
        return [p for p in self.lines if p.line.frequency != spending.Frequency.ONE_OFF]

    @property
    def one_off(self) -> list[PricedLine]:
        return [p for p in self.lines if p.line.frequency == spending.Frequency.ONE_OFF]


def lines_of(version: CarePlanVersion) -> QuerySet[SpendingLine]:
    return version.lines.select_related("intervention").prefetch_related(
        Prefetch("outcomes", Outcome.objects.only("pk", "version_id"))
    )


def spending_plan(
    version: CarePlanVersion, lines: list[SpendingLine] | None = None
) -> SpendingPlan:
    """Each line's cost and problems, and the totals against the version's indicative budget.

    ``lines`` may be unsaved lines (the editor's live totals); the served
    outcomes are then read from ``line.served`` when set.
    """
    if lines is None:
        lines = list(lines_of(version))
    priced, cores = [], []
    for line in lines:
        served = getattr(line, "served", None)
        serves = bool(served) if served is not None else bool(line.pk and line.outcomes.all())
        core = as_core_line(line, serves)
        cores.append(core)
        priced.append(PricedLine(line, spending.line_cost(core), spending.line_problems(core)))
    indicative = version.indicative_budget.amount if version.indicative_budget_id else None
    return SpendingPlan(priced, spending.totals(cores, indicative))


def funding_split(plan: SpendingPlan) -> list[dict[str, Any]]:
    """The plan's total by funding route."""
    amounts: dict[str, Decimal] = {}
    for priced in plan.lines:
        route = priced.line.funding_route
        amounts[route] = amounts.get(route, Decimal("0.00")) + priced.cost.total
    return [
        {"route": label, "amount": amounts[value]}
        for value, label in FundingRoute.choices
        if value in amounts
    ]
