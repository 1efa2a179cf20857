"""Forms of the care plan pages: the plan's contents, outcomes, risks, spending lines,
decisions and reconsiderations.

They check the shape of what was typed (an amount of money, a whole number, a
date); ``careplans.services`` decides, and its errors are shown on the fields
they name. Every form that changes a draft carries the ``revision`` it was read
at, so that a save from a stale copy is refused rather than lost.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from budgets.models import IndicativeBudget
from careplans.models import (
    CarePlanVersion,
    Decision,
    FrequencyChoice,
    FundingRoute,
    ManagedBy,
    ManagementOption,
    OutcomeCategory,
    PurchaseCategory,
    Reconsideration,
    RestrictionChoice,
    SpendingLine,
)
from careplans.services import check_line
from common.forms import NHSUKFormMixin
from costing.core.money import format_pounds
from costing.forms import DATE_HINT, MoneyField, UKDateField
from costing.models import Intervention
from participants.forms import team_coordinators
from participants.models import Participant
from people.models import Role, User

WHOLE_NUMBER = re.compile(r"^\d+$")


def _textarea(rows: int = 3) -> forms.Textarea:
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
        if not WHOLE_NUMBER.match(text) or int(text) < 1:
            raise ValidationError("Enter a whole number, 1 or more.", code="invalid")
        return int(text)


# -- The plan's contents --------------------------------------------------------------------------


class PlanContentsForm(DraftForm):
    """What the plan says. Nothing is required to save a draft; submitting needs it all."""

    what_matters_to_person = forms.CharField(
        label="What matters to the person, in their own words",
        required=False,
        widget=_textarea(5),
    )
    what_matters_for_health = forms.CharField(
        label="What matters for their health", required=False, widget=_textarea(4)
    )
    contingency_plan = forms.CharField(
        label="Contingency or crisis plan",
        required=False,
        widget=_textarea(4),
        help_text="What happens, and who to call, if things go wrong",
    )
    management_option = forms.ChoiceField(
        label="How the budget is managed",
        required=False,
        choices=[("", "Not chosen yet"), *ManagementOption.choices],
    )
    managed_by = forms.ChoiceField(
        label="Who manages the budget",
        required=False,
        choices=[("", "Not chosen yet"), *ManagedBy.choices],
    )
    care_coordinator = forms.ModelChoiceField(
        label="Named care coordinator",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not chosen yet",
    )
    health_monitored_by = forms.CharField(
        label="Who monitors the person’s health",
        required=False,
        max_length=200,
        help_text="For example, their GP and their care coordinator",
    )
    start_date = UKDateField(
        label="Date the plan starts",
        required=False,
        help_text="Clinical lines are priced at the tariff in force on this date. " + DATE_HINT,
    )
    first_review_date = UKDateField(
        label="Date of the first review",
        required=False,
        help_text="Within 3 months of the start. " + DATE_HINT,
    )
    first_review_arrangements = forms.CharField(
        label="How the first review will be held",
        required=False,
        max_length=200,
        help_text="For example, a meeting at home with their sister",
    )
    reduction_notice = forms.CharField(
        label="Notice before any reduction of the budget",
        required=False,
        max_length=200,
        help_text="For example, four weeks in writing",
    )
    review_dates = forms.CharField(label="Later review dates", required=False, max_length=200)
    indicative_budget = forms.ModelChoiceField(
        label="Indicative budget it plans against",
        queryset=IndicativeBudget.objects.none(),
        required=False,
        empty_label="None yet",
    )

    CONTENT_FIELDS = (
        "what_matters_to_person",
        "what_matters_for_health",
        "contingency_plan",
        "management_option",
        "managed_by",
        "care_coordinator",
        "health_monitored_by",
        "start_date",
        "first_review_date",
        "first_review_arrangements",
        "reduction_notice",
        "review_dates",
        "indicative_budget",
    )

    def __init__(self, *args, participant: Participant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["care_coordinator"].queryset = team_coordinators(participant.team)
        budgets = self.fields["indicative_budget"]
        budgets.queryset = IndicativeBudget.objects.filter(participant=participant)
        budgets.label_from_instance = lambda b: (
            f"{b.financial_year}: {format_pounds(b.amount)} "
            f"({b.get_method_display().split(':')[0].split(',')[0].lower()}, "
            f"{b.set_at:%d %b %Y})"
        )
        if participant.higher_financial_risk:
            self.fields["management_option"].help_text = (
                f"{participant.full_name} is at higher financial risk: no direct payment. "
                "A third-party budget can be used instead."
            )
        for name in ("start_date", "first_review_date"):
            self.fields[name].widget.attrs["class"] = "nhsuk-input nhsuk-input--width-10"

    @classmethod
    def initial_for(cls, version: CarePlanVersion) -> dict[str, Any]:
        initial = {name: getattr(version, name) for name in cls.CONTENT_FIELDS}
        initial["care_coordinator"] = version.care_coordinator_id
        initial["indicative_budget"] = version.indicative_budget_id
        initial["version"] = version.number
        initial["revision"] = version.revision
        return initial

    def contents(self) -> dict[str, Any]:
        """The fields as ``draft_update`` takes them."""
        return {name: self.cleaned_data[name] for name in self.CONTENT_FIELDS}


# -- Outcomes and risks ---------------------------------------------------------------------------


class OutcomeForm(DraftForm):
    in_their_words = forms.CharField(
        label="The outcome, in the person’s own words", widget=_textarea(3)
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *OutcomeCategory.choices],
        help_text="The list of outcomes the pilot’s participants chose",
    )
    success_looks_like = forms.CharField(
        label="What success looks like", required=False, widget=_textarea(3)
    )
    not_working_signs = forms.CharField(
        label="Signs that it is not working", required=False, widget=_textarea(3)
    )
    persons_part = forms.CharField(
        label="What the person will do", required=False, widget=_textarea(3)
    )

    FIELDS = (
        "in_their_words",
        "category",
        "success_looks_like",
        "not_working_signs",
        "persons_part",
    )

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class RiskForm(DraftForm):
    risk = forms.CharField(label="The risk", widget=_textarea(3))
    how_managed = forms.CharField(label="How it is managed", widget=_textarea(3))
    managed_by = forms.CharField(label="By whom", max_length=200)

    FIELDS = ("risk", "how_managed", "managed_by")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class RemoveForm(DraftForm):
    """Confirm removing an outcome, a risk or a line."""


# -- Spending lines -------------------------------------------------------------------------------


class SpendingLineForm(DraftForm):
    """A clinical line (an intervention and a year's contacts or bed days, priced at tariff)
    or a purchase (a unit cost, a quantity and how often)."""

    kind = forms.ChoiceField(
        label="What kind of line is it?",
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
        choices=FundingRoute.choices,
        widget=forms.RadioSelect,
    )
    outcomes = forms.ModelMultipleChoiceField(
        label="Which of the person’s outcomes does it serve?",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. A purchase that serves no outcome is flagged.",
    )
    restriction = forms.ChoiceField(
        label="Prohibited spend",
        required=False,
        choices=[("", "None: the budget can buy it"), *RestrictionChoice.choices],
        help_text="A budget cannot buy these; a plan with such a line cannot be submitted.",
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
                "be paid to them as a direct payment: choose a third-party budget (or notional)."
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


# -- Decisions and reconsiderations ---------------------------------------------------------------


class DecisionForm(NHSUKFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reasons",
        required=False,
        widget=_textarea(4),
        help_text="Needed when you return the plan: say what must change",
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        agree = (
            (Decision.Kind.APPROVE, "Approve the plan")
            if user.role == Role.COMMISSIONER
            else (Decision.Kind.SIGN_OFF, "Sign off the plan")
        )
        self.fields["decision"].choices = [
            agree,
            (Decision.Kind.RETURN, "Return it to the coordinator, with reasons"),
        ]

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.Kind.RETURN and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the plan is returned.")
        return data


class ReconsiderationRequestForm(NHSUKFormMixin, forms.Form):
    reasons = forms.CharField(
        label="The person’s reasons",
        widget=_textarea(5),
        help_text="In their words, why the decision should be looked at again",
    )


class ReconsiderationAnswerForm(NHSUKFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Your answer", choices=Reconsideration.Outcome.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(label="Reasons for the answer", widget=_textarea(5))
