"""The NHS.UK date input: day, month and year in three boxes, checked as a whole date,
with errors that say which part is wrong.

It takes what people type: the month as a number or a name ("December", "dec",
"Sept"), and a whole date typed or pasted into the day box ("1 December 2026",
"1/12/2026", "2026-12-01") while the month and year boxes are empty. A year is
written in full: "26" could be 1926 or 2026."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

DATE_INPUT_HINT = "For example, 15 3 2027"
EXAMPLE = "for example 15 3 2027"
_PARTS = (
    ("", "Day", 2),
    ("month", "Month", 2),
    ("year", "Year", 4),
)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Whole dates typed in the day box: day month year with any of these between them, or ISO.
_WHOLE_DATE = re.compile(
    r"\s*([0-9]{1,2})[\s/.\-,]+([0-9]{1,2}|[A-Za-z]{3,9}\.?)[\s/.\-,]+([0-9]+)\s*"
)
_ISO_DATE = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*")


def month_number(text: str) -> int | None:
    """The month written as a number (1 to 12) or as a name or its abbreviation
    ("March", "mar", "Sept"); None if it is neither."""
    text = text.strip().rstrip(".").lower()
    if re.fullmatch(r"[0-9]{1,2}", text):
        return int(text)
    if re.fullmatch(r"[a-z]{3,9}", text):
        for number, name in enumerate(_MONTHS, start=1):
            if name.startswith(text):
                return number
    return None


def split_whole_date(text: str) -> tuple[str, str, str] | None:
    """A whole date typed in one box, as its day, month and year; None if it is not one."""
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
        return day, month, year
    if match := _WHOLE_DATE.fullmatch(text):
        return match.group(1), match.group(2).rstrip("."), match.group(3)
    return None


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes. The day box takes the field's own id (the error summary
    links to it); the others add ``-month`` and ``-year``."""

    template_name = "forms/date_input.html"

    def __init__(self, attrs=None, autocomplete: str = "") -> None:
        widgets = {
            suffix: forms.TextInput(
                attrs={
                    "class": f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}",
                    "inputmode": "numeric",
                    "autocomplete": f"{autocomplete}-{label.lower()}" if autocomplete else "off",
                    "spellcheck": "false",
                }
            )
            for suffix, label, width in _PARTS
        }
        super().__init__(widgets, attrs)
        self.in_error = False

    def decompress(self, value):
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        own_id = context["widget"]["attrs"].get("id", "")
        for subwidget, (suffix, label, _) in zip(
            context["widget"]["subwidgets"], _PARTS, strict=True
        ):
            subwidget["label"] = label
            if own_id:
                subwidget["attrs"]["id"] = f"{own_id}-{suffix}" if suffix else own_id
            if self.in_error:
                subwidget["attrs"]["class"] += " nhsuk-input--error"
        return context


class DateInputField(forms.MultiValueField):
    """A date typed in the three boxes of the NHS.UK date input, in the digits 0 to 9
    (the month may also be its name), or as a whole date in the day box."""

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter the date",
        "invalid": f"Enter a real date, {EXAMPLE}",
    }

    def __init__(self, *, autocomplete: str = "", **kwargs) -> None:
        """``autocomplete="bday"`` lets the browser fill in a date of birth."""
        if autocomplete:
            kwargs.setdefault("widget", DateInputWidget(autocomplete=autocomplete))
        kwargs.setdefault("help_text", DATE_INPUT_HINT)
        kwargs.setdefault("template_name", "forms/date_field.html")
        fields = tuple(forms.CharField(required=False) for _ in _PARTS)
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        if isinstance(value, list | tuple) and len(value) == len(_PARTS):
            value = self._whole_date_in_day_box(list(value))
        return super().clean(value)

    @staticmethod
    def _whole_date_in_day_box(value: list) -> list:
        day, month, year = (str(part or "").strip() for part in value)
        if day and not month and not year:
            whole = split_whole_date(day)
            if whole is None and re.fullmatch(r"[0-9]{1,2}", day):
                return value
            if whole is None:
                raise ValidationError(
                    f"Enter the day, month and year, {EXAMPLE}", code="incomplete"
                )
            return list(whole)
        return value

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            label.lower()
            for given, (_, label, _) in zip((day, month, year), _PARTS, strict=True)
            if not given
        ]
        if missing:
            raise ValidationError(
                f"The date must include a {' and a '.join(missing)}", code="incomplete"
            )
        if not re.fullmatch(r"[0-9]{1,2}", day):
            raise ValidationError(f"Enter the day in numbers, {EXAMPLE}", code="invalid")
        month_value = month_number(month)
        if month_value is None:
            raise ValidationError(
                "Enter the month as a number or a name, for example 3 or March", code="invalid"
            )
        if re.fullmatch(r"[0-9]{1,3}", year):
            raise ValidationError(
                "Enter the year in full, with 4 numbers, for example 2027", code="invalid"
            )
        if not re.fullmatch(r"[0-9]{4}", year):
            raise ValidationError(f"Enter the year in numbers, {EXAMPLE}", code="invalid")
        try:
            return date(int(year), month_value, int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
