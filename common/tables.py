"""Tables of records: sorted by any column (a link in its header, so no script is
needed) and downloadable as CSV.

A page names each table; ``?<name>_sort=<column>`` (``-<column>`` for descending) sorts
it and ``?csv=<name>`` downloads it, sorted the same way.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import F
from django.db.models.expressions import OrderBy
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from common.csv import csv_response


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]
    """What the column sorts on and the CSV holds."""
    show: Callable[[Any], str] | None = None
    """The cell's HTML (escaped with ``format_html``); the value as text if not given."""
    numeric: bool = False
    sortable: bool = True
    in_csv: bool = True
    text: Callable[[Any], Any] | None = None
    """What the CSV holds, if not the value (a month for a moment, say)."""
    order_by: tuple[str, ...] = ()
    """For a table sorted by the database (``database_order``): the fields it sorts on."""


def _sort_key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value


class Table:
    """A list of records as a sortable table. ``default`` is the column (``-`` first for
    descending) it is sorted on when the address says nothing ("": in the order given)."""

    def __init__(
        self,
        request: HttpRequest,
        name: str,
        caption: str,
        columns: Sequence[Column],
        rows: Iterable[Any],
        *,
        default: str,
        footer: Sequence[Any] = (),
        presorted: bool = False,
    ) -> None:
        self.request, self.name, self.caption = request, name, caption
        self.footer_rows = list(footer)
        """Rows kept last whatever the sort (a total)."""
        self.columns = list(columns)
        self.sorted_on, self.descending = asked_sort(request, name, self.columns, default)
        rows = list(rows)
        if not self.sorted_on or presorted:
            # ``presorted``: the database sorted them (``database_order``), a page at a time.
            self.rows = rows
            return
        column = next(c for c in self.columns if c.key == self.sorted_on)
        known = [row for row in rows if column.value(row) is not None]
        unknown = [row for row in rows if column.value(row) is None]
        known.sort(key=lambda row: _sort_key(column.value(row)), reverse=self.descending)
        self.rows = known + unknown

    def __len__(self) -> int:
        return len(self.rows)

    def _address(self, **changes: str) -> str:
        query = self.request.GET.copy()
        for key in ("csv", "page"):
            query.pop(key, None)
        for key, value in changes.items():
            query[key] = value
        return f"?{query.urlencode()}"

    @property
    def headers(self) -> list[dict[str, Any]]:
        headers = []
        for column in self.columns:
            current = column.key == self.sorted_on
            turn = "-" if current and not self.descending else ""
            headers.append(
                {
                    "label": column.label,
                    "numeric": column.numeric,
                    "sortable": column.sortable,
                    "href": self._address(**{f"{self.name}_sort": f"{turn}{column.key}"})
                    + f"#{self.name}",
                    "aria_sort": (
                        ("descending" if self.descending else "ascending") if current else "none"
                    ),
                }
            )
        return headers

    def _cells(self, rows: Sequence[Any]) -> list[list[dict[str, Any]]]:
        return [
            [
                {
                    "html": column.show(row)
                    if column.show
                    else format_html("{}", _shown(column.value(row))),
                    "numeric": column.numeric,
                }
                for column in self.columns
            ]
            for row in rows
        ]

    @property
    def body(self) -> list[list[dict[str, Any]]]:
        return self._cells(self.rows)

    @property
    def footer(self) -> list[list[dict[str, Any]]]:
        return self._cells(self.footer_rows)

    @property
    def csv_href(self) -> str:
        return self._address(csv=self.name)

    def csv_rows(self) -> list[list[Any]]:
        columns = [column for column in self.columns if column.in_csv]
        return [
            [column.label for column in columns],
            *(
                [_shown((column.text or column.value)(row)) for column in columns]
                for row in [*self.rows, *self.footer_rows]
            ),
        ]


def asked_sort(
    request: HttpRequest, name: str, columns: Sequence[Column], default: str
) -> tuple[str, bool]:
    """The column the address sorts table ``name`` on (``default`` if it names none), and
    whether descending."""
    keys = {column.key for column in columns if column.sortable}
    asked = request.GET.get(f"{name}_sort", "")
    if asked.removeprefix("-") not in keys:
        asked = default
    return asked.removeprefix("-"), asked.startswith("-")


def database_order(
    request: HttpRequest,
    name: str,
    columns: Sequence[Column],
    default: str,
    *,
    tiebreak: str = "pk",
) -> list[OrderBy]:
    """The ``order_by`` of a table too long to sort in Python (a list paged 50 at a time):
    the asked column's ``order_by`` fields, empty values last either way, then the primary
    key (``tiebreak``) so that pages never overlap. Give the rows to ``Table`` with
    ``presorted=True``."""
    key, descending = asked_sort(request, name, columns, default)
    fields: tuple[str, ...] = ()
    if key:
        fields = next(column.order_by or (column.key,) for column in columns if column.key == key)
    order = [
        F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        for field in fields
    ]
    return [*order, F(tiebreak).desc() if descending else F(tiebreak).asc()]


def day_text(value: date | datetime | None) -> str:
    """A date, or the local day of a moment, as pages show it: 9 Feb 2013."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return date_format(value, "j M Y")


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def table_download(request: HttpRequest, tables: Sequence[Table], filename: str):
    """The CSV of the table ``?csv=`` names, or None if it names none of these."""
    wanted = request.GET.get("csv")
    for table in tables:
        if table.name == wanted:
            return csv_response(table.csv_rows(), f"{filename}-{table.name}.csv")
    return None
