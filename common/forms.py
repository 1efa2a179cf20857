"""Forms drawn in the NHS.UK design system: label, hint, error message and
input classes, and an error summary that links to each field in error. Every
text field refuses control and text-direction characters (``common.text``)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.utils.html import strip_tags

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


GENERIC_REQUIRED = frozenset(
    {str(forms.Field.default_error_messages["required"]), "Enter the date"}
)
"""Required messages that do not say which field is missing: each is replaced by one
made from the field's label."""

_CHOICE_FIELDS = (forms.ChoiceField, forms.ModelChoiceField, forms.ModelMultipleChoiceField)


_NO_ARTICLE = frozenset(
    {"a", "an", "the", "this", "these", "your", "their", "what", "how", "who", "whom", "why"}
    | {"when", "which", "where", "whether", "by", "in", "at", "on", "from", "for", "to", "of"}
)


def required_message(field: forms.Field, name: str) -> str:
    """The message of a required field left empty, made from its label: "Enter the date
    of the review" for something typed, "Select the cluster" for a choice. A label that
    reads badly after "Enter" has a message of its own instead."""
    if field.widget.is_hidden:
        return "Part of the form was missing: open the page again and try again"
    label = strip_tags(str(field.label or pretty_name(name))).strip().rstrip(":?")
    label = re.sub(r"\s*\([^)]*\)$", "", label)
    if isinstance(field, forms.BooleanField):
        return f"Select “{label}”"
    words = label if label[1:2].isupper() else label[:1].lower() + label[1:]
    if words.split(" ", 1)[0].lower() not in _NO_ARTICLE:
        words = f"the {words}"
    if isinstance(field, _CHOICE_FIELDS) or isinstance(
        field.widget, forms.RadioSelect | forms.Select | forms.CheckboxSelectMultiple
    ):
        return f"Select {words}"
    return f"Enter {words}"


class NHSUKFormMixin:
    """Give each widget its design-system class, and its error class once the
    form has been validated. A required field left empty says which field it is
    (``required_message``) unless it has its own message."""

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

    def name_required_fields(self) -> None:
        """Give each required field without a message of its own one that names it (the
        fields a form adds in its own ``__init__`` too, hence here and not there)."""
        for name, field in self.fields.items():
            if field.error_messages.get("required") in GENERIC_REQUIRED:
                field.error_messages = {
                    **field.error_messages,
                    "required": required_message(field, name),
                }

    @staticmethod
    def _classes_for(widget: forms.Widget) -> tuple[str, str]:
        for widget_type, css, error_css in _WIDGET_CLASSES:
            if isinstance(widget, widget_type):
                return css, error_css
        return "", ""

    def full_clean(self) -> None:
        self.name_required_fields()
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                css, error_css = self._classes_for(widget)
                if error_css:
                    widget.attrs["class"] = f"{css} {error_css}"

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        for name, form_field in self.fields.items():
            if hasattr(form_field.widget, "in_error"):
                form_field.widget.in_error = name in self.errors


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
