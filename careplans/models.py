"""Care plans: versions of a whole plan, its outcomes, risks and spending lines, and the
decisions taken on it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from budgets.models import IndicativeBudget
from careplans.choices import (  # noqa: F401  (imported from here across the service)
    DECIDED,
    FrequencyChoice,
    FundingRoute,
    ManagedBy,
    ManagementOption,
    OutcomeCategory,
    PlanStatus,
    PurchaseCategory,
    RestrictionChoice,
)
from common.care_data import about_a_person
from costing.models import Intervention
from participants.models import Participant


class CarePlan(models.Model):
    """A person's care plan. What it says lives in its versions; each version is whole."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="care_plans"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    review_due = models.DateField(null=True, blank=True)
    review_due_rule = models.CharField(
        max_length=200, blank=True, help_text="Which rule set the date the next review is due."
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.TextField(blank=True)
    care_data = about_a_person("participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Care plan {self.pk} for {self.participant}"


class CarePlanVersion(models.Model):
    """One whole version of a care plan. A draft changes; once submitted it never does.

    ``revision`` counts the saves of a draft: a save names the revision it
    started from, and is refused if someone saved in between.
    """

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    revision = models.PositiveIntegerField(default=1)

    what_matters_to_person = models.TextField(
        "what matters to the person, in their words", blank=True
    )
    what_matters_for_health = models.TextField("what matters for their health", blank=True)
    contingency_plan = models.TextField("contingency or crisis plan", blank=True)
    management_option = models.CharField(
        max_length=20, choices=ManagementOption.choices, blank=True
    )
    managed_by = models.CharField(max_length=20, choices=ManagedBy.choices, blank=True)
    care_coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    health_monitored_by = models.CharField(
        "who monitors the person’s health", max_length=200, blank=True
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="Clinical lines are priced at the tariff in force on this date.",
    )
    first_review_date = models.DateField(null=True, blank=True)
    first_review_arrangements = models.CharField(
        "how the first review will be held", max_length=200, blank=True
    )
    reduction_notice = models.CharField(
        "notice before any reduction of the budget", max_length=200, blank=True
    )
    review_dates = models.CharField("later review dates", max_length=200, blank=True)
    indicative_budget = models.ForeignKey(
        IndicativeBudget, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_edited_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        blank=True,
        help_text="Everyone who drafted, edited or submitted this version (four eyes).",
    )
    route = models.CharField(max_length=12, blank=True)
    submitted_total = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    submitted_indicative = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    care_data = about_a_person("plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_version"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "submitted"]),
                name="one_open_version_per_plan",
            ),
        ]
        indexes = [models.Index(fields=["status", "route", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.plan} version {self.number}"

    def save(self, *args, **kwargs) -> None:
        """A version once submitted is frozen; only submitting and deciding (the
        services, on a locked row) change its status."""
        if self.pk is not None and not getattr(self, "_changing_status", False):
            stored = (
                CarePlanVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
            if stored is not None and stored != PlanStatus.DRAFT:
                raise ValidationError("This version has been submitted: it cannot change.")
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class FrozenWhenSubmitted(models.Model):
    """A part of a version (outcome, risk, line): changed only while the version is a draft."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_draft()
        return super().delete(*args, **kwargs)

    def _check_draft(self) -> None:
        status = (
            CarePlanVersion.objects.filter(pk=self.version_id)
            .values_list("status", flat=True)
            .first()
        )
        if status is not None and status != PlanStatus.DRAFT:
            raise ValidationError("This version has been submitted: it cannot change.")


class Outcome(FrozenWhenSubmitted):
    version = models.ForeignKey(CarePlanVersion, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(default=0)
    in_their_words = models.TextField("the outcome, in the person’s words")
    category = models.CharField(max_length=20, choices=OutcomeCategory.choices)
    success_looks_like = models.TextField("what success looks like", blank=True)
    not_working_signs = models.TextField("signs that it is not working", blank=True)
    persons_part = models.TextField("what the person will do", blank=True)
    care_data = about_a_person("version__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "position", "pk"]

    def __str__(self) -> str:
        return self.in_their_words[:80]


class Risk(FrozenWhenSubmitted):
    version = models.ForeignKey(CarePlanVersion, on_delete=models.CASCADE, related_name="risks")
    position = models.PositiveSmallIntegerField(default=0)
    risk = models.TextField()
    how_managed = models.TextField("how it is managed")
    managed_by = models.CharField("by whom", max_length=200)
    care_data = about_a_person("version__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["version_id", "position", "pk"]

    def __str__(self) -> str:
        return self.risk[:80]


class SpendingLine(FrozenWhenSubmitted):
    """A line of the spending plan: clinical (an intervention at tariff) or a purchase."""

    class Kind(models.TextChoices):
        CLINICAL = "clinical", "Clinical"
        PURCHASE = "purchase", "Purchase"

    version = models.ForeignKey(CarePlanVersion, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.CharField(max_length=200)
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.CharField(max_length=20, choices=PurchaseCategory.choices, blank=True)
    provider = models.CharField(max_length=200, blank=True)
    unit_cost = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField()
    frequency = models.CharField(max_length=10, choices=FrequencyChoice.choices)
    funding_route = models.CharField(max_length=20, choices=FundingRoute.choices)
    restriction = models.CharField(
        "prohibited spend", max_length=20, choices=RestrictionChoice.choices, blank=True
    )
    is_contingency = models.BooleanField("contingency", default=False)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="lines")
    care_data = about_a_person("version__plan__participant")
    history = HistoricalRecords(m2m_fields=[outcomes])

    class Meta:
        ordering = ["version_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_cost__gt=0), name="line_unit_cost_above_zero"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="line_quantity_above_zero"),
            models.CheckConstraint(
                condition=Q(kind="purchase") | Q(intervention__isnull=False, frequency="yearly"),
                name="clinical_line_is_a_years_intervention",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class Decision(models.Model):
    """A sign-off, an approval or a return, on one version: who, when, why."""

    class Kind(models.TextChoices):
        SIGN_OFF = "sign_off", "Signed off"
        APPROVE = "approve", "Approved"
        RETURN = "return", "Returned"

    version = models.OneToOneField(
        CarePlanVersion, on_delete=models.PROTECT, related_name="decision"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    care_data = about_a_person("version__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}"


class Reconsideration(models.Model):
    """A person's request that a decision be looked at again, and the answer: a plan
    returned (``decision``) or a budget reduced at a review (``review``)."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "The decision stands"
        CHANGED = "changed", "The decision is changed"

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="reconsiderations"
    )
    review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reconsiderations",
    )
    reasons = models.TextField("the person’s reasons")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    care_data = about_a_person("decision__version__plan__participant", "review__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False, review__isnull=True)
                | Q(decision__isnull=True, review__isnull=False),
                name="reconsiders_a_decision_or_a_review",
            )
        ]

    def __str__(self) -> str:
        return f"Reconsideration of {self.decision or self.review}"

    @property
    def plan(self) -> CarePlan:
        return self.decision.version.plan if self.decision_id else self.review.plan

    @property
    def decided_by_id(self) -> int:
        """Who took what is being reconsidered (they may not answer it)."""
        return self.decision.decided_by_id if self.decision_id else self.review.recorded_by_id
