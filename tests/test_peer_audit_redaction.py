"""Redaction of free text for peer reviewers: each identifier in the forms people write it,
anything shaped like one, and the ordinary words, money and dates that must stay."""

from datetime import date

import pytest

from peer_audit.core.redaction import KnownIdentifiers, redact

ADA = KnownIdentifiers(
    names=("Ada", "Lovelace-Byron", "Siân O'Neill", "Dr J Smith"),
    nhs_number="9434765919",
    date_of_birth=date(1970, 2, 1),
    address="Flat 3\n12 Acacia Avenue\nLeeds\nLS1 4AB",
    phone="07700 900123",
    email="ada.lb@example.org",
)
NOBODY = KnownIdentifiers(names=(), nhs_number="", date_of_birth=None, address="")
FILLER = [
    "she",
    "would",
    "like",
    "to",
    "feel",
    "more",
    "confident",
    "going",
    "out",
    "walking",
    "with",
    "friends",
    "and",
    "family",
    "her",
    "support",
    "worker",
    "helps",
    "at",
    "the",
    "gym",
    "twice",
    "a",
    "week",
    "and",
    "sleeps",
    "well",
]


def only(text: str, known: KnownIdentifiers = ADA) -> str:
    """What is left of ``text`` inside a sentence, with its markers."""
    out = redact(f"Noted: {text} today.", known)
    assert out.startswith("Noted: "), out
    assert out.endswith(" today."), out
    return out.removeprefix("Noted: ").removesuffix(" today.")


@pytest.mark.parametrize(
    "text",
    [
        "Ada",
        "ADA",
        "ada",
        "Lovelace-Byron",
        "LOVELACE-BYRON",
        "lovelace–byron",
        "LovelaceByron",
        "Lovelace",
        "byron",
        "Siân",
        "Sian",
        "SIÂN",
        "O'Neill",
        "O’Neill",
        "oneill",
        "Neill",
        "SMITH",
    ],
)
def test_every_part_of_every_name_in_any_case(text):
    assert only(text) == "[name]"


def test_names_in_a_sentence_keep_what_is_around_them():
    text = "Ada's sister rang; ada lovelace-byron and Mr O’Neill’s GP, Dr Smith, agreed."
    assert redact(text, ADA) == (
        "[name]'s sister rang; [name] [name] and Mr [name]’s GP, Dr [name], agreed."
    )


@pytest.mark.parametrize("text", ["Adam", "Adele", "Byronic", "Smithfield", "Plan J", "Dr"])
def test_names_go_as_whole_words_only_and_one_letter_parts_and_titles_stay(text):
    assert only(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "943 476 5919",
        "943-476-5919",
        "9434765919",
        "943 4765 919",
        "94 34 76 59 19",
        "943  476  5919",
        "943 - 476 - 5919",
        "943.476.5919",
        "943/476/5919",
    ],
)
def test_the_persons_nhs_number_however_spaced(text):
    assert only(text) == "[NHS number]"


@pytest.mark.parametrize("text", ["401 023 2137", "401-023-2137", "4010232137", "999 000 0018"])
def test_any_nhs_number_that_passes_the_check_digit(text):
    assert only(text, NOBODY) == "[NHS number]"


def test_ten_digits_that_fail_the_check_digit_are_not_an_nhs_number():
    assert only("401 023 2138", NOBODY) == "401 023 2138"


@pytest.mark.parametrize(
    "text",
    [
        "1/2/1970",
        "01/02/1970",
        "01-02-70",
        "1.2.1970",
        "01.02.1970",
        "1/2/70",
        "1970-02-01",
        "1970-2-1",
        "1 February 1970",
        "1st Feb 1970",
        "1st of February, 1970",
        "1-Feb-1970",
        "February 1, 1970",
        "Feb 1st 1970",
        "FEBRUARY 1 1970",
        "01 Feb 70",
        "01 feb '70",
        "02/01/1970",
        "01021970",
        "010270",
        "19700201",
        "01 02 1970",
        "1 2 1970",
    ],
)
def test_the_date_of_birth_as_people_write_dates(text):
    assert only(text) == "[date of birth]"


@pytest.mark.parametrize(
    "text", ["February 1970", "feb '70", "FEB 1970", "02/1970", "2/1970", "1970-02", "02/70"]
)
def test_the_month_and_year_of_birth(text):
    assert only(text) == "[date of birth]"


@pytest.mark.parametrize("text", ["March 1970", "February 1971", "12/1970", "the 1970s"])
def test_another_month_and_year_stays(text):
    assert only(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "3 March 2012",
        "3rd March 2012",
        "March 3, 2012",
        "03/03/2012",
        "3.3.12",
        "3-Mar-12",
        "2012-03-03",
        "28 June 2012",
        "Sept 30th, 2012",
        "12/31/2012",
    ],
)
def test_any_full_date(text):
    assert only(text, NOBODY) == "[date]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 Acacia Avenue", "[address]"),
        ("12 acacia ave", "[address]"),
        ("12, Acacia Ave.", "[address]"),
        ("ACACIA AVENUE", "[address]"),
        ("Flat 3", "[address]"),
        ("Leeds", "[address]"),
        ("LS1 4AB", "[postcode]"),
        ("ls1 4ab", "[postcode]"),
        ("LS14AB", "[postcode]"),
        ("ls1  4ab", "[postcode]"),
    ],
)
def test_each_address_line_and_the_postcode(text, expected):
    assert only(text) == expected


def test_an_address_written_on_one_line():
    assert redact("Lives at Flat 3, 12 Acacia Avenue, Leeds LS14AB.", ADA) == (
        "Lives at [address], [address], [address] [postcode]."
    )


@pytest.mark.parametrize(
    "text", ["SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX"]
)
def test_any_uk_postcode(text):
    assert only(text, NOBODY) == "[postcode]"


@pytest.mark.parametrize(
    "text",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900 123",
        "+44 (0)7700 900123",
        "(07700) 900123",
    ],
)
def test_the_persons_phone_however_written(text):
    assert only(text) == "[phone number]"


@pytest.mark.parametrize(
    "text",
    [
        "020 7946 0123",
        "(020) 7946 0123",
        "0113 496 0123",
        "0161 4960000",
        "+44 (0)20 7946 0018",
        "01632 960123",
        "07911 123456",
        "0800 123 4567",
        "+33 1 23 45 67 89",
        "+1 212 555 0123",
    ],
)
def test_any_phone_number(text):
    assert only(text, NOBODY) == "[phone number]"


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("ada.lb@example.org", ADA),
        ("ADA.LB@EXAMPLE.ORG", ADA),
        ("j.smith@nhs.net", NOBODY),
        ("first.last+tag@sub.example.co.uk", NOBODY),
    ],
)
def test_email_addresses(text, known):
    assert only(text, known) == "[email]"


@pytest.mark.parametrize(
    "text",
    [
        "£4,800.00",
        "£4,774.20 of £4,800.00",
        "12345678.90",
        "2012-13",
        "2012/13",
        "2012",
        "March 2012",
        "from March 2012 to April 2013",
        "Cluster 11",
        "6 hours a week",
        "4 sessions",
        "12 × £202.04",
        "15%",
        "1 in 3",
        "10.30am on Tuesdays",
        "Call 999, or 111 out of hours",
        "B12 4th floor",
        "1st floor",
        "Appendix 1, Table 3",
        "version 2.2.366",
        "6/52",
        "she may go in May",
        "a 12 month plan",
        "0.5 WTE",
    ],
)
def test_ordinary_words_money_and_partial_dates_stay(text):
    assert only(text, ADA) == text
