"""Forms drawn in the NHS.UK design system: label, hint, error message and
input classes, and an error summary that links to each field in error. Every
text field refuses control and text-direction characters (``common.text``)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from common.ids import ID_PATTERN
from common.text import check_single_line, check_text

_WIDGET_CLASSES: list[tuple[type[forms.Widget], str, str]] = [
    (forms.Textarea, "nhsuk-textarea", "nhsuk-textarea--error"),
    (forms.Select, "nhsuk-select", "nhsuk-select--error"),
    (forms.CheckboxInput, "nhsuk-checkboxes__input", ""),
    (forms.widgets.Input, "nhsuk-input", "nhsuk-input--error"),
]


def no_such(message: str) -> dict[str, str]:
    """The error messages of a choice of records (``ModelChoiceField``,
    ``ModelMultipleChoiceField``) whose queryset is the user's scope: a choice outside it and
    a choice of nothing get the same words, with no id in them."""
    return {"invalid_choice": message, "invalid_pk_value": message}


class FormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


class NHSUKFormMixin:
    """Give each widget its design-system class, and its error class once the
    form has been validated."""

    text_checked_elsewhere: tuple[str, ...] = ()
    """Text fields whose characters are checked elsewhere (a CSV file, row by row)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css, _ = self._classes_for(field.widget)
            if css:
                field.widget.attrs["class"] = css
            if isinstance(field, forms.CharField) and name not in self.text_checked_elsewhere:
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(check_text if multiline else check_single_line)

    @staticmethod
    def _classes_for(widget: forms.Widget) -> tuple[str, str]:
        for widget_type, css, error_css in _WIDGET_CLASSES:
            if isinstance(widget, widget_type):
                return css, error_css
        return "", ""

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css, error_css = self._classes_for(widget)
                if error_css:
                    widget.attrs["class"] = f"{css} {error_css}"


class RecordsField(forms.ModelMultipleChoiceField):
    """Records chosen by id (checkboxes): an id that is not plain digits, or is larger
    than any id, is an invalid choice before any query (the database cannot compare it)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if not (isinstance(pk, str) and re.fullmatch(ID_PATTERN, pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class FilterForm(NHSUKFormMixin, forms.Form):
    """The form class of every django-filter ``FilterSet`` in the service."""
