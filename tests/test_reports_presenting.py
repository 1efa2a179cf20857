"""A report's table on its page: charted while a chart can be read, on the page while it
is of a size to read there; every row always in its CSV."""

from django.test import RequestFactory

from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable
from reports.presenting import CHART_UP_TO, SHOW_UP_TO, page_sections


def _report(rows: int) -> Report:
    table = ReportTable(
        "people",
        "Cost of care, person by person",
        (ReportColumn("name", "Name"), ReportColumn("cost", "Cost", Kind.MONEY)),
        tuple({"name": f"Person {n}", "cost": n} for n in range(rows)),
        chart=Chart("bars", "name", ("cost",)),
    )
    return Report("cost-of-care", "Cost of care", (table,))


def _part(rows: int) -> dict:
    (part,) = page_sections(RequestFactory().get("/reports/cost-of-care/"), _report(rows))
    return part


def test_a_table_is_charted_up_to_the_rows_a_chart_can_show():
    assert "<svg" in _part(CHART_UP_TO)["chart"]
    assert _part(CHART_UP_TO + 1)["chart"] == ""
    assert _part(CHART_UP_TO + 1)["shown"]


def test_a_long_table_stays_off_the_page_but_whole_in_its_csv():
    part = _part(SHOW_UP_TO + 1)
    assert not part["shown"]
    assert part["rows"] == SHOW_UP_TO + 1
    assert len(part["table"].csv_rows()) == SHOW_UP_TO + 2
    assert _part(SHOW_UP_TO)["shown"]
