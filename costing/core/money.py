"""Pounds and pence: ``Decimal`` with two places, rounded half up."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
ZERO = Decimal("0.00")


class MoneyError(ValueError):
    """A value that is not an amount of money as the product accepts it."""


def to_pennies(amount: Decimal) -> Decimal:
    """Round to the penny, half up (£0.005 becomes £0.01)."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"Money must be a Decimal, not {type(amount).__name__}")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_amount(text: str | Decimal | int, *, allow_zero: bool = False) -> Decimal:
    """Read an amount of money strictly: a number above zero, at most two decimals.

    Nothing is rounded: ``"12.345"`` is refused, not turned into £12.35. A
    pound sign and thousands separators are allowed (``"£1,234.50"``).
    """
    if isinstance(text, float):
        raise TypeError("Money must not be a float")
    raw = str(text).strip().replace(",", "").removeprefix("£").strip()
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise MoneyError(f"“{text}” is not an amount of money") from None
    if not amount.is_finite():
        raise MoneyError(f"“{text}” is not an amount of money")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise MoneyError("An amount of money has at most two decimal places")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise MoneyError("The amount must be more than £0.00")
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
