"""A report as plain values: sections of tables, each column of a kind (money, count,
per cent...), each table with the chart that draws it. Pages, the API and CSV all show
the same values, formatted here."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    CHANGE = "change"
    """A per cent change, signed: +13.9%, or a minus sign for a fall."""
    DAYS = "days"
    DATE = "date"


@dataclass(frozen=True)
class ReportColumn:
    key: str
    label: str
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Chart:
    """How a table is drawn. ``bars``: one bar a row for each of ``values`` (grouped
    when more than one); ``spread``: a box and whiskers a row, from the columns
    ``minimum``, ``lower_quartile``, ``median``, ``upper_quartile``, ``maximum``."""

    kind: str
    label: str
    """The column that names each row."""
    values: tuple[str, ...] = ()
    description: str = ""
    """What the chart shows, in words, for those who cannot see it."""
    names: tuple[str, ...] = ()
    """Short names of the series, to label the bars (the columns' labels if not given)."""


@dataclass(frozen=True)
class ReportTable:
    name: str
    caption: str
    columns: tuple[ReportColumn, ...]
    rows: tuple[dict[str, Any], ...]
    footer: tuple[dict[str, Any], ...] = ()
    """Rows kept last whatever the sort: a total."""
    chart: Chart | None = None
    default_sort: str | None = None
    """The column a page sorts it on first (the first column if None; "": as given)."""
    note: str = ""

    def column(self, key: str) -> ReportColumn:
        return next(column for column in self.columns if column.key == key)


Figures = tuple[tuple[str, str], ...]
"""Headline figures: (what, the figure as text)."""


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    tables: tuple[ReportTable, ...]
    summary: Figures = field(default=())
    """Headline figures, shown on the overview too."""
    people_shown: tuple[int, ...] = field(default=())
    """The ids of the people a table names, for the audit trail."""

    def table(self, name: str) -> ReportTable | None:
        return next((table for table in self.tables if table.name == name), None)


MINUS = "\u2212"
"""The minus sign (not a hyphen), as a fall or a negative amount is printed."""
PENNY = Decimal("0.01")
TENTH = Decimal("0.1")


def _rounded(value: Any, places: Decimal) -> Decimal:
    """Rounded half up, and never minus 0 (-0.001 is £0.00, not minus £0.00)."""
    rounded = Decimal(value).quantize(places, rounding=ROUND_HALF_UP)
    return rounded if rounded else abs(rounded)


def _signed(amount: Decimal) -> str:
    """The figure with a minus sign if it is negative."""
    return f"{MINUS}{abs(amount)}" if amount < 0 else str(amount)


def format_value(kind: Kind, value: Any) -> str:
    """A figure as pages and CSV files show it: £4,800.00, 12.5%, +13.9%, 3.5 days, 1,204;
    a minus sign (not a hyphen) before a negative one."""
    if value is None:
        return "–"
    if kind is Kind.MONEY:
        amount = _rounded(value, PENNY)
        return f"{MINUS if amount < 0 else ''}£{abs(amount):,.2f}"
    if kind in (Kind.PERCENT, Kind.CHANGE):
        share = _rounded(value, TENTH)
        if kind is Kind.CHANGE and share > 0:
            return f"+{share}%"
        return f"{_signed(share)}%"
    if kind is Kind.DAYS:
        days = _rounded(value, TENTH)
        text = _signed(days.to_integral_value() if days % 1 == 0 else days)
        return f"{text} day" if days == 1 else f"{text} days"
    if kind is Kind.COUNT:
        whole = isinstance(value, int | Decimal) and value == int(value)
        return f"{int(value):,}" if whole else str(value)
    if kind is Kind.DATE:
        return f"{value.day} {value:%b %Y}"
    return str(value)


def plain_value(kind: Kind, value: Any) -> Any:
    """A figure as the API and CSV give it: money and per cents as exact decimal text,
    counts as numbers, dates as ISO text."""
    if value is None:
        return None
    if kind is Kind.MONEY:
        return str(_rounded(value, PENNY))
    if kind in (Kind.PERCENT, Kind.CHANGE, Kind.DAYS):
        return str(_rounded(value, TENTH))
    if kind is Kind.DATE:
        return value.isoformat()
    return value
