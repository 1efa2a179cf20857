"""Text shaped like an identifier, whoever it belongs to: NHS numbers that pass their check
digit, UK postcodes, phone numbers, email addresses and full dates.

Each detector yields spans ``(start, end, rank, marker)`` of the text it is given, for
``redaction.redact`` to merge and replace; ``pos`` and ``endpos`` limit where a match may
be, as for ``re.Pattern.finditer`` (a look-behind still sees the text before ``pos``).
Phone numbers are found with ``phonenumbers``; the other shapes are regular and are
matched by the patterns here (see ``redaction`` for why not presidio).
"""

import itertools
import re
from collections.abc import Iterator
from datetime import date

import phonenumbers

NAME = "[name]"
NHS_NUMBER = "[NHS number]"
DATE_OF_BIRTH = "[date of birth]"
ADDRESS = "[address]"
POSTCODE = "[postcode]"
PHONE = "[phone number]"
EMAIL = "[email]"
DATE = "[date]"

OWN, SHAPE = 0, 1
"""Ranks: of two spans of one length, the person's own identifier names the marker."""

Span = tuple[int, int, int, str]
"""start, end, rank, marker."""


def _end(text: str, endpos: int | None) -> int:
    return len(text) if endpos is None else endpos


# -- Email addresses and postcodes --------------------------------------------------------

EMAIL_PATTERN = re.compile(r"[\w.%+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
"""An email address, its parts no longer than the standard allows: bounded, so a long run
of letters is read once, not once for every letter in it."""

POSTCODE_PATTERN = re.compile(
    r"(?<![^\W_])(?P<outward>GIR|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?))"
    r"\s{0,2}(?P<inward>\d[ABD-HJLNP-UW-Z]{2})(?![^\W_])",
    re.IGNORECASE,
)
_ORDINAL = re.compile(r"1st|2nd|3rd|\dth")


def postcodes(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
    """UK postcodes, in any case, with or without their space; not "B12 4th"."""
    for match in POSTCODE_PATTERN.finditer(text, pos, _end(text, endpos)):
        if not _ORDINAL.fullmatch(match.group("inward")):
            yield match


def emails(text: str) -> Iterator[Span]:
    if "@" in text:
        for match in EMAIL_PATTERN.finditer(text):
            yield match.start(), match.end(), SHAPE, EMAIL


# -- NHS numbers ----------------------------------------------------------------------------


def check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit of an NHS number, or ``None`` when it would be 10.

    As ``participants.nhs_number.check_digit``, which this pure module cannot import; a
    test keeps the two in step.
    """
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, weights, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


_DIGIT_RUN = re.compile(r"\d(?:[ \t\u00a0\-\u2013]{0,3}\d){9,}")
"""Ten digits or more in groups apart by spaces or hyphens, up to three (not a dot:
"12345678.90" is money)."""
_DIGIT_GROUP = re.compile(r"\d+")


def nhs_numbers(
    text: str, own: str = "", pos: int = 0, endpos: int | None = None
) -> Iterator[Span]:
    """Ten digits in whole groups, however spaced or hyphenated: the person's own NHS
    number, or any that passes the check digit."""
    own = re.sub(r"\D", "", own)
    for run in _DIGIT_RUN.finditer(text, pos, _end(text, endpos)):
        groups = list(_DIGIT_GROUP.finditer(run.group()))
        digits = "".join(group.group() for group in groups)
        starts = list(itertools.accumulate((len(g.group()) for g in groups), initial=0))
        j = 0
        for i, first in enumerate(groups):  # groups i to j - 1 hold ten digits, or none do
            j = max(j, i)
            while j < len(groups) and starts[j] - starts[i] < 10:
                j += 1
            if starts[j] - starts[i] != 10:
                continue
            ten = digits[starts[i] : starts[j]]
            if ten == own or check_digit(ten[:9]) == int(ten[9]):
                rank = OWN if ten == own else SHAPE
                yield (
                    run.start() + first.start(),
                    run.start() + groups[j - 1].end(),
                    rank,
                    NHS_NUMBER,
                )


# -- Full dates -----------------------------------------------------------------------------

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {
    name: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![^\W\d_])\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|'?\d{2})(?!\d)(?![.:/\-]\d)"
_SEPARATOR = r"(?:\s*[,/.\-]\s*|\s+)"
_NAMED, _NUMBERS = "named", "numbers"
"""How a date's match is read: with a month group (named or a number), or as two numbers
either of which may be the day."""
_MONTH_NAME, _TWO_SEPARATORS = "month name", "two separators"
"""What a text must hold for a pattern to be worth running."""
_DATES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # 1 February 1970, 1st of Feb 70, 01-Feb-1970
    (
        re.compile(rf"(?<!\w){_DAY}(?:\s+of)?[\s\-/.]*{_MONTH}{_SEPARATOR}{_YEAR}", re.I),
        _NAMED,
        _MONTH_NAME,
    ),
    # February 1, 1970; Feb 1st 1970
    (
        re.compile(rf"(?<!\w){_MONTH}[\s\-/.]*{_DAY}{_SEPARATOR}{_YEAR}", re.I),
        _NAMED,
        _MONTH_NAME,
    ),
    # 1/2/1970, 01-02-70, 1.2.1970: day first, or month first
    (
        re.compile(
            r"(?<!\d)(?<!\d[/.\-])(?P<a>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<b>\d{1,2})"
            rf"\s?(?P=sep)\s?{_YEAR}"
        ),
        _NUMBERS,
        _TWO_SEPARATORS,
    ),
    # 1970-02-01
    (
        re.compile(
            r"(?<!\d)(?<!\d[/.\-])(?P<year>\d{4})(?P<sep>[/.\-])(?P<month>\d{1,2})"
            r"(?P=sep)(?P<day>\d{1,2})(?!\d)(?![/.\-]\d)"
        ),
        _NAMED,
        _TWO_SEPARATORS,
    ),
)


def two_digit_year(day: date) -> str:
    return f"{day.year % 100:02}"


def _readings(match: re.Match[str], kind: str) -> list[tuple[int, int, str]]:
    """The (day, month, year) a date could be, the year as written (two or four digits)."""
    year = match.group("year").lstrip("'")
    if kind == _NUMBERS:
        a, b = int(match.group("a")), int(match.group("b"))
        readings = [(a, b, year), (b, a, year)]
    else:
        month = match.group("month")
        number = int(month) if month.isdigit() else _MONTH_NUMBERS[month[:3].lower()]
        readings = [(int(match.group("day")), number, year)]
    return [(d, m, y) for d, m, y in readings if 1 <= d <= 31 and 1 <= m <= 12]


def _is_birth_date(day: int, month: int, year: str, born: date | None) -> bool:
    if born is None or (day, month) != (born.day, born.month):
        return False
    return year == (str(born.year) if len(year) == 4 else two_digit_year(born))


_MONTH_STEMS = tuple(_MONTH_NUMBERS)
_TWO_SEPARATORS_PATTERN = re.compile(r"\d\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d")


def dates(
    text: str, born: date | None = None, pos: int = 0, endpos: int | None = None
) -> Iterator[Span]:
    """Full dates (day, month and year); the person's date of birth is marked as such.

    A pattern runs only where its date could be: one with a month's name where one is
    written, one of numbers where two separators are (a quick look saves most of the time).
    """
    end = _end(text, endpos)
    piece = text[pos:end]
    lower = piece.lower()
    holds = {
        _MONTH_NAME: any(stem in lower for stem in _MONTH_STEMS),
        _TWO_SEPARATORS: _TWO_SEPARATORS_PATTERN.search(piece) is not None,
    }
    for pattern, kind, needs in _DATES:
        if not holds[needs]:
            continue
        for match in pattern.finditer(text, pos, end):
            readings = _readings(match, kind)
            if not readings:
                continue
            if any(_is_birth_date(*reading, born) for reading in readings):
                yield match.start(), match.end(), OWN, DATE_OF_BIRTH
            else:
                yield match.start(), match.end(), SHAPE, DATE


# -- Phone numbers ------------------------------------------------------------------------

_PHONE_CANDIDATE = re.compile(
    r"[+(0][\d \t\-().]{8,24}\d(?:\s*(?:ext|x|extension)\.?\s*\d{1,6})?", re.IGNORECASE
)
"""Where a phone number may be: a plus, a bracket or a 0, then digits, spaces and the like
(a first character the regex engine can look for quickly, unlike a look-behind)."""
_UK_PHONE = re.compile(r"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)(?:\d[ \t\-()]{0,2}){8,9}\d(?!\d)")
"""A UK number: a trunk 0 or +44, then nine or ten digits, however spaced."""


def phones(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[Span]:
    """Phone numbers: what ``phonenumbers`` finds that is written with a trunk 0 or an
    international prefix (so never "2012" or "£4,800.00"), and anything shaped like a UK
    number (Ofcom's drama numbers, 07700 900123, which the library calls invalid).

    The library reads only the places a number may be: reading all the text took it 2 ms
    for 2,000 characters, and this is done for every field of every plan a reviewer opens.
    """
    for candidate in _PHONE_CANDIDATE.finditer(text, pos, _end(text, endpos)):
        at = candidate.start()
        if at and (text[at - 1].isalnum() or text[at - 1] in "+_"):
            continue
        if at > 1 and text[at - 1] in ".," and text[at - 2].isdigit():
            continue  # the pennies of £14,000,654.00, not a number's trunk 0
        piece = candidate.group()
        if sum(c.isdigit() for c in piece) < 10:
            continue
        uk = [m for m in _UK_PHONE.finditer(piece) if not _after_digit(piece, m.start())]
        yield from ((at + m.start(), at + m.end(), SHAPE, PHONE) for m in uk)
        if uk and not piece.startswith(("+", "00")):
            continue  # UK numbers written from their trunk 0: no need to ask the library
        for match in phonenumbers.PhoneNumberMatcher(piece, "GB", phonenumbers.Leniency.POSSIBLE):
            raw = match.raw_string.lstrip("(")
            if raw.startswith(("0", "+")) and sum(c.isdigit() for c in raw) >= 10:
                yield at + match.start, at + match.end, SHAPE, PHONE


def _after_digit(text: str, at: int) -> bool:
    return at > 0 and text[at - 1].isdigit()


def national_number(phone: str) -> str:
    """A phone number's digits without trunk 0 or country code: "7700900123"."""
    try:
        return str(phonenumbers.parse(phone, "GB").national_number)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", phone).removeprefix("0")
