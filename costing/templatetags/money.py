"""Money in templates: written as people read it, never worked out here."""

from decimal import Decimal, InvalidOperation

from django import template

from costing.core.money import format_pounds

register = template.Library()


@register.filter
def pounds(value) -> str:
    """``Decimal("19464.75")`` or ``"19464.75"`` -> ``"£19,464.75"``; empty stays empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        raise TypeError("Money must not be a float")
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return format_pounds(amount)
