"""A report on a page: each table as a sortable table with its CSV (``common.tables``),
and its chart beside it."""

import re
from typing import Any

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.tables import Column, Table
from reports.core.charts import draw
from reports.core.report import Kind, Report, ReportColumn, ReportTable, format_value, plain_value

NUMERIC = {Kind.COUNT, Kind.MONEY, Kind.PERCENT, Kind.CHANGE, Kind.DAYS}
BESIDE = 4
"""A table of up to this many columns shows beside its chart; a wider one below it."""


def natural(value: Any) -> Any:
    """Text sorts as people read it: Cluster 2 before Cluster 11."""
    if not isinstance(value, str):
        return value
    parts = re.split(r"(\d+)", value.casefold())
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts if part)


def _column(column: ReportColumn) -> Column:
    return Column(
        column.key,
        column.label,
        lambda row: natural(row.get(column.key)),
        show=lambda row: format_html("{}", format_value(column.kind, row.get(column.key))),
        numeric=column.kind in NUMERIC,
        text=lambda row: _csv_text(column, row.get(column.key)),
    )


def _csv_text(column: ReportColumn, value: Any) -> Any:
    return "" if value is None else plain_value(column.kind, value)


class ReportPageTable(Table):
    """A report's table on a page: sorted as asked, else as its ``default_sort`` says, else
    in the report's own order (a status from draft to ended, say), with no column marked
    as sorted."""

    def __init__(self, request: HttpRequest, table: ReportTable) -> None:
        columns = [_column(column) for column in table.columns]
        super().__init__(
            request,
            table.name,
            table.caption,
            columns,
            table.rows,
            default=table.default_sort or columns[0].key,
            footer=table.footer,
        )
        asked = request.GET.get(f"{table.name}_sort", "").removeprefix("-")
        if not table.default_sort and asked not in {column.key for column in columns}:
            self.rows, self.sorted_on, self.descending = list(table.rows), "", False


def page_table(request: HttpRequest, table: ReportTable) -> Table:
    return ReportPageTable(request, table)


def page_sections(request: HttpRequest, report: Report) -> list[dict[str, Any]]:
    """Each table of the report with its chart (SVG, every text in it escaped)."""
    return [
        {
            "table": page_table(request, table),
            "chart": mark_safe(draw(table, f"chart-{table.name}")),  # noqa: S308
            "note": table.note,
            "wide": len(table.columns) > BESIDE,
        }
        for table in report.tables
    ]
