"""What spending lines cost a year, summed in the database by group and priced by the
costing core's one rule (``costing.core.spending.line_cost``): weekly × 52, monthly × 12,
yearly once, a one-off counted once.

A line's cost is exact in pennies (a unit cost in pennies times whole numbers), so the
core's rule applied to the sum of a group's unit costs × quantities, one sum per
frequency, gives the sum of its lines' costs to the penny, without a row per line."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum

from careplans.models import SpendingLine
from costing.core import spending
from costing.core.money import ZERO

EACH = ExpressionWrapper(
    F("unit_cost") * F("quantity"), output_field=DecimalField(max_digits=20, decimal_places=2)
)


def year_cost(each: Decimal, frequency: str) -> Decimal:
    """What lines of one frequency whose unit costs × quantities add to ``each`` cost a
    year (a one-off once)."""
    line = spending.Line(unit_cost=each, quantity=1, frequency=spending.Frequency(frequency))
    return spending.line_cost(line).total


def yearly_cost_by(lines: QuerySet[SpendingLine], *groups: str) -> dict[object, Decimal]:
    """The lines' cost a year for each value of ``groups`` (field paths; the key is the value
    of the one group, or a tuple of the values of several): one query."""
    sums = (
        lines.values(*groups, "frequency")
        .annotate(each=Sum(EACH, output_field=DecimalField(max_digits=20, decimal_places=2)))
        .order_by()
    )
    costs: dict[object, Decimal] = defaultdict(lambda: ZERO)
    for row in sums:
        key = tuple(row[group] for group in groups) if len(groups) > 1 else row[groups[0]]
        costs[key] += year_cost(row["each"], row["frequency"])
    return dict(costs)
