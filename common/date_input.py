"""The NHS.UK date input: day, month and year in three boxes, checked as a whole date,
with errors that say which part is wrong."""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError

DATE_INPUT_HINT = "For example, 31 3 2027"
_PARTS = (
    ("", "Day", 2, r"[0-9]{1,2}"),
    ("month", "Month", 2, r"[0-9]{1,2}"),
    ("year", "Year", 4, r"[0-9]{4}"),
)


class DateInputWidget(forms.MultiWidget):
    """Day, month and year boxes. The day box takes the field's own id (the error summary
    links to it); the others add ``-month`` and ``-year``."""

    template_name = "forms/date_input.html"

    def __init__(self, attrs=None) -> None:
        widgets = {
            suffix: forms.TextInput(
                attrs={
                    "class": f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{width}",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            )
            for suffix, _, width, _ in _PARTS
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
        for subwidget, (suffix, label, _, _) in zip(
            context["widget"]["subwidgets"], _PARTS, strict=True
        ):
            subwidget["label"] = label
            if own_id:
                subwidget["attrs"]["id"] = f"{own_id}-{suffix}" if suffix else own_id
            if self.in_error:
                subwidget["attrs"]["class"] += " nhsuk-input--error"
        return context


class DateInputField(forms.MultiValueField):
    """A date typed in the three boxes of the NHS.UK date input, in the digits 0 to 9."""

    widget = DateInputWidget
    default_error_messages = {
        "required": "Enter the date",
        "invalid": "Enter a real date, for example 31 3 2027",
    }

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", DATE_INPUT_HINT)
        kwargs.setdefault("template_name", "forms/date_field.html")
        fields = tuple(
            forms.RegexField(regex=rf"^\s*{pattern}\s*$", required=False)
            for _, _, _, pattern in _PARTS
        )
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        if isinstance(value, list | tuple) and len(value) == len(_PARTS):
            for given, (_, label, _, pattern) in zip(value, _PARTS, strict=True):
                if given and not re.fullmatch(rf"\s*{pattern}\s*", str(given)):
                    raise ValidationError(
                        f"Enter the {label.lower()} in numbers, for example 31 3 2027",
                        code="invalid",
                    )
        return super().clean(value)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        missing = [
            label.lower()
            for given, (_, label, _, _) in zip(data_list, _PARTS, strict=True)
            if not given
        ]
        if missing:
            raise ValidationError(
                f"The date must include a {' and a '.join(missing)}", code="incomplete"
            )
        day, month, year = (int(part) for part in data_list)
        try:
            return date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
