"""The national quarterly return's counting rules, on plain records (no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from costing.core.years import FinancialYear
from reports.core.periods import Period, PeriodError
from reports.core.phb_return import (
    OPTIONS,
    InForce,
    Measure,
    Person,
    Split,
    parse_quarter,
    phb_return,
    publishable,
    year_to_date,
)

CATEGORIES = (
    "continuing_healthcare",
    "fast_track",
    "wheelchair",
    "ehcp",
    "learning_disability_autism",
    "mental_health",
    "other",
)
Q4 = parse_quarter("2012-13-Q4")  # 1 January to 31 March 2013; the year from 1 April 2012
YTD, END = Measure.YEAR_TO_DATE, Measure.QUARTER_END


def stretch(start: date, until: date | None, *options: str) -> InForce:
    return InForce(start, until, frozenset(options))


def person(pk: int, *stretches: InForce, category="mental_health", born=date(1970, 5, 1)):
    return Person(pk, category, born, tuple(stretches))


# -- Quarters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "first", "last"),
    [
        ("2012-13-Q1", date(2012, 4, 1), date(2012, 6, 30)),
        ("2012-13-Q2", date(2012, 7, 1), date(2012, 9, 30)),
        ("2012-13-Q3", date(2012, 10, 1), date(2012, 12, 31)),
        ("2012-13-Q4", date(2013, 1, 1), date(2013, 3, 31)),
        ("2015-16-q4", date(2016, 1, 1), date(2016, 3, 31)),
    ],
)
def test_a_quarter_is_read_from_its_label_with_its_year_to_date(label, first, last):
    quarter = parse_quarter(label)
    assert (quarter.first_day, quarter.last_day) == (first, last)
    assert year_to_date(quarter) == (quarter.year.first_day, last)
    assert quarter.label == label.replace("q", "Q")


@pytest.mark.parametrize(
    "label", ["2012-13", "2012-14-Q1", "2012-13-Q5", "2012-13-Q0", "Q4 2012-13", "1999-00-Q1", ""]
)
def test_anything_else_is_not_a_quarter_of_the_return(label):
    with pytest.raises(PeriodError):
        parse_quarter(label)


def test_a_whole_year_is_not_counted():
    with pytest.raises(ValueError, match="quarter"):
        phb_return([], Period.parse("2012-13"), CATEGORIES)


@given(st.dates(date(2000, 4, 1), date(2100, 3, 31)))
def test_every_day_falls_in_one_quarter_whose_label_reads_back(day):
    quarter = Period.quarter_of(day)
    assert quarter.first_day <= day <= quarter.last_day
    assert parse_quarter(quarter.label) == quarter
    first, last = year_to_date(quarter)
    assert first == FinancialYear.of(day).first_day
    assert first <= day <= last == quarter.last_day


# -- The counting rules, worked by hand ----------------------------------------------------------


def test_a_person_with_two_options_is_counted_once_in_the_total_and_under_each():
    mixed = person(1, stretch(date(2012, 5, 1), None, "notional", "direct_payment"))
    notional = person(2, stretch(date(2012, 5, 1), None, "notional"))
    counted = phb_return([mixed, notional], Q4, CATEGORIES)
    for measure in (YTD, END):
        assert counted.count(measure, Split.TOTAL) == 2
        assert counted.count(measure, Split.OPTION, "notional") == 2
        assert counted.count(measure, Split.OPTION, "direct_payment") == 1
        assert counted.count(measure, Split.OPTION, "third_party") == 0
        assert counted.cell(measure, Split.OPTION, "direct_payment").people == {1}


def test_options_held_at_different_times_all_count_in_the_year_but_only_the_last_at_its_end():
    changed = person(
        1,
        stretch(date(2012, 4, 1), date(2012, 9, 1), "third_party"),
        stretch(date(2012, 9, 1), None, "direct_payment"),
    )
    counted = phb_return([changed], Q4, CATEGORIES)
    assert counted.count(YTD, Split.TOTAL) == 1
    assert counted.count(YTD, Split.OPTION, "third_party") == 1
    assert counted.count(YTD, Split.OPTION, "direct_payment") == 1
    assert counted.count(END, Split.OPTION, "third_party") == 0
    assert counted.count(END, Split.OPTION, "direct_payment") == 1


def test_a_child_who_turns_18_within_the_quarter_is_an_adult_and_one_a_day_later_a_child():
    in_force = stretch(date(2012, 4, 1), None, "notional")
    turns_18_on_the_last_day = person(1, in_force, born=date(1995, 3, 31))
    turns_18_in_february = person(2, in_force, born=date(1995, 2, 14))
    turns_18_after_the_quarter = person(3, in_force, born=date(1995, 4, 1))
    counted = phb_return(
        [turns_18_on_the_last_day, turns_18_in_february, turns_18_after_the_quarter],
        Q4,
        CATEGORIES,
    )
    for measure in (YTD, END):
        assert counted.cell(measure, Split.AGE, "adults").people == {1, 2}
        assert counted.cell(measure, Split.AGE, "children").people == {3}


def test_a_plan_in_force_for_part_of_the_year_counts_in_the_year_to_date_only():
    ended_in_autumn = person(1, stretch(date(2012, 6, 1), date(2012, 11, 1), "notional"))
    ended_on_the_last_day = person(2, stretch(date(2012, 6, 1), date(2013, 3, 31), "notional"))
    ended_the_day_after = person(3, stretch(date(2012, 6, 1), date(2013, 4, 1), "notional"))
    ended_last_year = person(4, stretch(date(2011, 6, 1), date(2012, 4, 1), "notional"))
    began_on_the_last_day = person(5, stretch(date(2013, 3, 31), None, "notional"))
    begins_next_year = person(6, stretch(date(2013, 4, 1), None, "notional"))
    counted = phb_return(
        [
            ended_in_autumn,
            ended_on_the_last_day,
            ended_the_day_after,
            ended_last_year,
            began_on_the_last_day,
            begins_next_year,
        ],
        Q4,
        CATEGORIES,
    )
    assert counted.cell(YTD, Split.TOTAL).people == {1, 2, 3, 5}
    assert counted.cell(END, Split.TOTAL).people == {3, 5}


def test_each_category_in_the_return_s_order_with_zeros_kept():
    people = [
        person(1, stretch(date(2012, 4, 1), None, "notional"), category="wheelchair"),
        person(2, stretch(date(2012, 4, 1), None, "notional"), category="wheelchair"),
        person(3, stretch(date(2012, 4, 1), None, "direct_payment"), category="ehcp"),
        person(4, category="other"),  # never in force: not counted
    ]
    counted = phb_return(people, Q4, CATEGORIES)
    by_category = [(c.key, c.count) for c in counted.in_measure(END) if c.split == Split.CATEGORY]
    assert by_category == [
        ("continuing_healthcare", 0),
        ("fast_track", 0),
        ("wheelchair", 2),
        ("ehcp", 1),
        ("learning_disability_autism", 0),
        ("mental_health", 0),
        ("other", 0),
    ]


def test_the_cells_come_in_the_return_s_layout():
    counted = phb_return([], Q4, CATEGORIES)
    keys = [(c.split.value, c.key) for c in counted.in_measure(YTD)]
    assert keys == [
        ("total", "total"),
        ("option", "notional"),
        ("option", "third_party"),
        ("option", "direct_payment"),
        *(("category", c) for c in CATEGORIES),
        ("age", "adults"),
        ("age", "children"),
    ]
    assert [c.measure for c in counted.cells] == [YTD] * 13 + [END] * 13
    assert all(c.count == 0 for c in counted.cells)


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ([person(1, category="pathway")], "category"),
        ([person(1), person(1)], "twice"),
        ([person(1, stretch(date(2012, 4, 1), None, "personal"))], "options"),
        ([person(1, stretch(date(2012, 4, 1), date(2012, 4, 1), "notional"))], "no day"),
    ],
)
def test_records_that_cannot_be_counted_are_refused_not_left_out(people, message):
    with pytest.raises(ValueError, match=message):
        phb_return(people, Q4, CATEGORIES)


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0"), (1, "*"), (5, "*"), (7, "*"), (8, "8"), (1234, "1234")]
)
def test_counts_of_1_to_7_are_hidden_for_publication(count, shown):
    assert publishable(count) == shown


def test_a_negative_count_is_an_error():
    with pytest.raises(ValueError, match="negative"):
        publishable(-1)


# -- The rules hold for any people ---------------------------------------------------------------

days = st.dates(date(2011, 1, 1), date(2014, 6, 30))
options = st.frozensets(st.sampled_from(OPTIONS), min_size=1)


@st.composite
def stretches(draw) -> InForce:
    start = draw(days)
    length = draw(st.none() | st.integers(1, 800))
    return InForce(start, None if length is None else start + timedelta(days=length), draw(options))


@st.composite
def populations(draw) -> list[Person]:
    count = draw(st.integers(0, 12))
    return [
        Person(
            pk,
            draw(st.sampled_from(CATEGORIES)),
            draw(st.dates(date(1920, 1, 1), date(2013, 3, 31))),
            tuple(draw(st.lists(stretches(), max_size=3))),
        )
        for pk in range(count)
    ]


quarters = st.builds(Period, st.builds(FinancialYear, st.integers(2011, 2013)), st.integers(1, 4))


@given(populations(), quarters)
def test_every_measure_adds_up(people, quarter):
    counted = phb_return(people, quarter, CATEGORIES)
    for measure in (YTD, END):
        total = counted.cell(measure, Split.TOTAL).people
        cells = counted.in_measure(measure)
        assert len(total) == counted.count(measure, Split.TOTAL) <= len(people)
        by_option = [c.people for c in cells if c.split == Split.OPTION]
        assert sum(len(p) for p in by_option) >= len(total)
        assert frozenset().union(*by_option) == total  # everyone counted holds an option
        by_category = [c.people for c in cells if c.split == Split.CATEGORY]
        assert sum(len(p) for p in by_category) == len(total)
        assert frozenset().union(*by_category) == total
        adults = counted.cell(measure, Split.AGE, "adults").people
        children = counted.cell(measure, Split.AGE, "children").people
        assert adults.isdisjoint(children)
        assert adults | children == total


@given(populations(), quarters)
def test_in_force_at_the_quarter_s_end_is_in_force_in_the_year_to_date(people, quarter):
    counted = phb_return(people, quarter, CATEGORIES)
    for end, ytd in zip(counted.in_measure(END), counted.in_measure(YTD), strict=True):
        assert (end.split, end.key) == (ytd.split, ytd.key)
        assert end.people <= ytd.people


@given(populations(), quarters)
def test_someone_is_counted_at_the_quarter_s_end_when_in_force_on_its_last_day(people, quarter):
    counted = phb_return(people, quarter, CATEGORIES)
    last = quarter.last_day
    expected = {
        p.id
        for p in people
        if any(s.start <= last and (s.until is None or s.until > last) for s in p.in_force)
    }
    assert counted.cell(END, Split.TOTAL).people == expected
