"""NHS numbers: ten digits, the last a Modulus 11 check digit."""

import re

_DIGITS = re.compile("[0-9]{10}")


class NHSNumberError(ValueError):
    """Text that is not a valid NHS number; the message says why."""


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit of nine digits, or ``None`` when it would be 10 (never issued).

    Weights 10 down to 2; 11 minus the remainder of the weighted sum by 11; 11 becomes 0.
    """
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, weights, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def normalise(text: str) -> str:
    """The ten digits of an NHS number as entered (spaces and hyphens removed), checked.

    ``"999 000 0018"`` -> ``"9990000018"``.
    """
    digits = re.sub(r"[\s-]", "", str(text))
    if not re.fullmatch("[0-9]+", digits):
        raise NHSNumberError("An NHS number is 10 digits, like 485 777 3456")
    if not _DIGITS.fullmatch(digits):
        raise NHSNumberError(f"An NHS number is 10 digits; this has {len(digits)}")
    expected = check_digit(digits[:9])
    if expected is None or expected != int(digits[9]):
        raise NHSNumberError("This is not a valid NHS number: check the digits")
    return digits


def display(digits: str) -> str:
    """``"9990000018"`` -> ``"999 000 0018"``, as NHS numbers are written."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def unissued(start: int = 9_990_000_000):
    """Valid NHS numbers from the 999 000 0000 – 999 999 9999 range, which are never issued.

    For demo and test people only.
    """
    for first_nine in range(start // 10, 1_000_000_000):
        digit = check_digit(f"{first_nine:09d}")
        if digit is not None:
            yield f"{first_nine:09d}{digit}"
