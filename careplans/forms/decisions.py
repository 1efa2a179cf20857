"""Deciding a plan, and asking for and answering a reconsideration."""

from django import forms

from careplans.forms.base import textarea
from careplans.models import Decision, Reconsideration
from common.forms import NHSUKFormMixin
from people.models import Role, User


class DecisionForm(NHSUKFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reasons for returning",
        required=False,
        widget=textarea(4),
        help_text="Say what must change: the coordinator sees this with the new draft",
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
            (Decision.Kind.RETURN, "Return it to the coordinator"),
        ]

    def clean(self):
        """Reasons are needed only to return the plan (and kept only then)."""
        data = super().clean()
        if data.get("decision") == Decision.Kind.RETURN:
            if not data.get("reason", "").strip():
                self.add_error("reason", "Say why the plan is returned.")
        elif "reason" in data:
            data["reason"] = ""
        return data


class ReconsiderationRequestForm(NHSUKFormMixin, forms.Form):
    reasons = forms.CharField(
        label="The person’s reasons",
        widget=textarea(5),
        help_text="In their words, why the decision should be looked at again",
    )


class ReconsiderationAnswerForm(NHSUKFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Your answer", choices=Reconsideration.Outcome.choices, widget=forms.RadioSelect
    )
    answer = forms.CharField(label="Reasons for the answer", widget=textarea(5))
