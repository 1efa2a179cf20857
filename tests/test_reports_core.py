"""The reports' core on plain values, against figures worked by hand: percentiles and the
spread as a spreadsheet gives them, shares, working days, periods, and how each kind of
figure is written (the charts: tests/test_report_charts.py)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from reports.core.periods import Period, PeriodError
from reports.core.report import (
    Kind,
    format_value,
    plain_value,
)
from reports.core.stats import median, percentile, share, spread, working_days_between

SVG = "{http://www.w3.org/2000/svg}"


# Percentiles, medians and the spread ----------------------------------------------------


def test_the_median_and_90th_percentile_interpolate_as_a_spreadsheet_does():
    values = [Decimal(9), Decimal(2), Decimal(6), Decimal(4)]
    assert median(values) == Decimal(5)
    assert percentile(values, 90) == Decimal("8.1")
    assert percentile(values, 0) == Decimal(2)
    assert percentile(values, 100) == Decimal(9)


def test_an_odd_count_has_its_middle_value_as_median_and_one_value_is_every_percentile():
    assert median([3, 1, 2]) == Decimal(2)
    assert percentile([7], 0) == percentile([7], 90) == percentile([7], 100) == Decimal(7)


def test_no_values_have_no_percentile_and_a_percentile_is_from_0_to_100():
    assert median([]) is None
    assert spread([]) is None
    with pytest.raises(ValueError, match="from 0 to 100"):
        percentile([1, 2], 101)
    with pytest.raises(ValueError, match="from 0 to 100"):
        percentile([1, 2], -1)


def test_the_spread_has_quartiles_as_excel_quartile_inc():
    # QUARTILE.INC({1..10}, 1) = 3.25 and (…, 3) = 7.75; the median 5.5.
    figures = spread([Decimal(n) for n in range(10, 0, -1)])
    assert figures.count == 10
    assert figures.minimum == Decimal("1.00")
    assert figures.lower_quartile == Decimal("3.25")
    assert figures.median == Decimal("5.50")
    assert figures.upper_quartile == Decimal("7.75")
    assert figures.maximum == Decimal("10.00")


def test_the_spread_rounds_half_up_to_the_penny():
    # QUARTILE.INC({0.01, 0.02}, 1) = 0.0125, to the penny 0.01; the median 0.015: 0.02.
    figures = spread([Decimal("0.01"), Decimal("0.02")])
    assert figures.lower_quartile == Decimal("0.01")
    assert figures.median == Decimal("0.02")


def test_a_share_is_a_per_cent_to_one_place_and_none_of_nothing():
    assert share(1, 3) == Decimal("33.3")
    assert share(2, 3) == Decimal("66.7")
    assert share(1, 8) == Decimal("12.5")
    assert share(0, 4) == Decimal("0.0")
    assert share(3, 0) is None


# Working days ------------------------------------------------------------------------------

FRIDAY = date(2013, 2, 8)


def test_a_friday_to_the_monday_is_one_working_day():
    assert FRIDAY.weekday() == 4
    assert working_days_between(FRIDAY, FRIDAY + timedelta(days=3)) == 1


def test_working_days_count_weekdays_after_the_start_up_to_the_end():
    assert working_days_between(FRIDAY, FRIDAY) == 0
    assert working_days_between(FRIDAY, FRIDAY - timedelta(days=1)) == 0
    assert working_days_between(FRIDAY, FRIDAY + timedelta(days=1)) == 0  # a Saturday
    assert working_days_between(FRIDAY, FRIDAY + timedelta(days=7)) == 5
    assert working_days_between(FRIDAY, FRIDAY + timedelta(days=14)) == 10
    monday = FRIDAY + timedelta(days=3)
    assert working_days_between(monday, monday + timedelta(days=4)) == 4  # to Friday
    assert working_days_between(monday, monday + timedelta(days=12)) == 9  # to Saturday week


def test_working_days_leave_out_holidays_on_weekdays_only():
    easter_monday, a_sunday = date(2013, 4, 1), date(2013, 3, 31)
    thursday = date(2013, 3, 28)
    assert working_days_between(thursday, date(2013, 4, 2)) == 3  # Fri, Mon, Tue
    assert working_days_between(thursday, date(2013, 4, 2), [easter_monday, a_sunday]) == 2
    assert working_days_between(thursday, date(2013, 4, 2), [thursday]) == 3  # not after it


# Periods -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2012-13", date(2012, 4, 1), date(2013, 3, 31)),
        ("2012-13-Q1", date(2012, 4, 1), date(2012, 6, 30)),
        ("2012-13-Q2", date(2012, 7, 1), date(2012, 9, 30)),
        ("2012-13-Q3", date(2012, 10, 1), date(2012, 12, 31)),
        ("2012-13-Q4", date(2013, 1, 1), date(2013, 3, 31)),
        ("2015-16-q4", date(2016, 1, 1), date(2016, 3, 31)),
    ],
)
def test_a_period_has_its_first_and_last_day(text, first, last):
    period = Period.parse(text)
    assert (period.first_day, period.last_day) == (first, last)
    assert first in period
    assert last in period
    assert first - timedelta(days=1) not in period
    assert last + timedelta(days=1) not in period


def test_a_period_is_named_as_people_say_it():
    assert Period.parse("2012-13").label == "2012-13"
    assert Period.parse("2012-13").name == "2012-13"
    assert Period.parse(" 2012-13-q4 ").label == "2012-13-Q4"
    assert Period.parse("2012-13-Q4").name == "Q4 2012-13 (January to March)"
    assert str(Period.parse("2012-13-Q1")) == "2012-13-Q1"


def test_the_quarter_of_a_day_is_in_its_financial_year():
    assert Period.quarter_of(date(2013, 3, 31)).label == "2012-13-Q4"
    assert Period.quarter_of(date(2013, 4, 1)).label == "2013-14-Q1"
    assert Period.quarter_of(date(2012, 12, 31)).label == "2012-13-Q3"
    assert Period.quarter_of(date(2012, 7, 1)).label == "2012-13-Q2"


@pytest.mark.parametrize(
    "text", ["", "2012", "2012-14", "2012-13-Q5", "2012-13-Q0", "2012-13Q4", "Q4", "1999-00"]
)
def test_text_that_names_no_year_or_quarter_is_refused(text):
    with pytest.raises(PeriodError, match="not a financial year such as 2012-13"):
        Period.parse(text)


# Figures as pages, the API and CSV show them -------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "value", "shown", "plain"),
    [
        (Kind.MONEY, Decimal("4800"), "£4,800.00", "4800.00"),
        (Kind.MONEY, Decimal("1234567.891"), "£1,234,567.89", "1234567.89"),
        (Kind.MONEY, Decimal("0.005"), "£0.01", "0.01"),
        (Kind.MONEY, Decimal("-25.8"), "\u2212£25.80", "-25.80"),
        (Kind.MONEY, Decimal("-0.001"), "£0.00", "0.00"),
        (Kind.CHANGE, Decimal("13.86"), "+13.9%", "13.9"),
        (Kind.CHANGE, Decimal("-53.905"), "\u221253.9%", "-53.9"),
        (Kind.CHANGE, Decimal("0.04"), "0.0%", "0.0"),
        (Kind.CHANGE, Decimal("-0.04"), "0.0%", "0.0"),
        (Kind.PERCENT, Decimal("12.45"), "12.5%", "12.5"),
        (Kind.PERCENT, Decimal(100), "100.0%", "100.0"),
        (Kind.PERCENT, Decimal("-2.5"), "\u22122.5%", "-2.5"),
        (Kind.DAYS, Decimal(1), "1 day", "1.0"),
        (Kind.DAYS, Decimal("3.5"), "3.5 days", "3.5"),
        (Kind.DAYS, Decimal(10), "10 days", "10.0"),
        (Kind.DAYS, Decimal(0), "0 days", "0.0"),
        (Kind.DAYS, Decimal("-1.25"), "\u22121.3 days", "-1.3"),
        (Kind.COUNT, 1204, "1,204", 1204),
        (Kind.COUNT, 0, "0", 0),
        (Kind.COUNT, Decimal(20000), "20,000", Decimal(20000)),
        (Kind.DATE, date(2013, 2, 9), "9 Feb 2013", "2013-02-09"),
        (Kind.TEXT, "Riverside CMHT", "Riverside CMHT", "Riverside CMHT"),
    ],
)
def test_each_kind_of_figure_is_written_for_pages_and_for_files(kind, value, shown, plain):
    assert format_value(kind, value) == shown
    assert plain_value(kind, value) == plain


@pytest.mark.parametrize("kind", list(Kind))
def test_a_missing_figure_is_a_dash_on_pages_and_nothing_in_files(kind):
    assert format_value(kind, None) == "–"
    assert plain_value(kind, None) is None
