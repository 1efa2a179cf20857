"""Forms for participants, their clusters, service use, direct payments and CSV imports.

They check the shape of what was typed; the services in ``participants.services``
decide, and their errors are shown on the fields they name.
"""

from django import forms
from django.core.exceptions import ValidationError

from common.date_input import DATE_INPUT_HINT, DateInputField
from common.forms import NHSUKFormMixin, no_such
from costing.forms import MoneyField, WholeNumberField
from costing.models import Cluster, Intervention
from participants import nhs_number
from participants.models import Participant
from participants.services import NO_SUCH_COORDINATOR, team_coordinators
from people.models import Team, User

MAX_IMPORT_BYTES = 5 * 1024 * 1024
CATEGORY_HINT = (
    "The group NHS England’s quarterly return of personal health budgets counts the person "
    "in. Most people a mental health team supports are “Mental health, including section "
    "117 aftercare”."
)


def _cluster_label(cluster: Cluster) -> str:
    return f"{cluster.number} – {cluster.name}"


class ParticipantForm(NHSUKFormMixin, forms.Form):
    """A person's details; on adding, their first cluster too."""

    nhs_number = forms.CharField(
        label="NHS number",
        max_length=20,
        help_text="10 digits, for example 485 777 3456",
    )
    given_name = forms.CharField(label="Given name", max_length=100)
    family_name = forms.CharField(label="Family name", max_length=100)
    date_of_birth = DateInputField(
        label="Date of birth", help_text="For example, 15 3 1984", autocomplete="bday"
    )
    address = forms.CharField(
        label="Address", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    care_coordinator = forms.ModelChoiceField(
        label="Care coordinator",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not yet chosen",
        error_messages=no_such(NO_SUCH_COORDINATOR),
    )
    phb_category = forms.ChoiceField(
        label="PHB category (for NHS England’s return)",
        choices=Participant.PhbCategory.choices,
        initial=Participant.PhbCategory.MENTAL_HEALTH,
        help_text=CATEGORY_HINT,
    )
    cohort = forms.ChoiceField(
        label="Evaluation cohort",
        choices=Participant.Cohort.choices,
        initial=Participant.Cohort.NONE,
    )
    representative = forms.CharField(
        label="Representative or nominee",
        max_length=200,
        required=False,
        help_text="Who manages the budget for the person, if not the person themselves.",
    )
    higher_financial_risk = forms.BooleanField(
        label="Higher financial risk",
        required=False,
        help_text="Rules out a direct payment: a third-party budget instead.",
    )
    cluster = forms.ModelChoiceField(
        label="Cluster",
        queryset=Cluster.objects.all(),
        required=False,
        empty_label="Not clustered yet",
    )
    cluster_start = DateInputField(
        label="In this cluster from",
        required=False,
        help_text="Leave blank for today. " + DATE_INPUT_HINT,
    )

    # The fields that are the person's details (the service's EDITABLE_FIELDS and the NHS number).
    detail_fields = (
        "nhs_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "address",
        "care_coordinator",
        "phb_category",
        "cohort",
        "representative",
        "higher_financial_risk",
    )

    def __init__(self, *args, team: Team | None, adding: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["care_coordinator"].queryset = team_coordinators(team)
        self.fields["care_coordinator"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.get_role_display()})"
        )
        self.fields["cluster"].label_from_instance = _cluster_label
        for name in ("nhs_number", "given_name", "family_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
            self.fields[name].widget.attrs["spellcheck"] = "false"
        self.fields["nhs_number"].widget.attrs["inputmode"] = "numeric"
        if not adding:
            del self.fields["cluster"]
            del self.fields["cluster_start"]

    def clean_nhs_number(self) -> str:
        """Checked here too, so that a mistyped number is shown with the other errors."""
        typed = self.cleaned_data["nhs_number"]
        try:
            nhs_number.normalise(typed)
        except nhs_number.NHSNumberError as error:
            raise ValidationError(str(error), code="invalid_nhs_number") from None
        return typed

    @classmethod
    def initial_for(cls, participant: Participant) -> dict:
        initial = {name: getattr(participant, name) for name in cls.detail_fields}
        initial["nhs_number"] = participant.nhs_number_display
        return initial

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.detail_fields}


class ClusterAssignForm(NHSUKFormMixin, forms.Form):
    cluster = forms.ModelChoiceField(
        label="New cluster", queryset=Cluster.objects.all(), empty_label="Choose a cluster"
    )
    start = DateInputField(
        label="In this cluster from",
        error_messages={"required": "Enter the date they are in this cluster from"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].label_from_instance = _cluster_label


class ServiceUseForm(NHSUKFormMixin, forms.Form):
    intervention = forms.ModelChoiceField(
        label="Intervention",
        queryset=Intervention.objects.all(),
        empty_label="Choose an intervention",
    )
    date = DateInputField(
        label="Date", error_messages={"required": "Enter the date of the service"}
    )
    quantity = WholeNumberField(
        label="Quantity",
        min_value=1,
        help_text="Contacts, or bed days for an inpatient stay",
        error_messages={
            "min_value": "The quantity must be a whole number more than 0.",
            "invalid": "The quantity must be a whole number more than 0.",
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["intervention"].label_from_instance = lambda i: (
            f"{i.name} (per {i.get_unit_display()})"
        )
        self.fields["quantity"].widget = forms.TextInput(
            attrs={"class": "nhsuk-input nhsuk-input--width-4", "inputmode": "numeric"}
        )


class DirectPaymentForm(NHSUKFormMixin, forms.Form):
    date = DateInputField(
        label="Date paid", error_messages={"required": "Enter the date it was paid"}
    )
    amount = MoneyField(label="Amount", help_text="In pounds and pence, for example 3800.00")
    description = forms.CharField(
        label="What it was for",
        max_length=200,
        help_text="For example, gym membership or a college course",
    )


class ImportForm(NHSUKFormMixin, forms.Form):
    """A CSV file, uploaded or pasted."""

    text_checked_elsewhere = ("text",)  # row by row, with the line at fault

    file = forms.FileField(label="Upload a CSV file", required=False)
    text = forms.CharField(
        label="Or paste the rows",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        strip=False,
    )

    def __init__(self, *args, columns: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"The first row names the columns: {columns}"
        self.fields["file"].widget.attrs["accept"] = ".csv,text/csv"
        self.fields["file"].widget.attrs["class"] = "nhsuk-file-upload__input"
        self.fields["text"].help_text = f"Start with the header row: {columns}"

    def full_clean(self) -> None:
        super().full_clean()
        self.fields["file"].widget.attrs["class"] = "nhsuk-file-upload__input"

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                self.add_error("file", "The file must be smaller than 5 MB.")
                return cleaned
            try:
                cleaned["csv_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "The file must be a CSV file saved as UTF-8 text.")
            return cleaned
        if not (cleaned.get("text") or "").strip():
            self.add_error("file", "Choose a CSV file to upload, or paste its rows.")
            return cleaned
        cleaned["csv_text"] = cleaned["text"]
        return cleaned


class TransferAskForm(NHSUKFormMixin, forms.Form):
    """Ask for a person another team holds: by their NHS number only."""

    nhs_number = forms.CharField(
        label="The person’s NHS number",
        max_length=20,
        help_text="10 digits, for example 485 777 3456. The team that holds the person sees "
        "your request; you see the person once they agree.",
    )
    reason = forms.CharField(
        label="Why the person is moving to your team",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, they have moved into your area",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        attrs = self.fields["nhs_number"].widget.attrs
        attrs.update({"autocomplete": "off", "spellcheck": "false", "inputmode": "numeric"})
        attrs["class"] = "nhsuk-input nhsuk-input--width-10"


class TransferDecisionForm(NHSUKFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("agree", "Agree: the person moves to the asking team, with their plans"),
            ("refuse", "Refuse, with your reasons"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you refuse: the asking team reads them",
    )
