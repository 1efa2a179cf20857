"""Charts drawn on the server as SVG, from a report's table: no script, nothing inline for
the Content Security Policy to refuse (colours come from the stylesheet by class), a title
and description for screen readers, and every bar labelled with its figure and series so
that colour never carries the meaning alone."""

from decimal import Decimal
from html import escape
from typing import Any

from reports.core.report import Chart, Kind, ReportTable, format_value

WIDTH = 600
LABEL_WIDTH = 210
VALUE_ROOM = 150
BAR = 18
GAP = 12
TOP = 8
MAX_LABEL = 26
SERIES = 4
"""Series colours in the stylesheet (app-chart__bar--0 to --3), each at least 3:1 against
white; more series repeat them, and the labels tell them apart."""


def _clip(text: str) -> str:
    return text if len(text) <= MAX_LABEL else f"{text[: MAX_LABEL - 1]}…"


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _open(chart_id: str, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg class="app-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _bars(table: ReportTable, chart: Chart, chart_id: str) -> str:
    series = [table.column(key) for key in chart.values]
    names = chart.names or tuple(column.label for column in series)
    rows = [*table.rows, *table.footer]
    numbers = [_number(row.get(column.key)) for row in rows for column in series]
    known = [number for number in numbers if number is not None]
    low = min([Decimal(0), *known])
    high = max([Decimal(0), *known])
    span = (high - low) or Decimal(1)
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    zero_x = LABEL_WIDTH + float((0 - low) / span) * plot
    group = len(series) * BAR + GAP
    height = TOP + len(rows) * group + GAP
    parts = _open(chart_id, height, table.caption, chart.description or _describe(table, chart))
    label = table.column(chart.label)
    for index, row in enumerate(rows):
        y = TOP + index * group
        name = format_value(label.kind, row.get(label.key))
        parts.append(
            f'<text class="app-chart__label" x="{LABEL_WIDTH - 8}" '
            f'y="{y + len(series) * BAR / 2 + 5}" '
            f'text-anchor="end">{escape(_clip(name))}</text>'
        )
        for n, column in enumerate(series):
            value = _number(row.get(column.key))
            top = y + n * BAR
            figure = format_value(column.kind, row.get(column.key))
            text = f"{names[n]}: {figure}" if len(series) > 1 else figure
            if value is None:
                parts.append(
                    f'<text class="app-chart__value" x="{zero_x + 4:.1f}" y="{top + 13}">'
                    f"{escape(text)}</text>"
                )
                continue
            length = float(abs(value) / span) * plot
            x = zero_x if value >= 0 else zero_x - length
            parts.append(
                f'<rect class="app-chart__bar app-chart__bar--{n % SERIES}" x="{x:.1f}" '
                f'y="{top + 2}" width="{max(length, 1):.1f}" height="{BAR - 4}"/>'
            )
            end = (zero_x + length + 6) if value >= 0 else zero_x + 6
            parts.append(
                f'<text class="app-chart__value" x="{end:.1f}" y="{top + 13}">{escape(text)}</text>'
            )
    parts.append(
        f'<line class="app-chart__axis" x1="{zero_x:.1f}" y1="{TOP - 4}" x2="{zero_x:.1f}" '
        f'y2="{height - GAP + 4}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


SPREAD_KEYS = ("minimum", "lower_quartile", "median", "upper_quartile", "maximum")


def _spread(table: ReportTable, chart: Chart, chart_id: str) -> str:
    rows = [row for row in table.rows if row.get("median") is not None]
    known = [Decimal(row[key]) for row in rows for key in SPREAD_KEYS]
    low, high = min([Decimal(0), *known]), max([Decimal(0), *known])
    span = (high - low) or Decimal(1)
    plot = WIDTH - LABEL_WIDTH - VALUE_ROOM
    kind = table.column("median").kind

    def x(value: Any) -> float:
        return LABEL_WIDTH + float((Decimal(value) - low) / span) * plot

    row_height = 2 * BAR + GAP
    height = TOP + max(len(rows), 1) * row_height + GAP
    parts = _open(chart_id, height, table.caption, chart.description or _describe(table, chart))
    label = table.column(chart.label)
    for index, row in enumerate(rows):
        y = TOP + index * row_height
        middle = y + BAR
        name = format_value(label.kind, row.get(label.key))
        parts += [
            f'<text class="app-chart__label" x="{LABEL_WIDTH - 8}" y="{middle + 5}" '
            f'text-anchor="end">{escape(_clip(name))}</text>',
            f'<line class="app-chart__whisker" x1="{x(row["minimum"]):.1f}" y1="{middle}" '
            f'x2="{x(row["maximum"]):.1f}" y2="{middle}"/>',
            f'<rect class="app-chart__bar app-chart__bar--0" x="{x(row["lower_quartile"]):.1f}" '
            f'y="{middle - BAR / 2}" '
            f'width="{max(x(row["upper_quartile"]) - x(row["lower_quartile"]), 1):.1f}" '
            f'height="{BAR}"/>',
            f'<line class="app-chart__median" x1="{x(row["median"]):.1f}" '
            f'y1="{middle - BAR / 2 - 3}" '
            f'x2="{x(row["median"]):.1f}" y2="{middle + BAR / 2 + 3}"/>',
            f'<text class="app-chart__value" x="{x(row["maximum"]) + 6:.1f}" y="{middle + 5}">'
            f"median {escape(format_value(kind, row['median']))}</text>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def _describe(table: ReportTable, chart: Chart) -> str:
    if chart.kind == "spread":
        return (
            "Box plot: for each row, a line from the smallest to the largest value, a box "
            "from the lower to the upper quartile and a mark at the median. The table beside "
            "it gives the figures."
        )
    names = ", ".join(table.column(key).label for key in chart.values)
    row = table.column(chart.label).label.lower()
    return f"Bar chart of {names} for each {row}. The table beside it gives the figures."


def draw(table: ReportTable, chart_id: str) -> str:
    """The SVG of ``table``'s chart ("" if it has none). Every text is escaped."""
    chart = table.chart
    if chart is None or not (table.rows or table.footer):
        return ""
    if chart.kind == "spread":
        return _spread(table, chart, chart_id)
    return _bars(table, chart, chart_id)


__all__ = ["Kind", "draw"]
