"""The plan's contents, its outcomes and risks, and confirming a part's removal."""

from typing import Any

from django import forms

from budgets.models import IndicativeBudget
from careplans.choices import MANAGEMENT_HINTS
from careplans.drafting import DRAFT_FIELDS, NO_SUCH_BUDGET
from careplans.forms.base import DraftForm, textarea
from careplans.models import CarePlanVersion, ManagedBy, ManagementOption, OutcomeCategory
from common.date_input import DATE_INPUT_HINT, DateInputField
from common.forms import no_such
from costing.core.money import format_pounds
from participants.models import Participant
from participants.services import NO_SUCH_COORDINATOR, team_coordinators
from people.models import User


class HintedRadioSelect(forms.RadioSelect):
    """Radios with a hint under each (``option.data.hint`` in the field's template)."""

    def __init__(self, hints: dict[str, str], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hints = hints

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        return option


class PlanContentsForm(DraftForm):
    """What the plan says. Nothing is required to save a draft; submitting needs it all."""

    what_matters_to_person = forms.CharField(
        label="What matters to the person, in their own words",
        required=False,
        widget=textarea(5),
    )
    what_matters_for_health = forms.CharField(
        label="What matters for their health", required=False, widget=textarea(4)
    )
    contingency_plan = forms.CharField(
        label="Contingency or crisis plan",
        required=False,
        widget=textarea(4),
        help_text="What happens, and who to call, if things go wrong",
    )
    management_option = forms.ChoiceField(
        label="How the budget is managed",
        required=False,
        choices=ManagementOption.choices,
        widget=HintedRadioSelect(MANAGEMENT_HINTS),
        template_name="careplans/_hinted_radios.html",
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
        error_messages=no_such(NO_SUCH_COORDINATOR),
    )
    health_monitored_by = forms.CharField(
        label="Who monitors the person’s health",
        required=False,
        max_length=200,
        help_text="For example, their GP and their care coordinator",
    )
    start_date = DateInputField(
        label="Date the plan starts",
        required=False,
        help_text="Clinical lines are priced at the tariff in force on this date. "
        + DATE_INPUT_HINT,
    )
    first_review_date = DateInputField(
        label="Date of the first review",
        required=False,
        help_text="Within 3 months of the start. " + DATE_INPUT_HINT,
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
        error_messages=no_such(NO_SUCH_BUDGET),
    )

    CONTENT_FIELDS = DRAFT_FIELDS

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
        label="The outcome, in the person’s own words", widget=textarea(3)
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *OutcomeCategory.choices],
        help_text="The list of outcomes the pilot’s participants chose",
    )
    success_looks_like = forms.CharField(
        label="What success looks like", required=False, widget=textarea(3)
    )
    not_working_signs = forms.CharField(
        label="Signs that it is not working", required=False, widget=textarea(3)
    )
    persons_part = forms.CharField(
        label="What the person will do", required=False, widget=textarea(3)
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
    risk = forms.CharField(label="The risk", widget=textarea(3))
    how_managed = forms.CharField(label="How it is managed", widget=textarea(3))
    managed_by = forms.CharField(
        label="By whom", max_length=200, error_messages={"required": "Enter who manages it"}
    )

    FIELDS = ("risk", "how_managed", "managed_by")

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class RemoveForm(DraftForm):
    """Confirm removing an outcome, a risk or a line."""
