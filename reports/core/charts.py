"""Charts drawn on the server as SVG, from a report's table: no script, nothing inline for
the Content Security Policy to refuse (colours come from the stylesheet by class), a title
and description for screen readers, and every bar labelled with its figure and series so
that colour never carries the meaning alone.

Each row's name is written on a line of its own above its bars, so that long names need
no column of their own and the drawing stays narrow enough to read beside its table. The
room after the bars is measured from the longest figure, so no figure runs off the edge."""

from decimal import Decimal
from html import escape
from typing import Any

from reports.core.report import Chart, Kind, ReportTable, format_value

WIDTH = 440
CHAR_WIDTH = 8.5
"""Room for one character at the chart's 15 px Arial (a digit takes 8.3)."""
MARGIN = 4
NAME_LINE = 20
BAR = 18
GAP = 10
TOP = 4
MAX_LABEL = int((WIDTH - 2 * MARGIN) // CHAR_WIDTH)
SERIES = 4
"""Series colours in the stylesheet (app-chart__bar--0 to --3), each at least 3:1 against
white; more series repeat them, and the labels tell them apart."""
SPREAD_KEYS = ("minimum", "lower_quartile", "median", "upper_quartile", "maximum")


def _clip(text: str) -> str:
    return text if len(text) <= MAX_LABEL else f"{text[: MAX_LABEL - 1]}…"


def _number(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


def _room(texts: list[str]) -> int:
    """Room after the bars for the longest of ``texts`` (at most two thirds of the width)."""
    longest = max((len(text) for text in texts), default=0)
    return min(round(longest * CHAR_WIDTH) + 2 * MARGIN, WIDTH * 2 // 3)


def _open(chart_id: str, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg class="app-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _name(table: ReportTable, chart: Chart, row: dict, y: float) -> str:
    label = table.column(chart.label)
    name = format_value(label.kind, row.get(label.key))
    return (
        f'<text class="app-chart__label" x="{MARGIN}" y="{y + 15:.0f}">{escape(_clip(name))}</text>'
    )


def _bars(table: ReportTable, chart: Chart, chart_id: str) -> str:
    series = [table.column(key) for key in chart.values]
    names = dict(zip(chart.values, chart.names or [c.label for c in series], strict=True))
    rows = [*table.rows, *table.footer]

    def figure(row: dict, column) -> str:
        shown = format_value(column.kind, row.get(column.key))
        return f"{names[column.key]}: {shown}" if len(series) > 1 else shown

    numbers = [_number(row.get(column.key)) for row in rows for column in series]
    known = [number for number in numbers if number is not None]
    low = min([Decimal(0), *known])
    high = max([Decimal(0), *known])
    span = (high - low) or Decimal(1)
    plot = WIDTH - MARGIN - _room([figure(row, column) for row in rows for column in series])
    zero_x = MARGIN + float((0 - low) / span) * plot
    group = NAME_LINE + len(series) * BAR + GAP
    height = TOP + len(rows) * group
    parts = _open(chart_id, height, table.caption, chart.description or _describe(table, chart))
    for index, row in enumerate(rows):
        y = TOP + index * group
        parts.append(_name(table, chart, row, y))
        for n, column in enumerate(series):
            value = _number(row.get(column.key))
            top = y + NAME_LINE + n * BAR
            text = escape(figure(row, column))
            if value is None:
                parts.append(
                    f'<text class="app-chart__value" x="{zero_x + 6:.1f}" y="{top + 13}">'
                    f"{text}</text>"
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
                f'<text class="app-chart__value" x="{end:.1f}" y="{top + 13}">{text}</text>'
            )
    parts.append(
        f'<line class="app-chart__axis" x1="{zero_x:.1f}" y1="{TOP + NAME_LINE}" '
        f'x2="{zero_x:.1f}" y2="{height - GAP + 2}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _spread(table: ReportTable, chart: Chart, chart_id: str) -> str:
    rows = [
        row
        for row in [*table.rows, *table.footer]
        if all(row.get(key) is not None for key in SPREAD_KEYS)
    ]
    if not rows:
        return ""
    kind = table.column("median").kind
    medians = [f"median {format_value(kind, row['median'])}" for row in rows]
    known = [Decimal(row[key]) for row in rows for key in SPREAD_KEYS]
    low, high = min([Decimal(0), *known]), max([Decimal(0), *known])
    span = (high - low) or Decimal(1)
    plot = WIDTH - MARGIN - _room(medians)

    def x(value: Any) -> float:
        return MARGIN + float((Decimal(value) - low) / span) * plot

    row_height = NAME_LINE + BAR + 2 * GAP
    height = TOP + len(rows) * row_height
    parts = _open(chart_id, height, table.caption, chart.description or _describe(table, chart))
    for index, (row, median) in enumerate(zip(rows, medians, strict=True)):
        y = TOP + index * row_height
        middle = y + NAME_LINE + GAP / 2 + BAR / 2
        parts += [
            _name(table, chart, row, y),
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
            f"{escape(median)}</text>",
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
    """The SVG of ``table``'s chart ("" if it has none or nothing to draw). Every text is
    escaped."""
    chart = table.chart
    if chart is None or not (table.rows or table.footer):
        return ""
    if chart.kind == "spread":
        return _spread(table, chart, chart_id)
    return _bars(table, chart, chart_id)


__all__ = ["Kind", "draw"]
