"""The reports' SVG charts: images with a title and a description, every text escaped,
every bar labelled with its figure (and series), bars in proportion within the drawing,
and box plots of a spread."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from reports.core.charts import SPREAD_KEYS, draw
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable

SVG = "{http://www.w3.org/2000/svg}"


def _table(rows, footer=(), *, values=("total",), chart: Chart | None = None) -> ReportTable:
    return ReportTable(
        "by_team",
        "Budgets by team",
        (
            ReportColumn("team", "Team"),
            ReportColumn("total", "Total a year", Kind.MONEY),
            ReportColumn("budgets", "Budgets", Kind.COUNT),
        ),
        tuple(rows),
        footer=tuple(footer),
        chart=chart or Chart("bars", "team", values),
    )


def _parse(drawn: str) -> ET.Element:
    """The chart as XML: it parses only if every text in it is escaped."""
    return ET.fromstring(drawn)  # noqa: S314 - our own drawing, not outside data


def _svg(table: ReportTable) -> ET.Element:
    return _parse(draw(table, "chart-by_team"))


def _texts(svg: ET.Element, css: str) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == css]


def test_a_chart_is_an_image_with_a_title_and_a_description():
    svg = _svg(_table([{"team": "Riverside", "total": Decimal("4800.00"), "budgets": 1}]))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-by_team-title chart-by_team-desc"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == ("chart-by_team-title", "Budgets by team")
    assert desc.get("id") == "chart-by_team-desc"
    assert desc.text == (
        "Bar chart of Total a year for each team. The table beside it gives the figures."
    )


def test_a_chart_says_in_words_what_its_description_gives():
    table = _table(
        [{"team": "A", "total": Decimal(1), "budgets": 1}],
        chart=Chart("bars", "team", ("total",), description="Spend by team, largest first."),
    )
    assert _svg(table).find(f"{SVG}desc").text == "Spend by team, largest first."


def test_every_text_in_a_chart_is_escaped():
    table = _table([{"team": "<script>alert(1)</script> & co", "total": Decimal(1)}])
    drawn = draw(table, "chart-by_team")
    assert "<script>" not in drawn
    assert "&lt;script&gt;" in drawn
    assert _texts(_parse(drawn), "app-chart__label") == ["<script>alert(1)</script> & co"]
    caption = ReportTable(
        "t",
        'Budgets "quoted" <b>',
        table.columns,
        table.rows,
        chart=Chart("bars", "team", ("total",)),
    )
    svg = draw(caption, "chart-t")
    assert "<b>" not in svg
    assert _parse(svg).find(f"{SVG}title").text == 'Budgets "quoted" <b>'


def test_every_bar_is_labelled_with_its_figure():
    svg = _svg(
        _table(
            [
                {"team": "Riverside", "total": Decimal("4800.00")},
                {"team": "Hillside", "total": Decimal("1250.50")},
            ]
        )
    )
    assert len(list(svg.iter(f"{SVG}rect"))) == 2
    assert _texts(svg, "app-chart__label") == ["Riverside", "Hillside"]
    assert _texts(svg, "app-chart__value") == ["£4,800.00", "£1,250.50"]


def test_grouped_bars_are_labelled_with_their_series_and_their_figure():
    svg = _svg(
        _table(
            [{"team": "Riverside", "total": Decimal("4800.00"), "budgets": 2}],
            values=("total", "budgets"),
        )
    )
    bars = [r.get("class") for r in svg.iter(f"{SVG}rect")]
    assert bars == ["app-chart__bar app-chart__bar--0", "app-chart__bar app-chart__bar--1"]
    assert _texts(svg, "app-chart__value") == ["Total a year: £4,800.00", "Budgets: 2"]


def test_a_missing_figure_has_no_bar_but_says_so():
    svg = _svg(
        _table([{"team": "Riverside", "total": None}, {"team": "Hillside", "total": Decimal(5)}])
    )
    assert len(list(svg.iter(f"{SVG}rect"))) == 1
    assert _texts(svg, "app-chart__value") == ["–", "£5.00"]


def _bars(svg: ET.Element) -> list[tuple[float, float]]:
    return [(float(r.get("x")), float(r.get("width"))) for r in svg.iter(f"{SVG}rect")]


def _axis(svg: ET.Element) -> float:
    line = next(line for line in svg.iter(f"{SVG}line") if line.get("class") == "app-chart__axis")
    return float(line.get("x1"))


def test_a_negative_figure_is_a_bar_to_the_left_of_the_axis():
    svg = _svg(
        _table(
            [{"team": "Over", "total": Decimal("-100")}, {"team": "Under", "total": Decimal(300)}]
        )
    )
    zero = _axis(svg)
    (over_x, over_width), (under_x, under_width) = _bars(svg)
    assert over_x + over_width == pytest.approx(zero)
    assert under_x == pytest.approx(zero)
    assert under_width == pytest.approx(3 * over_width)
    assert _texts(svg, "app-chart__value") == ["\u2212£100.00", "£300.00"]


def test_bars_are_in_proportion_and_within_the_drawing():
    svg = _svg(
        _table(
            [{"team": "A", "total": Decimal(100)}, {"team": "B", "total": Decimal(50)}],
            footer=[{"team": "Total", "total": Decimal(150)}],
        )
    )
    width = float(svg.get("viewBox").split()[2])
    bars = _bars(svg)
    assert bars[0][1] == pytest.approx(2 * bars[1][1], abs=0.2)
    assert bars[2][1] == pytest.approx(3 * bars[1][1], abs=0.2)
    assert all(x >= 0 and x + w <= width for x, w in bars)
    assert _texts(svg, "app-chart__label") == ["A", "B", "Total"]


def test_long_names_and_figures_stay_inside_the_drawing():
    svg = _svg(
        _table(
            [
                {
                    "team": "The Community Mental Health Team of the Far North",
                    "total": Decimal("123456789.99"),
                    "budgets": 12345,
                }
            ],
            values=("total", "budgets"),
        )
    )
    width = float(svg.get("viewBox").split()[2])
    label = _texts(svg, "app-chart__label")[0]
    assert label == "The Community Mental Health Team of the Far North"
    values = _texts(svg, "app-chart__value")
    assert values == ["Total a year: £123,456,789.99", "Budgets: 12,345"]
    for text in svg.iter(f"{SVG}text"):
        # About 8 px a character at the chart's 14 px: every text ends inside the drawing.
        assert float(text.get("x")) + 8 * len(text.text) <= width
    longer = _svg(_table([{"team": "A team whose name goes on " * 4, "total": Decimal(1)}]))
    (clipped,) = _texts(longer, "app-chart__label")
    assert clipped.endswith("…")
    assert 8 * len(clipped) <= float(longer.get("viewBox").split()[2])


def test_a_table_with_no_rows_or_no_chart_draws_nothing():
    assert draw(_table([]), "chart-x") == ""
    table = _table([{"team": "A", "total": Decimal(1)}])
    assert draw(ReportTable("t", "c", table.columns, table.rows), "chart-x") == ""


SPREAD_COLUMNS = tuple(
    ReportColumn(key, key, Kind.MONEY)
    for key in ("minimum", "lower_quartile", "median", "upper_quartile", "maximum")
)


def _spread_table(rows) -> ReportTable:
    return ReportTable(
        "range",
        "The range of budgets",
        (ReportColumn("team", "Team"), *SPREAD_COLUMNS),
        tuple(rows),
        chart=Chart("spread", "team"),
    )


def test_a_spread_is_a_box_from_quartile_to_quartile_with_its_median_named():
    row = {
        "team": "All teams",
        "minimum": Decimal(1000),
        "lower_quartile": Decimal(2000),
        "median": Decimal(2500),
        "upper_quartile": Decimal(4000),
        "maximum": Decimal(5000),
    }
    svg = _svg(_spread_table([row]))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}desc").text.startswith("Box plot")
    (box,) = list(svg.iter(f"{SVG}rect"))
    whisker = next(ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == "app-chart__whisker")
    middle = next(ln for ln in svg.iter(f"{SVG}line") if ln.get("class") == "app-chart__median")
    low, high = float(whisker.get("x1")), float(whisker.get("x2"))
    step = (high - low) / 4000  # pixels a pound
    assert float(box.get("x")) == pytest.approx(low + 1000 * step, abs=0.1)
    assert float(box.get("width")) == pytest.approx(2000 * step, abs=0.1)
    assert float(middle.get("x1")) == pytest.approx(low + 1500 * step, abs=0.1)
    assert _texts(svg, "app-chart__label") == ["All teams"]
    assert _texts(svg, "app-chart__value") == ["median £2,500.00"]


def test_a_spread_draws_its_total_row_last():
    row = {key: n for n, key in enumerate(SPREAD_KEYS)}
    table = ReportTable(
        "range",
        "The range of budgets",
        (ReportColumn("team", "Team"), *SPREAD_COLUMNS),
        ({"team": "Riverside", **row},),
        footer=({"team": "All teams", **row},),
        chart=Chart("spread", "team"),
    )
    assert _texts(_svg(table), "app-chart__label") == ["Riverside", "All teams"]


def test_a_spread_with_no_figures_draws_nothing():
    empty = {key.key: None for key in SPREAD_COLUMNS}
    assert draw(_spread_table([{"team": "A", **empty}]), "chart-range") == ""


def test_a_report_finds_its_tables_and_a_table_its_columns():
    table = _table([{"team": "A", "total": Decimal(1)}])
    report = Report("budgets", "Budgets", (table,))
    assert report.table("by_team") is table
    assert report.table("nothing") is None
    assert table.column("total").kind is Kind.MONEY
