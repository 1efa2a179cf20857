"""How many contacts or bed days one entry may hold: an event of service use, a year's
clinical line of a spending plan, or the expected use behind an indicative budget.

A bed day is a night in hospital, so a year holds at most 366 of them. A thousand
contacts is more than two a day, every day, for a year: far above any real entry and far
below what the columns and sums can hold.
"""

MAX_CONTACTS = 1_000
MAX_BED_DAYS = 366
MAX_PURCHASE_QUANTITY = 1_000
"""How many of a purchase a spending line buys each time (hours a week, sessions...)."""

UNITS = {"contact": ("contacts", MAX_CONTACTS), "bed_day": ("bed days", MAX_BED_DAYS)}


class QuantityError(ValueError):
    """A quantity that is not a whole number from 1 to its maximum."""


def most(unit: str) -> int:
    """The largest quantity of ``unit`` one entry may hold."""
    return UNITS.get(unit, ("", MAX_CONTACTS))[1]


def check_quantity(quantity: object, unit: str = "contact", *, allow_zero: bool = False) -> int:
    """``quantity`` as a whole number from 1 (or 0) to the unit's maximum, or
    ``QuantityError`` saying what is allowed."""
    name, largest = UNITS.get(unit, ("", MAX_PURCHASE_QUANTITY))
    least = 0 if allow_zero else 1
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < least:
        raise QuantityError(f"Enter a whole number, {least} or more.")
    if quantity > largest:
        raise QuantityError(f"Enter at most {largest:,} {name or 'each time'}.".replace("  ", " "))
    return quantity
