"""A date as the NHS.UK date input posts it: the day, month and year boxes."""

from datetime import date


def date_fields(name: str, day: date | None) -> dict[str, str]:
    """The three boxes of the date input ``name``: ``start_date``, ``start_date_month`` and
    ``start_date_year``; all empty for no date."""
    if day is None:
        return {name: "", f"{name}_month": "", f"{name}_year": ""}
    return {name: str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}
