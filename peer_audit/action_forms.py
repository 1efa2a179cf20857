"""The team's action on a question not met or partly met: what it will do, and by when (an
NHS.UK date input: day, month and year in three boxes)."""

from django import forms
from django.utils.html import format_html

from common.date_input import DateInputField
from common.forms import NHSUKFormMixin


class ActionForm(NHSUKFormMixin, forms.Form):
    """One question's action; its fields are named for the question (``prefix``), so that a
    page of several questions has one form each."""

    action = forms.CharField(
        label="What the team will do",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what the team will do"},
    )
    due = DateInputField(label="Due by", error_messages={"required": "Enter the date it is due by"})

    def __init__(self, *args, position: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        about = format_html('<span class="nhsuk-u-visually-hidden"> (question {})</span>', position)
        self.fields["action"].label = format_html("What the team will do{}", about)
        self.fields["due"].label = format_html("Due by{}", about)
