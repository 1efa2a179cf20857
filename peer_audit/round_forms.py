"""A commissioner's forms: the checklist (its questions and pass rule), a new round, and
giving an audit to another reviewer. Forms check the shape of what was typed; the
services in ``peer_audit.rounds`` decide."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from common.date_input import DateInputField
from common.forms import NHSUKFormMixin, no_such
from costing.forms import WholeNumberField
from peer_audit.models import AuditRound, Checklist
from peer_audit.results import question_key

# -- The checklist ------------------------------------------------------------------------------


class ChecklistSettingsForm(NHSUKFormMixin, forms.Form):
    min_met_percent = forms.DecimalField(
        label="Questions met to pass",
        error_messages={"required": "Enter the percentage of questions met to pass"},
        help_text="Per cent of the questions that apply to the plan, for example 80",
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )
    no_not_met = forms.BooleanField(label="A plan with any question not met fails", required=False)
    show_reviewer_to_team = forms.BooleanField(
        label="Show teams who audited their plans",
        help_text="Otherwise a team sees the findings but never who the reviewer was.",
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["min_met_percent"].widget.attrs.update(
            {"class": "nhsuk-input nhsuk-input--width-4", "inputmode": "decimal"}
        )

    @classmethod
    def of(cls, checklist: Checklist) -> "ChecklistSettingsForm":
        return cls(
            initial={
                "min_met_percent": checklist.min_met_percent.normalize(),
                "no_not_met": checklist.no_not_met,
                "show_reviewer_to_team": checklist.show_reviewer_to_team,
            }
        )


class QuestionForm(NHSUKFormMixin, forms.Form):
    text = forms.CharField(label="Question", max_length=300, required=False)
    guidance = forms.CharField(
        label="Guidance for the reviewer",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("guidance", "").strip() and not data.get("text", "").strip():
            self.add_error("text", "Write the question, or clear its guidance to leave it out")
        return data


class BaseQuestionFormSet(forms.BaseFormSet):
    """The questions in the order given by their numbers (a blank row is left out, a
    ticked one removed); at least one, and none asked twice."""

    def questions(self) -> list[tuple[str, str]]:
        return [
            (form.cleaned_data["text"].strip(), form.cleaned_data["guidance"].strip())
            for form in self.ordered_forms
            if form.cleaned_data.get("text", "").strip()
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            text = form.cleaned_data.get("text", "").strip()
            if not text:
                continue
            if question_key(text) in seen:
                form.add_error("text", "This question is on the checklist already")
                continue
            seen.add(question_key(text))
        if not seen and not any(self.errors):
            raise ValidationError("A checklist needs at least one question")


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=3,
    can_order=True,
    can_delete=True,
    max_num=60,
    validate_max=True,
)


def question_formset(data=None, questions: list[tuple[str, str]] | None = None):
    initial = None if data is not None else [{"text": t, "guidance": g} for t, g in questions or []]
    formset = QuestionFormSet(data, prefix="questions", initial=initial)
    for form in formset:
        form.fields["ORDER"].label = "Number"
        form.fields["ORDER"].widget.attrs.update(
            {"class": "nhsuk-input nhsuk-input--width-2", "inputmode": "numeric"}
        )
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this question"
            form.fields["DELETE"].widget.attrs["class"] = "nhsuk-checkboxes__input"
    return formset


# -- Rounds ------------------------------------------------------------------------------------


class RoundForm(NHSUKFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the round", max_length=200, help_text="For example, Q4 2012-13"
    )
    basis = forms.ChoiceField(
        label="Which plans qualify",
        choices=AuditRound.Basis.choices,
        initial=AuditRound.Basis.APPROVED,
        widget=forms.RadioSelect,
    )
    period_start = DateInputField(
        label="The period starts on",
        error_messages={"required": "Enter the day the period starts"},
    )
    period_end = DateInputField(
        label="The period ends on", error_messages={"required": "Enter the day the period ends"}
    )
    sample_percent = forms.DecimalField(
        label="Sample per team",
        help_text="Per cent of each team’s qualifying plans, rounded up",
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("10"),
    )
    minimum_per_team = WholeNumberField(
        label="At least this many per team",
        error_messages={"required": "Enter the least number of plans to sample per team"},
        help_text="All of a team’s plans if fewer qualify",
        min_value=0,
        max_value=1000,
        initial=2,
    )
    include_over_limit = forms.BooleanField(
        label="Always include plans a commissioner approved above the 15% limit", required=False
    )
    include_direct_payment = forms.BooleanField(
        label="Always include plans with a direct payment", required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, mode in (("sample_percent", "decimal"), ("minimum_per_team", "numeric")):
            self.fields[name].widget.attrs.update(
                {"class": "nhsuk-input nhsuk-input--width-4", "inputmode": mode}
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period ends on or after the day it starts")
        return data


class ReassignForm(NHSUKFormMixin, forms.Form):
    reviewer = forms.ModelChoiceField(
        label="Peer reviewer",
        queryset=None,
        empty_label="Choose a reviewer",
        error_messages={
            "required": "Choose a peer reviewer",
            **no_such("Choose a peer reviewer of your organisation"),
        },
    )

    def __init__(self, *args, reviewers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = _reviewer_label


def _reviewer_label(reviewer) -> str:
    home = f" (home team: {reviewer.home_team.name})" if reviewer.home_team_id else ""
    return f"{reviewer}{home}"
