"""The people a team supports, their cluster history and the care they use."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.care_data import about_a_person
from costing.models import Cluster, Intervention, TariffPrice
from participants import nhs_number
from people.models import TEAM_ROLES, Team


def validate_nhs_number(value: str) -> None:
    try:
        nhs_number.normalise(value)
    except nhs_number.NHSNumberError as error:
        raise ValidationError(str(error), code="invalid_nhs_number") from None


class Participant(models.Model):
    """A person known to a team, who may hold a personal health budget."""

    class PhbCategory(models.TextChoices):
        """The categories of NHS England's quarterly return of personal health budgets, in
        the return's order."""

        CONTINUING_HEALTHCARE = "continuing_healthcare", "NHS Continuing Healthcare"
        FAST_TRACK = "fast_track", "Adult fast track"
        WHEELCHAIR = "wheelchair", "Personal wheelchair budget"
        EHCP = "ehcp", "Children’s education, health and care plan"
        LEARNING_DISABILITY_AUTISM = "learning_disability_autism", "Learning disability and autism"
        MENTAL_HEALTH = "mental_health", "Mental health, including section 117 aftercare"
        OTHER = "other", "Other"

    class Cohort(models.TextChoices):
        BUDGET_HOLDER = "budget_holder", "Budget holder"
        CONTROL = "control", "Control group"
        NONE = "none", "None"

    nhs_number = models.CharField(
        "NHS number", max_length=10, unique=True, validators=[validate_nhs_number]
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    address = models.TextField(blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="participants")
    care_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="caseload",
        null=True,
        blank=True,
    )
    phb_category = models.CharField(
        "PHB category",
        max_length=30,
        choices=PhbCategory.choices,
        default=PhbCategory.MENTAL_HEALTH,
        help_text="The category NHS England’s quarterly return counts the person under.",
    )
    cohort = models.CharField(max_length=20, choices=Cohort.choices, default=Cohort.NONE)
    representative = models.CharField(
        "representative or nominee",
        max_length=200,
        blank=True,
        help_text="Who manages the budget for the person, if not the person themselves.",
    )
    higher_financial_risk = models.BooleanField(
        default=False,
        help_text="Rules out a direct payment: a third-party budget instead.",
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The current cluster, kept in step with the cluster history.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    care_data = about_a_person("")  # the person themself
    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        indexes = [models.Index(fields=["team", "family_name"]), models.Index(fields=["cohort"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self) -> str:
        return nhs_number.display(self.nhs_number)

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class ClusterAssignment(models.Model):
    """A period in one cluster: the history of a person's clusters, never overwritten."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="cluster_history"
    )
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="assignments")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    care_data = about_a_person("participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["participant_id", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(end__isnull=True),
                name="one_current_cluster",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="cluster_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Cluster {self.cluster.number} from {self.start}"


class ServiceEvent(models.Model):
    """Contacts or bed days of one intervention on one date.

    ``tariff_price`` is the price in force on the date, fixed when the event
    is recorded: a later price never rewrites it, and a price that events use
    cannot be changed.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="service_events"
    )
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="+")
    tariff_price = models.ForeignKey(TariffPrice, on_delete=models.PROTECT, related_name="events")
    date = models.DateField()
    quantity = models.PositiveIntegerField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    care_data = about_a_person("participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["participant", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="event_quantity_above_zero")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.intervention.code} on {self.date}"


class DirectPayment(models.Model):
    """Money paid to the person (or for them) for alternative goods and services."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="direct_payments"
    )
    date = models.DateField()
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    description = models.CharField(max_length=200)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now_add=True)
    care_data = about_a_person("participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["participant", "date"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="direct_payment_above_zero")
        ]

    def __str__(self) -> str:
        return f"£{self.amount} on {self.date}"


class TransferRequest(models.Model):
    """A team asks to take over the care of a person another team of the organisation holds.

    The asking team names the person only by the NHS number it typed and sees nothing of
    them (nor which team holds them) until the holding team agrees. A facilitator of the
    holding team, or a commissioner of the organisation, agrees or refuses with a reason;
    agreeing moves the person, and all that hangs on them, to the asking team.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a decision"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"
        LAPSED = "lapsed", "Lapsed: the person moved to another team"

    nhs_number = models.CharField("NHS number", max_length=10)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="transfer_requests"
    )
    holding_team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        related_name="transfers_out",
        help_text="The team that held the person when the transfer was asked for.",
    )
    asking_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="transfers_in")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    history = HistoricalRecords()
    care_data = about_a_person("participant")

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [
            models.Index(fields=["holding_team", "status"]),
            models.Index(fields=["asking_team", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "asking_team"],
                condition=Q(status="waiting"),
                name="one_waiting_transfer_per_asking_team",
            ),
            models.CheckConstraint(
                condition=~Q(holding_team=F("asking_team")),
                name="transfer_between_two_teams",
            ),
        ]

    def __str__(self) -> str:
        return f"Transfer of {self.nhs_number_display} ({self.get_status_display()})"

    @property
    def nhs_number_display(self) -> str:
        return nhs_number.display(self.nhs_number)

    @property
    def asker_can_coordinate(self) -> bool:
        """Whoever asked still works in the asking team, and so coordinates the person."""
        asker = self.asked_by
        return asker.is_active and asker.role in TEAM_ROLES and asker.team_id == self.asking_team_id
