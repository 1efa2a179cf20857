"""The 15% rule: who must agree a spending plan, given its total and the indicative budget."""

from decimal import Decimal
from enum import StrEnum

TOLERANCE = Decimal("1.15")


class Route(StrEnum):
    FACILITATOR = "facilitator"
    COMMISSIONER = "commissioner"


def limit(indicative: Decimal) -> Decimal:
    """The most a facilitator may sign off: the indicative budget × 1.15, not rounded.

    £4,848.96 gives £5,576.304: £5,576.30 is within it, £5,576.31 is not.
    """
    return indicative * TOLERANCE


def route(total: Decimal, indicative: Decimal) -> Route:
    """Up to and including the limit: the team's facilitator; above it: a commissioner."""
    return Route.FACILITATOR if total <= limit(indicative) else Route.COMMISSIONER
