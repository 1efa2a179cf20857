"""Pounds and pence: ``Decimal`` with two places, rounded half up."""

import re
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")

MAX_AMOUNT = Decimal("1000000.00")
"""The most any one amount typed may be (a price, a unit cost, a payment, a budget, a
cluster's cost, spending so far): far above any real one, and small enough that the sums
the product keeps fit their columns (``spending.MAX_PLAN_TOTAL``)."""

# Plain ASCII digits (``\d`` would take other scripts'), thousands commas in threes or
# none, at most two decimals (more is refused with its own message), an optional £.
_AMOUNT = re.compile(r"£?\s*(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")


class MoneyError(ValueError):
    """A value that is not an amount of money as the product accepts it."""


def to_pennies(amount: Decimal) -> Decimal:
    """Round to the penny, half up (£0.005 becomes £0.01)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"Money must be a Decimal, not {type(amount).__name__}")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_amount(text: str | Decimal | int, *, allow_zero: bool = False) -> Decimal:
    """Read an amount of money strictly: above zero (or zero, if allowed), at most two
    decimals, at most ``MAX_AMOUNT``.

    Nothing is rounded: ``"12.345"`` is refused, not turned into £12.35. Plain digits
    only, with an optional pound sign and thousands commas (``"£1,234.50"``): no sign,
    no exponent (``"1e3"``), no digits of other scripts (full-width ones, say), no ``NaN`` or
    ``Infinity``.
    """
    if isinstance(text, float):
        raise TypeError("Money must not be a float")
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise MoneyError(f"“{text}” is not an amount of money")
        text = f"{text:f}"
    written = str(text).strip()
    if not _AMOUNT.fullmatch(written):
        raise MoneyError(
            f"“{text}” is not an amount of money: write pounds and pence, such as 202.04"
        )
    amount = Decimal(written.removeprefix("£").strip().replace(",", ""))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise MoneyError("An amount of money has at most two decimal places")
    if amount == 0 and not allow_zero:
        raise MoneyError("The amount must be more than £0.00")
    if amount > MAX_AMOUNT:
        raise MoneyError(f"The amount must be at most {format_pounds(MAX_AMOUNT)}")
    return amount.quantize(PENNY)


def format_pounds(amount: Decimal) -> str:
    """``Decimal("4774.2")`` -> ``"£4,774.20"``; a negative amount keeps its sign in front."""
    pennies = to_pennies(amount)
    sign = "-" if pennies < 0 else ""
    return f"{sign}£{abs(pennies):,.2f}"


def percent_change(before: Decimal, after: Decimal) -> Decimal | None:
    """The change from ``before`` to ``after`` in per cent, one decimal, half up.

    ``None`` when there is nothing to compare with (``before`` is zero).
    """
    if before == 0:
        return None
    return ((after - before) * 100 / before).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
