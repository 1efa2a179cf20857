"""Pseudonyms, age bands and months: what a peer reviewer is told in place of who and when."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peer_audit.core.pseudonym import age_band, age_on, month_year, pseudonym

SECRET = b"a test secret, never used elsewhere"
LABEL = re.compile(r"Person [0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}")


def test_a_pseudonym_is_a_short_readable_label():
    label = pseudonym(SECRET, "round-1", "participant:7")
    assert LABEL.fullmatch(label), label
    assert not set(label.removeprefix("Person ")) & set("ILOU")


def test_a_pseudonym_is_stable_within_a_round_and_differs_across_rounds():
    assert pseudonym(SECRET, "round-1", "participant:7") == pseudonym(
        SECRET, "round-1", "participant:7"
    )
    assert pseudonym(SECRET, "round-1", "participant:7") != pseudonym(
        SECRET, "round-2", "participant:7"
    )
    assert pseudonym(SECRET, "round-1", "participant:7") != pseudonym(
        SECRET, "round-1", "participant:8"
    )


def test_a_pseudonym_depends_on_the_secret_and_needs_one():
    assert pseudonym(SECRET, "r", "p") != pseudonym(b"another secret", "r", "p")
    with pytest.raises(ValueError, match="secret"):
        pseudonym(b"", "r", "p")


def test_round_and_person_cannot_be_run_together():
    """ "ab" + "c" and "a" + "bc" are different people in different rounds."""
    assert pseudonym(SECRET, "ab", "c") != pseudonym(SECRET, "a", "bc")


@given(st.text(max_size=30), st.text(max_size=30))
def test_property_every_pseudonym_has_the_shape(round_key, person_key):
    assert LABEL.fullmatch(pseudonym(SECRET, round_key, person_key))


def test_pseudonyms_of_a_round_of_a_thousand_people_rarely_collide():
    labels = {pseudonym(SECRET, "round-1", f"participant:{n}") for n in range(1000)}
    assert len(labels) >= 999


@pytest.mark.parametrize(
    ("born", "on", "band"),
    [
        (date(2000, 6, 2), date(2018, 6, 1), "Under 18"),
        (date(2000, 6, 1), date(2018, 6, 1), "18-24"),
        (date(1988, 1, 1), date(2012, 12, 31), "18-24"),
        (date(1987, 4, 1), date(2012, 4, 1), "25-34"),
        (date(1970, 2, 1), date(2012, 4, 1), "35-44"),
        (date(1967, 4, 1), date(2012, 4, 1), "45-54"),
        (date(1950, 4, 1), date(2012, 4, 1), "55-64"),
        (date(1940, 4, 1), date(2012, 4, 1), "65-74"),
        (date(1937, 4, 2), date(2012, 4, 1), "65-74"),
        (date(1937, 4, 1), date(2012, 4, 1), "75+"),
        (date(1910, 1, 1), date(2012, 4, 1), "75+"),
    ],
)
def test_age_bands(born, on, band):
    assert age_band(born, on) == band


def test_a_leap_day_birthday_counts_from_the_first_of_march():
    assert age_on(date(1992, 2, 29), date(2010, 2, 28)) == 17
    assert age_on(date(1992, 2, 29), date(2010, 3, 1)) == 18


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2012, 3, 1), "March 2012"), (date(2012, 3, 31), "March 2012"), (None, "")],
)
def test_month_year(day, text):
    assert month_year(day) == text
