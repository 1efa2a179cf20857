"""Lists of records as tables that sort by any column (``?sort=team&order=desc``, the
header's links say so, ``aria-sort`` tells a screen reader) and download as CSV: UTF-8
with a byte order mark, so that a spreadsheet reads it as such, and every cell that a
spreadsheet would run as a formula given as text."""

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """A value as a CSV cell; text that a spreadsheet would take for a formula is kept as
    text by a leading apostrophe."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_download(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]):
    """A CSV attachment, never cached."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(cell) for cell in header])
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass(frozen=True)
class Header:
    """A column's header: its name, the link that sorts by it, and how it sorts now."""

    key: str
    text: str
    href: str
    aria_sort: str
    next_order: str


@dataclass(frozen=True)
class Sorting:
    columns: "SortableColumns"
    key: str
    descending: bool

    def sort[T](self, rows: Iterable[T]) -> list[T]:
        _, value = self.columns.columns[self.key]
        return sorted(rows, key=value, reverse=self.descending)

    def headers(self, query: Mapping[str, str]) -> list[Header]:
        headers = []
        for key, (text, _) in self.columns.columns.items():
            current = key == self.key
            order = "desc" if current and not self.descending else "asc"
            aria = ("descending" if self.descending else "ascending") if current else ""
            headers.append(
                Header(
                    key=key,
                    text=text,
                    href="?" + self._encode(query, sort=key, order=order),
                    aria_sort=aria,
                    next_order="ascending" if order == "asc" else "descending",
                )
            )
        return headers

    def query(self, query: Mapping[str, str], **extra: str) -> str:
        """The query string of this sorting (and ``extra``), for a link such as the CSV's."""
        order = "desc" if self.descending else "asc"
        return "?" + self._encode(query, sort=self.key, order=order, **extra)

    @staticmethod
    def _encode(query: Mapping[str, str], **values: str) -> str:
        kept = {k: v for k, v in query.items() if k not in {"sort", "order", "format", "page"}}
        return urlencode({**kept, **values})


class SortableColumns:
    """A table's columns: key → (header text, the value a row sorts by)."""

    def __init__(
        self, columns: Mapping[str, tuple[str, Callable[[Any], Any]]], *, default: str
    ) -> None:
        self.columns = dict(columns)
        self.default = default

    def from_query(self, query: Mapping[str, str]) -> Sorting:
        """The sorting a query asks for; an unknown column or order is the default's."""
        key = query.get("sort", "")
        if key not in self.columns:
            key = self.default
        return Sorting(self, key, descending=query.get("order") == "desc")
