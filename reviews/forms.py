"""The review form: one rating per outcome and one 'spent so far' per line of the plan."""

from django import forms
from django.utils import timezone

from common.date_input import DateInputField
from common.forms import NHSUKFormMixin
from costing.core.years import FinancialYear
from costing.forms import FinancialYearField, MoneyField
from reviews.models import OutcomeProgress, Review

TAPER_YEARS = 3


class ReviewForm(NHSUKFormMixin, forms.Form):
    held_on = DateInputField(label="Date of the review")
    attendees = forms.CharField(
        label="Who attended", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    what_is_working = forms.CharField(
        label="What is working", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    what_is_not_working = forms.CharField(
        label="What is not working", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision = forms.ChoiceField(
        label="What the review decided",
        choices=Review.Decision.choices,
        widget=forms.RadioSelect,
    )
    decision_reason = forms.CharField(
        label="Reasons",
        help_text="Required to end the budget.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args, outcomes, lines, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.outcomes, self.lines = list(outcomes), list(lines)
        for outcome in self.outcomes:
            self.fields[f"rating_{outcome.pk}"] = forms.TypedChoiceField(
                label=f"Progress on “{outcome.in_their_words}”",
                choices=OutcomeProgress.Rating.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{outcome.pk}"] = forms.CharField(
                label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
        for priced in self.lines:
            field = MoneyField(
                label=f"Spent so far on “{priced.line.description}”",
                help_text=f"Planned: £{priced.cost.total:,.2f}",
                required=False,
            )
            field.widget.attrs["class"] = "nhsuk-input nhsuk-input--width-10"
            self.fields[f"spent_{priced.line.pk}"] = field
        this_year = FinancialYear.of(timezone.localdate())
        for n in range(TAPER_YEARS):
            self.fields[f"taper_year_{n}"] = FinancialYearField(
                label="Financial year",
                required=False,
                initial=FinancialYear(this_year.start_year + n).label,
            )
            self.fields[f"taper_amount_{n}"] = MoneyField(label="Budget", required=False)
        for field in self.fields.values():
            css, _ = self._classes_for(field.widget)
            if css and "class" not in field.widget.attrs:
                field.widget.attrs["class"] = css

    def rating_fields(self):
        return [(o, self[f"rating_{o.pk}"], self[f"comment_{o.pk}"]) for o in self.outcomes]

    def spent_fields(self):
        return [(p, self[f"spent_{p.line.pk}"]) for p in self.lines]

    def taper_fields(self):
        return [(self[f"taper_year_{n}"], self[f"taper_amount_{n}"]) for n in range(TAPER_YEARS)]


class CallReviewForm(NHSUKFormMixin, forms.Form):
    on = DateInputField(label="Date of the review")
    reason = forms.CharField(label="Why it is called", widget=forms.Textarea(attrs={"rows": 2}))
