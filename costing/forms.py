"""Forms for tariffs and clusters, and the fields every costing form shares.

A form checks the shape of what was typed; the services decide. A service's
``ValidationError`` is shown on the field it names (``add_service_errors``).
"""

import re
from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from common.date_input import DATE_INPUT_HINT, DateInputField
from common.forms import NHSUKFormMixin
from costing.core.money import MoneyError, parse_amount
from costing.core.years import FinancialYear, FinancialYearError
from costing.models import Cluster, Intervention

# Paths under /tariffs/ that an intervention code must not take.
RESERVED_CODES = frozenset({"new", "clusters"})


class WholeNumberField(forms.IntegerField):
    """A whole number in the digits 0 to 9 (Django's own reads "١٢" as 12)."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"\s*[0-9]{1,9}\s*", str(value)):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class MoneyField(forms.CharField):
    """Pounds and pence, strictly: more than £0.00 and at most two decimals, never rounded."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", "In pounds and pence, for example 202.04")
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")
        self.widget.attrs.setdefault("spellcheck", "false")

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return parse_amount(text)
        except MoneyError as error:
            raise ValidationError(str(error), code="invalid") from None


class FinancialYearField(forms.CharField):
    """A financial year written as 2012-13."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("help_text", "For example, 2012-13 (1 April 2012 to 31 March 2013)")
        kwargs.setdefault("max_length", 7)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("spellcheck", "false")

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return FinancialYear.parse(text)
        except FinancialYearError as error:
            raise ValidationError(str(error), code="invalid") from None


def add_service_errors(
    form: forms.BaseForm, error: ValidationError, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on the form: each message on the field it names.

    ``fields`` renames the service's field names to the form's; a message for
    a field the form does not have is shown above the form.
    """
    fields = fields or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = fields.get(name, name)
        form.add_error(target if target in form.fields else None, errors)
    _mark_fields_in_error(form)


def _mark_fields_in_error(form: forms.BaseForm) -> None:
    """Give the inputs in error their error class, as ``NHSUKFormMixin.full_clean`` does."""
    if not isinstance(form, NHSUKFormMixin):
        return
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        css, error_css = form._classes_for(widget)
        current = widget.attrs.get("class", css)
        if error_css and error_css not in current:
            widget.attrs["class"] = f"{current} {error_css}".strip()


def add_entry_errors(
    form: forms.BaseForm, errors: Mapping[str, list[str]], fields: Mapping[str, str] | None = None
) -> None:
    """The messages of one entry of ``EntriesInvalid``, by field, shown on the form."""
    add_service_errors(form, ValidationError(dict(errors)), fields)


class TariffPriceForm(NHSUKFormMixin, forms.Form):
    """A new price from a date: the current price closes the day before."""

    price = MoneyField(label="New price", help_text="In pounds and pence, for example 210.50")
    valid_from = DateInputField(
        label="In force from",
        help_text="The first day of the new price. " + DATE_INPUT_HINT,
        error_messages={"required": "Enter the date the new price is in force from"},
    )


class InterventionForm(NHSUKFormMixin, forms.Form):
    code = forms.SlugField(
        label="Code",
        max_length=30,
        help_text="Short, lower case, used in CSV files: for example cmht",
        error_messages={
            "invalid": "The code can only have letters, numbers, hyphens and underscores, "
            "for example cmht"
        },
    )
    name = forms.CharField(label="Name", max_length=200)
    unit = forms.ChoiceField(label="Unit", choices=Intervention.Unit.choices)
    acute_or_crisis = forms.BooleanField(
        label="Crisis or inpatient care",
        required=False,
        help_text="Reports split people by whether they used crisis or inpatient care.",
    )
    price = MoneyField(label="Price of one unit")
    valid_from = DateInputField(
        label="Price in force from",
        error_messages={"required": "Enter the date the price is in force from"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["spellcheck"] = "false"

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].lower()
        if code in RESERVED_CODES:
            raise ValidationError(f"“{code}” cannot be used as a code: choose another")
        return code


class ClusterCostForm(NHSUKFormMixin, forms.Form):
    cluster = forms.ModelChoiceField(
        label="Cluster", queryset=Cluster.objects.all(), empty_label="Choose a cluster"
    )
    year = FinancialYearField(label="Financial year")
    annual_cost = MoneyField(label="Annual cost", help_text="In pounds, for example 12045.00")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].label_from_instance = lambda c: f"{c.number} – {c.name}"
        self.fields["year"].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-5"
        self.fields["annual_cost"].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-10"
