"""A spending line: a clinical line priced at tariff, or a purchase."""

from typing import Any

from django import forms

from careplans.drafting import NO_SUCH_OUTCOME, check_line
from careplans.forms.base import DraftForm, WholeNumberField
from careplans.models import (
    CarePlanVersion,
    FrequencyChoice,
    FundingRoute,
    PurchaseCategory,
    RestrictionChoice,
    SpendingLine,
)
from common.forms import RecordsField, no_such
from costing.forms import MoneyField
from costing.models import Intervention
from participants.models import Participant

FUNDING_HINT = (
    "Notional: the NHS team arranges it and no money is paid out. Direct payment: the money "
    "is paid to the person (or someone acting for them) to buy it. Third party: an "
    "organisation holds the money and buys it for the person."
)


class SpendingLineForm(DraftForm):
    """A clinical line (an intervention and a year's contacts or bed days, priced at tariff)
    or a purchase (a unit cost, a quantity and how often)."""

    kind = forms.ChoiceField(
        label="What kind of line is it?",
        error_messages={"required": "Select what kind of line it is"},
        choices=[
            (SpendingLine.Kind.PURCHASE, "A purchase: something the budget buys"),
            (SpendingLine.Kind.CLINICAL, "Clinical: contacts or bed days priced at the tariff"),
        ],
        widget=forms.RadioSelect,
        initial=SpendingLine.Kind.PURCHASE,
    )
    description = forms.CharField(
        label="Description",
        max_length=200,
        help_text="As the person would put it, for example "
        "“A personal assistant for 6 hrs contact per week”",
    )
    intervention = forms.ModelChoiceField(
        label="Intervention",
        queryset=Intervention.objects.all(),
        required=False,
        empty_label="Choose an intervention",
    )
    category = forms.ChoiceField(
        label="Category of purchase",
        required=False,
        choices=[("", "Choose a category"), *PurchaseCategory.choices],
    )
    provider = forms.CharField(label="Provider", required=False, max_length=200)
    unit_cost = MoneyField(
        label="Unit cost",
        required=False,
        help_text="In pounds and pence, for example 7.00 for an hour at £7.00",
    )
    frequency = forms.ChoiceField(
        label="How often is it paid?",
        required=False,
        choices=FrequencyChoice.choices,
        widget=forms.RadioSelect,
    )
    quantity = WholeNumberField(
        label="Quantity",
        help_text="For a purchase, how many each time (6 hours a week: 6). "
        "For a clinical line, the contacts or bed days in the year.",
    )
    funding_route = forms.ChoiceField(
        label="How is it funded?",
        error_messages={"required": "Select how it is funded"},
        choices=FundingRoute.choices,
        widget=forms.RadioSelect,
        help_text=FUNDING_HINT,
    )
    outcomes = RecordsField(
        label="Which of the person’s outcomes does it serve?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. A purchase that serves no outcome is flagged.",
        error_messages=no_such(NO_SUCH_OUTCOME),
    )
    restriction = forms.ChoiceField(
        label="Prohibited spend",
        required=False,
        choices=[("", "None: the budget can buy it"), *RestrictionChoice.choices],
        help_text="Things a personal health budget may never pay for. Choose one only if "
        "the line is one of them: the plan then cannot be submitted until the line is "
        "changed or removed.",
    )
    is_contingency = forms.BooleanField(
        label="This line is the contingency",
        required=False,
        help_text="Money kept back for when things do not go to plan",
    )

    def __init__(self, *args, version: CarePlanVersion, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["outcomes"].queryset = version.outcomes.all()
        self.fields["outcomes"].label_from_instance = lambda o: o.in_their_words
        self.fields["intervention"].queryset = Intervention.objects.order_by("name")
        self.fields["unit_cost"].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-10"
        if participant.higher_financial_risk:
            self.fields["funding_route"].help_text = (
                f"{participant.full_name} is at higher financial risk, so the budget cannot "
                "be paid to them as a direct payment: choose a third-party budget (or notional). "
                + FUNDING_HINT
            )

    @classmethod
    def initial_for(cls, line: SpendingLine) -> dict[str, Any]:
        return {
            "kind": line.kind,
            "description": line.description,
            "intervention": line.intervention_id,
            "category": line.category,
            "provider": line.provider,
            "unit_cost": "" if line.kind == SpendingLine.Kind.CLINICAL else str(line.unit_cost),
            "frequency": line.frequency,
            "quantity": str(line.quantity),
            "funding_route": line.funding_route,
            "outcomes": [o.pk for o in line.outcomes.all()],
            "restriction": line.restriction,
            "is_contingency": line.is_contingency,
        }

    def values(self) -> dict[str, Any]:
        """The line's fields as ``line_save`` takes them (the other kind's left out)."""
        data = self.cleaned_data
        values = {
            "kind": data.get("kind"),
            "description": data.get("description", ""),
            "quantity": data.get("quantity"),
            "funding_route": data.get("funding_route"),
            "restriction": data.get("restriction", ""),
            "is_contingency": data.get("is_contingency", False),
            "provider": data.get("provider", ""),
        }
        if values["kind"] == SpendingLine.Kind.CLINICAL:
            values.update(intervention=data.get("intervention"), category="")
        else:
            values.update(
                intervention=None,
                category=data.get("category", ""),
                unit_cost=data.get("unit_cost"),
                frequency=data.get("frequency", ""),
            )
        return values

    def clean(self):
        data = super().clean()
        # The service's own checks (what each kind needs, no direct payment for a person at
        # higher financial risk), on the fields that are not already in error.
        values = self.values()
        if values.get("unit_cost") is None:
            values["unit_cost"] = ""
        for name, message in check_line(self.participant, values).items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data

    def cost_errors(self) -> list[str]:
        """Why the line cannot be priced yet (empty when its cost is known). Call after
        ``is_valid``: a missing cost field is an error there (the service's checks)."""
        if self.cleaned_data.get("kind") == SpendingLine.Kind.CLINICAL:
            needed = ("intervention", "quantity")
        else:
            needed = ("kind", "unit_cost", "quantity", "frequency")
        return [str(message) for name in needed for message in self.errors.get(name, [])]
