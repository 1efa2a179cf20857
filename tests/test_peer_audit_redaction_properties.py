"""Redaction for peer reviewers, as properties over many generated texts: every valid NHS
number however spaced, a name in any case, a date of birth in every form, money and years
kept; and how fast a page of text is redacted."""

import re
from datetime import date
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from participants import nhs_number
from peer_audit.core import shapes
from peer_audit.core.redaction import KnownIdentifiers, digit_windows, redact
from tests.test_peer_audit_redaction import ADA, FILLER, NOBODY, only


def _written(digits: str, separators: list[str]) -> str:
    return digits[0] + "".join(
        sep + digit for sep, digit in zip(separators, digits[1:], strict=True)
    )


@given(
    st.integers(0, 999_999_999),
    st.lists(st.sampled_from(["", " ", "-", "  ", " - "]), min_size=9, max_size=9),
    st.sampled_from(FILLER),
)
def test_property_every_valid_nhs_number_goes_however_spaced(first_nine, separators, word):
    nine = f"{first_nine:09d}"
    check = shapes.check_digit(nine)
    assume(check is not None)
    digits = f"{nine}{check}"
    out = redact(f"{word} {_written(digits, separators)} {word}", NOBODY)
    assert digits not in re.sub(r"\D", "", out)


@given(st.integers(0, 999_999_999))
def test_property_the_check_digit_is_the_participants_rule(first_nine):
    nine = f"{first_nine:09d}"
    assert shapes.check_digit(nine) == nhs_number.check_digit(nine)


NAME_LETTERS = st.sampled_from("abcdefghijklmnopqrstuvwxyzéâöñ")


@given(
    st.lists(NAME_LETTERS, min_size=2, max_size=12).map("".join),
    st.lists(st.booleans(), min_size=12, max_size=12),
    st.sampled_from(FILLER),
)
def test_property_a_name_goes_in_any_case(name, upper, word):
    assume(name not in FILLER and name not in {"name", "today", "noted"})
    written = "".join(c.upper() if up else c for c, up in zip(name, upper, strict=False))
    known = KnownIdentifiers((name.title(),), "", None, "")
    out = redact(f"{word} {written}'s {word}", known)
    assert out == f"{word} [name]'s {word}"


DATE_FORMS = [
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d:%d/%m/%Y}",
    lambda d: f"{d:%d-%m-%y}",
    lambda d: f"{d.day}.{d.month}.{d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{d.day} {d:%B %Y}".upper(),
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: f"{d:%d %b %y}",
    lambda d: f"{d:%d%m%Y}",
    lambda d: f"{d:%Y%m%d}",
    lambda d: f"{d.day} {d.month} {d.year}",
]


@given(st.dates(date(1920, 1, 1), date(2008, 12, 31)), st.sampled_from(DATE_FORMS))
def test_property_the_date_of_birth_goes_in_every_form(born, form):
    known = KnownIdentifiers(("Ada",), "", born, "")
    assert only(form(born), known) == "[date of birth]"


@given(
    st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2),
    st.integers(2000, 2099),
    st.sampled_from(["January", "March", "May", "June", "August", "Sept", "December"]),
    st.integers(1, 999),
)
def test_property_money_years_months_and_counts_stay(amount, year, month, count):
    text = (
        f"£{amount:,.2f} ({amount}) in {year}-{(year + 1) % 100:02d}, from {month} {year}, "
        f"{count} sessions, {count} hours a week, cluster {count % 22}"
    )
    assert redact(text, ADA) == text


@given(st.text(alphabet=st.sampled_from("Ada 0123456789/-.@lovelace+() LS14AB"), max_size=80))
def test_property_redacting_twice_changes_nothing_more(text):
    once = redact(text, ADA)
    assert redact(once, ADA) == once


def test_digit_windows_cover_every_digit_and_join_close_ones():
    text = "x" * 500 + "12" + "y" * 100 + "3" + "z" * 500
    assert digit_windows(text) == [(476, 627)]
    assert digit_windows("no digits") == []
