"""What the care plan forms share: the draft form (it carries the version and revision a
change was read from), a whole-number field and a text area."""

import re

from django import forms
from django.core.exceptions import ValidationError

from common.forms import NHSUKFormMixin

WHOLE_NUMBER = re.compile("[0-9]{1,9}")
"""Plain digits: ``\\d`` and ``str.isdigit`` would take "١٢" or "²", which int() reads or
chokes on."""


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class DraftForm(NHSUKFormMixin, forms.Form):
    """A form that changes a draft: it names the version and the revision it was read at."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def mark_errors(self) -> None:
        """Give the inputs named by errors added after cleaning their error class."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css, error_css = self._classes_for(widget)
                if error_css and error_css not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', css)} {error_css}".strip()


class WholeNumberField(forms.CharField):
    """A whole number, 1 or more, typed as digits: "6.5" or "0" is refused, never rounded."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=7, **kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "class": "nhsuk-input nhsuk-input--width-5"}
        )

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        text = text.strip()
        if not WHOLE_NUMBER.fullmatch(text) or int(text) < 1:
            raise ValidationError("Enter a whole number, 1 or more.", code="invalid")
        return int(text)
