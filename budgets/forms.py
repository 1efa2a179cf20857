"""The indicative budget calculator's form: the method, the year, and each method's inputs.

Only the shape is checked here; ``budgets.services.indicative_budget_calculate``
works the amount out and says what is wrong, field by field.
"""

import re

from django import forms

from budgets.models import BudgetMethod
from common.forms import NHSUKFormMixin
from costing.core.indicative import Method
from costing.forms import FinancialYearField
from costing.models import Cluster, Intervention
from participants.models import Participant

UNIT_PLURALS = {Intervention.Unit.CONTACT: "contacts", Intervention.Unit.BED_DAY: "bed days"}


def expected_field_name(code: str) -> str:
    return f"expected_{code}"


class IndicativeBudgetForm(NHSUKFormMixin, forms.Form):
    method = forms.ChoiceField(
        label="How should the budget be worked out?",
        error_messages={"required": "Select how the budget should be worked out"},
        choices=BudgetMethod.choices,
        widget=forms.RadioSelect,
        initial=Method.SERVICE.value,
    )
    year = FinancialYearField(label="Financial year")
    cluster = forms.ChoiceField(
        label="Cluster", required=False, help_text="The person’s current cluster unless you choose"
    )
    community_share = forms.CharField(
        label="Community share (%)",
        required=False,
        max_length=10,
        initial="100",
        help_text="The part of the cluster’s annual cost that is spent in the community",
    )
    amount = forms.CharField(
        label="Amount",
        required=False,
        max_length=20,
        help_text="In pounds and pence, for example 4800.00",
    )
    reason = forms.CharField(
        label="Reason for setting it by hand",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args, participant: Participant, interventions: list[Intervention], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.interventions = interventions
        self.fields["cluster"].choices = [("", "Choose a cluster")] + [
            (str(c.number), f"{c.number} – {c.name}") for c in Cluster.objects.all()
        ]
        for intervention in interventions:
            field = forms.CharField(
                label=intervention.name,
                required=False,
                max_length=6,
                help_text=f"{UNIT_PLURALS[intervention.unit].capitalize()} expected in the year",
            )
            field.widget.attrs.update(
                {
                    "class": "nhsuk-input nhsuk-input--width-4",
                    "inputmode": "numeric",
                    "autocomplete": "off",
                }
            )
            self.fields[expected_field_name(intervention.code)] = field
        self.fields["community_share"].widget.attrs.update(
            {"class": "nhsuk-input nhsuk-input--width-4", "inputmode": "decimal"}
        )
        self.fields["amount"].widget.attrs.update(
            {"class": "nhsuk-input nhsuk-input--width-10", "inputmode": "decimal"}
        )
        self.fields["year"].widget.attrs.update({"class": "nhsuk-input nhsuk-input--width-5"})
        self._widths = {
            name: field.widget.attrs["class"]
            for name, field in self.fields.items()
            if "nhsuk-input--width" in field.widget.attrs.get("class", "")
        }

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self._widths:  # keep the narrow width of a field in error
                self.fields[name].widget.attrs["class"] = f"{self._widths[name]} nhsuk-input--error"

    def expected_fields(self) -> list[forms.BoundField]:
        return [self[expected_field_name(i.code)] for i in self.interventions]

    def method_choices(self) -> list[dict]:
        """The radios, each with the id of the inputs it reveals."""
        value = self["method"].value()
        return [
            {
                "value": choice,
                "label": label,
                "id": f"id_method_{index}",
                "checked": value == choice,
                "conditional": f"conditional-{choice}",
            }
            for index, (choice, label) in enumerate(self.fields["method"].choices)
        ]

    def service_field_names(self) -> dict[str, str]:
        """The service's field names (intervention codes) -> this form's."""
        names = {i.code: expected_field_name(i.code) for i in self.interventions}
        if self.interventions:
            names["inputs"] = expected_field_name(self.interventions[0].code)
        return names

    def inputs(self) -> dict:
        """The inputs of the chosen method, as the service takes them (and keeps them)."""
        data = self.cleaned_data
        method = data["method"]
        if method == Method.SERVICE:
            inputs = {}
            for intervention in self.interventions:
                text = data[expected_field_name(intervention.code)].strip()
                if text:
                    whole = re.fullmatch("[0-9]{1,9}", text)
                    inputs[intervention.code] = int(text) if whole else text
            return inputs
        if method == Method.CLUSTER:
            inputs = {"community_share": data["community_share"].strip() or "100"}
            if data["cluster"]:
                inputs["cluster"] = int(data["cluster"])
            return inputs
        return {"amount": data["amount"].strip()}
