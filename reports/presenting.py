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

BESIDE_UP_TO = 3
"""A table of this many columns or fewer sits beside its chart on a wide screen; a wider
one goes under it, at full width."""
NUMERIC = {Kind.COUNT, Kind.MONEY, Kind.PERCENT, Kind.CHANGE, Kind.DAYS}


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


def page_table(request: HttpRequest, table: ReportTable) -> Table:
    return Table(
        request,
        table.name,
        table.caption,
        [_column(column) for column in table.columns],
        table.rows,
        default=table.columns[0].key if table.default_sort is None else table.default_sort,
        footer=table.footer,
    )


CHART_UP_TO = 40
"""More rows than this make no readable chart: the table alone gives them."""
SHOW_UP_TO = 200
"""More rows than this (a person a row, across a large organisation) are not put on the
page: its CSV holds them all."""


def page_sections(request: HttpRequest, report: Report) -> list[dict[str, Any]]:
    """Each table of the report with its chart (SVG, every text in it escaped)."""
    parts = []
    for table in report.tables:
        rows = len(table.rows)
        chart = draw(table, f"chart-{table.name}") if rows <= CHART_UP_TO else ""
        parts.append(
            {
                "table": page_table(request, table),
                "chart": mark_safe(chart),  # noqa: S308
                "note": table.note,
                "beside": len(table.columns) <= BESIDE_UP_TO,
                "shown": rows <= SHOW_UP_TO,
                "rows": rows,
            }
        )
    return parts
