"""CSV downloads: UTF-8 with the byte order mark spreadsheets look for, and never a cell
a spreadsheet would run as a formula."""

import csv
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
"""A negative amount such as -3050.52 is a number, not a formula: it is left as it is."""


def safe_cell(value: object) -> str:
    """The value as text, with a leading apostrophe if it starts as a formula would."""
    text = "" if value is None else str(value)
    if PLAIN_NUMBER.fullmatch(text):
        return text
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(rows: Iterable[Sequence[Any]], filename: str) -> HttpResponse:
    """A CSV attachment of ``rows`` (the header first), every cell safe, never cached."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")
    writer = csv.writer(response, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
