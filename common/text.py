"""Text that people type: no control characters, and none of the invisible
characters that change which way text runs (a name that displays as one thing
and is stored as another).

Checked wherever text comes in: every form (``common.forms.NHSUKFormMixin``),
every API body (``common.api``'s parsers) and the CSV imports.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError

# C0 controls (tab, line feed and carriage return are allowed where lines are), DEL, C1
# controls; the embeddings, overrides and isolates of the Unicode bidirectional algorithm.
UNSAFE_CHARACTERS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
"""The characters refused, as a regular expression's class (the API's schema says so too)."""
_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def unsafe_character(value: str, *, multiline: bool = True) -> str | None:
    """Why ``value`` may not be stored, naming the first character at fault, or ``None``."""
    found = _UNSAFE.search(value) or (None if multiline else _LINE_BREAKS.search(value))
    if found is None:
        return None
    character = found.group()
    if character in "\n\r":
        return "Write this on one line: remove the line break."
    if character == "\t":
        return "Remove the tab character."
    name = unicodedata.name(character, "a control character")
    return (
        f"Remove the invisible character U+{ord(character):04X} ({name.lower()}): "
        "control characters and characters that change the direction of text are not allowed."
    )


def check_text(value: str, *, multiline: bool = True) -> None:
    """A validator: ``ValidationError`` for text with an unsafe character."""
    reason = unsafe_character(value, multiline=multiline)
    if reason:
        raise ValidationError(reason, code="unsafe_character")


def check_single_line(value: str) -> None:
    check_text(value, multiline=False)
