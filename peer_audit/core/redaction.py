"""Free text made fit for a peer reviewer: a person's identifiers replaced by markers.

Two kinds of thing go. The person's own known identifiers, in the forms people write
them: every part of every name as a whole word in any case, the NHS number however it is
spaced, the date of birth however it is written, each address line and the postcode,
their phone and email. And anything shaped like an identifier (``shapes``): an NHS number
that passes its Modulus 11 check digit, a UK postcode, a phone number, an email address,
a full date. A year alone ("2012") and a month and year ("March 2012") stay, as do money
("£4,800.00"), financial years ("2012-13") and counts ("4 sessions").

Every detector gives spans of the original text; spans that overlap are merged, so no
part of a partly matched identifier survives, and each merged span becomes one marker
(the longest span's; of two as long, the person's own identifier's).

The library: phone numbers are found with ``phonenumbers`` (Google's libphonenumber,
which follows every country's numbering plan), backed by a pattern for UK numbers
written with a trunk 0 or +44, so that Ofcom's drama numbers, which the library calls
invalid, still go. presidio-analyzer 2.2.366 was tried and not used: it installs spaCy,
thinc and numpy (47 s and 386 MB) though its pattern recognisers need none of them; its
email recogniser fetches the public suffix list over the network on first use, which
this service must never do; its phone recogniser is ``phonenumbers`` underneath and, for
region GB, found none of the drama numbers; and its date recogniser scored "01/02/1970"
low and missed "1 February 1970". Postcodes, emails, dates and NHS numbers have regular
shapes: the patterns are tested form by form in ``tests/test_peer_audit_redaction.py``.

Patterns are compiled once (the person's own once per person, as a page redacts many
fields about one person): a page of free text takes well under a millisecond.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from peer_audit.core import shapes
from peer_audit.core.shapes import (
    ADDRESS,
    DATE,
    DATE_OF_BIRTH,
    EMAIL,
    NAME,
    NHS_NUMBER,
    OWN,
    PHONE,
    POSTCODE,
    SHAPE,
    Span,
)

__all__ = [
    "ADDRESS",
    "DATE",
    "DATE_OF_BIRTH",
    "EMAIL",
    "NAME",
    "NHS_NUMBER",
    "PHONE",
    "POSTCODE",
    "KnownIdentifiers",
    "redact",
]


@dataclass(frozen=True)
class KnownIdentifiers:
    """What identifies one person, to be taken out of free text about them.

    ``names`` holds every name that must go: the person's given and family names, a
    representative's, the staff who appear on the plan.
    """

    names: tuple[str, ...]
    nhs_number: str
    date_of_birth: date | None
    address: str
    phone: str = ""
    email: str = ""


def redact(text: str, known: KnownIdentifiers) -> str:
    """``text`` with the person's identifiers, and anything shaped like one, replaced."""
    if not text:
        return text
    own = _own_patterns(known)
    spans: list[Span] = []
    for pattern, marker in own.words:
        spans.extend((m.start(), m.end(), OWN, marker) for m in pattern.finditer(text))
    if "@" in text:
        for pattern, marker in own.emails:
            spans.extend((m.start(), m.end(), OWN, marker) for m in pattern.finditer(text))
        spans.extend(shapes.emails(text))
    for start, end in digit_windows(text):
        for pattern, marker, needle in own.digits:
            if needle and needle not in text[start:end]:
                continue
            spans.extend(
                (m.start(), m.end(), OWN, marker) for m in pattern.finditer(text, start, end)
            )
        spans.extend(shapes.nhs_numbers(text, known.nhs_number, start, end))
        spans.extend(shapes.dates(text, known.date_of_birth, start, end))
        spans.extend(shapes.phones(text, start, end))
        spans.extend(
            (m.start(), m.end(), SHAPE, POSTCODE) for m in shapes.postcodes(text, start, end)
        )
    return _replace(text, spans)


_DIGITS = re.compile(r"\d+")
MARGIN = 24
"""How far either side of a digit an identifier with digits in it may reach ("1st of
September, 1970" reaches 17 characters between its digits; "SW1A" 2 before one)."""
JOIN = 200
"""Windows closer than this are read as one: reading a few more characters costs less
than starting the patterns again."""


def digit_windows(text: str) -> list[tuple[int, int]]:
    """The stretches of text within ``MARGIN`` of a digit: only there can an identifier
    with a digit in it be. Prose has few digits, so its patterns read little of it."""
    windows: list[list[int]] = []
    for match in _DIGITS.finditer(text):
        start, end = max(0, match.start() - MARGIN), min(len(text), match.end() + MARGIN)
        if windows and start - windows[-1][1] < JOIN:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def _replace(text: str, spans: list[Span]) -> str:
    """Merge overlapping spans; each group takes its longest span's marker."""
    if not spans:
        return text
    spans.sort(key=lambda s: (s[0], -s[1]))
    groups: list[list] = []  # [start, end, (length, -rank), marker]
    for start, end, rank, marker in spans:
        key = (end - start, -rank)
        if groups and start < groups[-1][1]:
            group = groups[-1]
            group[1] = max(group[1], end)
            if key > group[2]:
                group[2], group[3] = key, marker
        else:
            groups.append([start, end, key, marker])
    out, at = [], 0
    for start, end, _key, marker in groups:
        out += [text[at:start], marker]
        at = end
    out.append(text[at:])
    return "".join(out)


# -- Names ----------------------------------------------------------------------------------

_TITLES = frozenset(
    {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "rev", "revd", "sir", "dame"}
    | {"lady", "lord", "master"}
)
_APOSTROPHES = "'\u2019\u2018`"
_HYPHENS = "-\u2010\u2011"
_NAME_TOKEN = re.compile(rf"[^\W\d_]+(?:[{_HYPHENS}{_APOSTROPHES}][^\W\d_]+)*")


def _letter(char: str) -> str:
    """A letter, or it and its unaccented form (Siân is also written Sian)."""
    base = unicodedata.normalize("NFKD", char)[0]
    if base != char and base.isalpha():
        return f"[{re.escape(char)}{re.escape(base)}]"
    return re.escape(char)


def _name_pattern(token: str) -> str:
    """A name as a pattern: any apostrophe or none; a hyphen, a dash, a space or none."""
    out = []
    for char in token:
        if char in _APOSTROPHES:
            out.append(f"[{_APOSTROPHES}\u00b4]?")
        elif char in _HYPHENS:
            out.append(rf"[{_HYPHENS}\u2013\s]?")
        else:
            out.append(_letter(char))
    return "".join(out)


def name_parts(names: tuple[str, ...]) -> set[str]:
    """Every name whole, hyphens and apostrophes kept, and each of its parts of two letters
    or more (not a title): "Ada Lovelace-Byron" gives Ada, Lovelace-Byron, Lovelace, Byron."""
    parts = set()
    for name in names:
        for token in _NAME_TOKEN.findall(name):
            pieces = {token, *re.split(f"[{_HYPHENS}]", token)}
            for piece in list(pieces):
                pieces.update(re.split(f"[{_APOSTROPHES}]", piece))
            parts.update(
                p for p in pieces if sum(map(str.isalpha, p)) >= 2 and p.casefold() not in _TITLES
            )
    return parts


def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for every part of every name, longest first, as whole words, any case."""
    parts = sorted(name_parts(names), key=lambda p: (-len(p), p))
    if not parts:
        return None
    alternatives = "|".join(_name_pattern(p) for p in parts)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# -- Address, phone, email, date of birth ---------------------------------------------------

_STREET_WORDS = {
    "road": "rd",
    "street": "st",
    "avenue": "ave?",
    "lane": "ln",
    "drive": "dr",
    "close": "cl",
    "crescent": "cres",
    "court": "ct",
    "place": "pl",
    "gardens": "gdns",
    "terrace": "terr?",
    "square": "sq",
    "apartment": "apt",
}


def _phrase(piece: str) -> str | None:
    """An address line as a pattern: its words in order with any punctuation between them,
    a street word or its abbreviation. ``None`` for a bare number."""
    if sum(map(str.isalpha, piece)) < 2:
        return None
    pattern = []
    for word in re.findall(r"\w+", piece):
        short = _STREET_WORDS.get(word.casefold())
        pattern.append(rf"(?:{re.escape(word)}|{short}\.?)" if short else re.escape(word))
    return r"[\W_]{1,4}".join(pattern)


def _address_patterns(address: str) -> list[tuple[re.Pattern[str], str]]:
    """Each line of the address (and each part between commas) as a phrase, a street
    without its house number too; the postcode with or without its space."""
    phrases, postcodes = set(), set()
    for line in re.split(r"[\n\r,;]+", address):
        for code in shapes.postcodes(line):
            outward, inward = code.group("outward"), code.group("inward")
            postcodes.add(rf"{re.escape(outward)}\s{{0,2}}{re.escape(inward)}")
        line = shapes.POSTCODE_PATTERN.sub(" ", line).strip(" \t.")
        words = line.split()
        candidates = [line]
        if words and any(c.isdigit() for c in words[0]):
            candidates.append(" ".join(words[1:]))  # 12 Acacia Avenue: Acacia Avenue too
        phrases.update(p for p in map(_phrase, candidates) if p)
    patterns = []
    if phrases:
        alternatives = "|".join(sorted(phrases, key=lambda p: (-len(p), p)))
        patterns.append((re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE), ADDRESS))
    if postcodes:
        alternatives = "|".join(sorted(postcodes))
        patterns.append(
            (re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE), POSTCODE)
        )
    return patterns


def _phone_pattern(phone: str) -> re.Pattern[str] | None:
    """The person's phone number, with or without its trunk 0 or +44, however spaced."""
    national = shapes.national_number(phone)
    if len(national) < 6:
        return None
    prefix = r"(?:(?:\+|00)\s*44\s*(?:\(0\)\s*)?|\(?0\)?\s*)?"
    body = r"[\s\-.()/]*".join(national)
    return re.compile(rf"(?<![\d+]){prefix}{body}(?!\d)")


def _birth_date_pattern(born: date) -> re.Pattern[str]:
    """The date of birth in digits, in forms the date shapes leave: 01021970, 010270,
    19700201, 01 02 1970, 1 2 70 (and the usual ones too)."""
    dd, mm, yyyy = f"{born.day:02}", f"{born.month:02}", f"{born.year:04}"
    yy = shapes.two_digit_year(born)
    sep = r"(?:\s*[/.\-]\s*|\s+)"
    year, day, month = rf"(?:{yyyy[:2]})?{yy}", f"0?{born.day}", f"0?{born.month}"
    forms = [
        f"{dd}{mm}{yyyy}",
        f"{dd}{mm}{yy}",
        f"{yyyy}{mm}{dd}",
        f"{mm}{dd}{yyyy}",
        f"{day}{sep}{month}{sep}{year}",
        f"{month}{sep}{day}{sep}{year}",
        f"{yyyy}{sep}{month}{sep}{day}",
    ]
    return re.compile(rf"(?<!\d)(?:{'|'.join(forms)})(?!\d)")


def _birth_month_pattern(born: date) -> re.Pattern[str]:
    """The month and year of birth, which with an age band comes close to the date itself:
    February 1970, Feb '70, 02/1970, 1970-02, 02/70 (another month and year stays)."""
    full = shapes.MONTHS[born.month - 1]
    names = "|".join({full, full[:3], "sept" if born.month == 9 else full})
    cc, yy, m = f"{born.year // 100:02}", shapes.two_digit_year(born), born.month
    forms = [
        rf"(?<!\w)(?:{names})\.?,?\s*(?:of\s+)?(?:'|{cc})?{yy}",
        rf"(?<![\d/.\-])0?{m}\s?[/.\-]\s?{cc}{yy}",
        rf"(?<![\d/.\-]){m:02}\s?[/.\-]\s?{yy}",
        rf"(?<![\d/.\-]){cc}{yy}\s?[/.\-]\s?0?{m}",
    ]
    return re.compile(rf"(?:{'|'.join(forms)})(?!\w)(?![/.\-]\d)", re.IGNORECASE)


@dataclass(frozen=True)
class _OwnPatterns:
    words: tuple[tuple[re.Pattern[str], str], ...]
    digits: tuple[tuple[re.Pattern[str], str, str], ...]
    """Patterns of identifiers with a digit in them, run only near digits, and only where
    the text holds what each must contain (a date of birth, the last two digits of the
    year), when that is known."""
    emails: tuple[tuple[re.Pattern[str], str], ...]


@functools.lru_cache(maxsize=512)
def _own_patterns(known: KnownIdentifiers) -> _OwnPatterns:
    """The person's own patterns, compiled once per person."""
    words: list[tuple[re.Pattern[str], str]] = []
    digits: list[tuple[re.Pattern[str], str, str]] = []
    emails: list[tuple[re.Pattern[str], str]] = []
    if names := _names_pattern(known.names):
        words.append((names, NAME))
    for pattern, marker in _address_patterns(known.address or ""):
        if marker == POSTCODE:
            digits.append((pattern, marker, ""))
        else:
            words.append((pattern, marker))
    if known.date_of_birth:
        year = shapes.two_digit_year(known.date_of_birth)
        digits.append((_birth_date_pattern(known.date_of_birth), DATE_OF_BIRTH, year))
        digits.append((_birth_month_pattern(known.date_of_birth), DATE_OF_BIRTH, year))
    if known.phone and (phone := _phone_pattern(known.phone)):
        digits.append((phone, PHONE, ""))
    if nhs_number := re.sub(r"\D", "", known.nhs_number):  # odd spacing the shapes miss
        body = r"[\s\-./]*".join(nhs_number)
        digits.append((re.compile(rf"(?<!\d){body}(?!\d)"), NHS_NUMBER, ""))
    if email := known.email.strip():
        own = re.compile(rf"(?<![\w.+-]){re.escape(email)}(?![\w-])", re.IGNORECASE)
        emails.append((own, EMAIL))
    return _OwnPatterns(tuple(words), tuple(digits), tuple(emails))
