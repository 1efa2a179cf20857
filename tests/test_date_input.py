"""The NHS.UK date input takes dates as people type them: the month as a number or a
name, a whole date in the day box; never a year in two digits."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from common.date_input import DateInputField, month_number


@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        (("1", "12", "2026"), date(2026, 12, 1)),
        ((" 01 ", " 12 ", " 2026 "), date(2026, 12, 1)),
        (("1", "December", "2026"), date(2026, 12, 1)),
        (("1", "dec", "2026"), date(2026, 12, 1)),
        (("1", "Dec.", "2026"), date(2026, 12, 1)),
        (("1", "Sept", "2026"), date(2026, 9, 1)),
        (("1", "MAY", "2026"), date(2026, 5, 1)),
        (("1 December 2026", "", ""), date(2026, 12, 1)),
        (("1 Dec 2026", "", ""), date(2026, 12, 1)),
        (("1/12/2026", "", ""), date(2026, 12, 1)),
        (("01.12.2026", "", ""), date(2026, 12, 1)),
        (("1-12-2026", "", ""), date(2026, 12, 1)),
        (("2026-12-01", "", ""), date(2026, 12, 1)),
    ],
)
def test_a_date_typed_as_people_type_it(boxes, expected):
    assert DateInputField().clean(list(boxes)) == expected


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("", "", ""), "Enter the date"),
        (("1", "12", "26"), "Enter the year in full, with 4 numbers, for example 2027"),
        (("1/12/26", "", ""), "Enter the year in full, with 4 numbers, for example 2027"),
        (("1", "Ju", "2026"), "Enter the month as a number or a name, for example 3 or March"),
        (("1", "Smarch", "2026"), "Enter the month as a number or a name, for example 3 or March"),
        (("1", "13", "2026"), "Enter a real date, for example 15 3 2027"),
        (("31", "2", "2027"), "Enter a real date, for example 15 3 2027"),
        (("٢", "1", "2026"), "Enter the day in numbers, for example 15 3 2027"),
        (("1", "1", "٢٠٢٦"), "Enter the year in numbers, for example 15 3 2027"),
        (("15", "", ""), "The date must include a month and a year"),
        (("15", "3", ""), "The date must include a year"),
        (("yesterday", "", ""), "Enter the day, month and year, for example 15 3 2027"),
        (("1 December", "", ""), "Enter the day, month and year, for example 15 3 2027"),
    ],
)
def test_a_date_that_is_not_whole_or_real_says_what_is_wrong(boxes, message):
    with pytest.raises(ValidationError) as error:
        DateInputField().clean(list(boxes))
    assert error.value.messages == [message]


def test_an_empty_optional_date_is_none():
    assert DateInputField(required=False).clean(["", "", ""]) is None


def test_month_names_and_abbreviations():
    assert [month_number(m) for m in ("jan", "February", "3", "12", "ju", "13x", "")] == [
        1,
        2,
        3,
        12,
        None,
        None,
        None,
    ]


def test_the_hint_gives_an_example():
    assert DateInputField().help_text == "For example, 15 3 2027"


def test_a_date_of_birth_lets_the_browser_fill_it_in():
    html = str(DateInputField(autocomplete="bday").widget.render("born", None))
    assert [part in html for part in ("bday-day", "bday-month", "bday-year")] == [True] * 3
    assert 'autocomplete="off"' in str(DateInputField().widget.render("due", None))
