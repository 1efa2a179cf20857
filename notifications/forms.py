from django import forms

from common.forms import NHSUKFormMixin


class EmailPreferenceForm(NHSUKFormMixin, forms.Form):
    send_email = forms.BooleanField(
        label="Email me my notifications",
        required=False,
        help_text="An email says what happened and links here; it holds no personal data.",
    )
