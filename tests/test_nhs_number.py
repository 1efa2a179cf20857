"""NHS numbers: ten digits with a Modulus 11 check digit."""

import pytest

from participants.nhs_number import NHSNumberError, check_digit, display, normalise, unissued


@pytest.mark.parametrize("text", ["9434765919", "943 476 5919", "943-476-5919", " 9434765919 "])
def test_a_valid_number_in_any_usual_spacing(text):
    assert normalise(text) == "9434765919"


def test_a_wrong_check_digit_is_refused():
    with pytest.raises(NHSNumberError, match="not a valid NHS number"):
        normalise("9434765918")


def test_a_check_digit_of_10_is_never_valid():
    first_nine = next(
        f"{n:09d}" for n in range(999_000_000, 999_100_000) if check_digit(f"{n:09d}") is None
    )
    for last in "0123456789":
        with pytest.raises(NHSNumberError):
            normalise(first_nine + last)


@pytest.mark.parametrize(("text", "count"), [("943476591", 9), ("94347659190", 11)])
def test_nine_or_eleven_digits_are_refused(text, count):
    with pytest.raises(NHSNumberError, match=f"this has {count}"):
        normalise(text)


@pytest.mark.parametrize("text", ["94347659A9", "NHS1234567", "", "   "])
def test_letters_or_nothing_are_refused(text):
    with pytest.raises(NHSNumberError):
        normalise(text)


def test_a_check_digit_of_11_is_written_0():
    first_nine = next(
        f"{n:09d}"
        for n in range(999_000_000, 999_001_000)
        if sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11 == 0
    )
    assert check_digit(first_nine) == 0
    assert normalise(first_nine + "0") == first_nine + "0"


def test_demo_numbers_come_from_the_unissued_range_and_are_valid():
    numbers = _first(unissued(), 50)
    assert len(set(numbers)) == 50
    assert all(n.startswith("999") and normalise(n) == n for n in numbers)


def test_display_groups_three_three_four():
    assert display("9434765919") == "943 476 5919"


def _first(iterator, count):
    return [next(iterator) for _ in range(count)]
