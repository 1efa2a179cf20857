"""What a peer reviewer is told in place of who a person is and when things happened: a
pseudonym, an age band and a month and year."""

import hashlib
import hmac
from datetime import date

from peer_audit.core.shapes import MONTHS

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: digits and capitals without I, L, O and U, so nothing is misread."""
LENGTH = 6
"""Characters of the label: 30 bits, one chance in about 2,000 of two people sharing a label
in a round of 1,000 people."""


def pseudonym(secret: bytes, round_key: str, person_key: str) -> str:
    """A person's label within one audit round, such as "Person 7KQ-M2D".

    A keyed hash (HMAC-SHA256) of the round and the person: the same in one round,
    unrelated across rounds, and not to be turned back into the person without the secret.
    """
    if not secret:
        raise ValueError("A pseudonym needs a secret key.")
    message = f"{len(round_key)}:{round_key}|{person_key}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    characters = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        characters.append(ALPHABET[index])
    label = "".join(characters)
    return f"Person {label[:3]}-{label[3:]}"


AGE_BANDS = ((18, "Under 18"), (25, "18-24"), (35, "25-34"), (45, "35-44"))
AGE_BANDS += ((55, "45-54"), (65, "55-64"), (75, "65-74"))
OLDEST_BAND = "75+"


def age_on(born: date, on: date) -> int:
    """Whole years from ``born`` to ``on`` (someone born on 29 February turns a year older
    on 1 March in other years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_band(born: date, on: date) -> str:
    """The band of the age a person was on ``on``: "Under 18", "18-24", ..., "75+"."""
    age = age_on(born, on)
    for below, band in AGE_BANDS:
        if age < below:
            return band
    return OLDEST_BAND


def month_year(day: date | None) -> str:
    """The month and year of a day, "March 2012", in English whatever the locale ("" for
    no day)."""
    if day is None:
        return ""
    return f"{MONTHS[day.month - 1]} {day.year}"
