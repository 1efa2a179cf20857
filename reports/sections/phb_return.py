"""The national quarterly return as a section of the reports: the counts of people with a
PHB in the year to date and at the quarter's end, each broken down as the return asks."""

from datetime import date

from django.http import HttpResponse
from django.utils import timezone

from common.csv import csv_response
from reports.core.periods import Period
from reports.core.phb_return import Measure, PhbReturn, Split
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.filters import ReportScope
from reports.phb_return import phb_return
from reports.phb_return_csv import SPLIT_LABELS, breakdown_label, return_filename, return_rows


def return_quarter(period: Period, today: date) -> Period:
    """The quarter a return is for: the one asked for, or, for a whole year, its last
    quarter that has ended (the first, while none has)."""
    if period.quarter is not None:
        return period
    ended = [q for q in (4, 3, 2, 1) if Period(period.year, q).last_day < today]
    return Period(period.year, ended[0] if ended else 1)


def scope_return(scope: ReportScope) -> tuple[Period, PhbReturn]:
    quarter = return_quarter(scope.period, scope.today or timezone.localdate())
    return quarter, phb_return(scope.user.organisation, quarter, team=scope.team)


def _rows(counted: PhbReturn, split: Split) -> tuple[dict, ...]:
    year, end = counted.in_measure(Measure.YEAR_TO_DATE), counted.in_measure(Measure.QUARTER_END)
    return tuple(
        {
            "breakdown_by": SPLIT_LABELS[a.split],
            "breakdown": breakdown_label(a),
            "year_to_date": a.count,
            "quarter_end": b.count,
        }
        for a, b in zip(year, end, strict=True)
        if a.split == split
    )


COLUMNS = (
    ReportColumn("breakdown", "Breakdown"),
    ReportColumn("year_to_date", "In force at any time in the year to date", Kind.COUNT),
    ReportColumn("quarter_end", "In force at the quarter’s end", Kind.COUNT),
)


def phb_return_report(scope: ReportScope) -> Report:
    quarter, counted = scope_return(scope)
    total = _rows(counted, Split.TOTAL)[0]
    chart = Chart(
        "bars",
        "breakdown",
        ("year_to_date", "quarter_end"),
        names=("Year to date", "Quarter’s end"),
    )
    tables = tuple(
        ReportTable(
            f"by_{split.value}",
            f"People with a personal health budget, {quarter.name}: {caption}",
            COLUMNS,
            _rows(counted, split),
            chart=chart,
            default_sort="",
            note=note,
        )
        for split, caption, note in (
            (Split.TOTAL, "all people", ""),
            (
                Split.OPTION,
                "by management option",
                "A person is counted under each option they had, so these can add up to "
                "more than the total.",
            ),
            (Split.CATEGORY, "by PHB category", ""),
            (
                Split.AGE,
                "adults, and children and young people (under 18 at the quarter’s end)",
                "",
            ),
        )
    )
    return Report(
        "phb-return",
        "National quarterly return",
        tables,
        summary=(
            (
                f"People with a PHB in the year to {quarter.last_day:%-d %B %Y}",
                format_value(Kind.COUNT, total["year_to_date"]),
            ),
            (
                f"With a PHB on {quarter.last_day:%-d %B %Y}",
                format_value(Kind.COUNT, total["quarter_end"]),
            ),
        ),
    )


def phb_return_file(scope: ReportScope, for_publication: bool) -> HttpResponse:
    """The return as CSV in its own layout, ready to submit; for publication, counts of 1
    to 7 read ``*``."""
    quarter, counted = scope_return(scope)
    rows = return_rows(
        scope.user.organisation, counted, team=scope.team, for_publication=for_publication
    )
    return csv_response(rows, return_filename(quarter, for_publication=for_publication))
