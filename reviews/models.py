"""Reviews of approved plans, budget tapers agreed at them, and review packs (PDFs)."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from budgets.models import IndicativeBudget
from careplans.models import CarePlan, CarePlanVersion, Outcome, SpendingLine
from common.care_data import about_a_person


class Review(models.Model):
    """A review meeting: progress on each outcome, spending against plan, and a decision."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue as planned"
        AMEND = "amend", "Amend the plan (a new draft version)"
        CHANGE_BUDGET = "change_budget", "Change the budget"
        END = "end", "End the budget"

    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(CarePlanVersion, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    due_on = models.DateField(
        null=True,
        blank=True,
        help_text="The date the review was due when it was held (the plan's review date "
        "then): on time if held by it.",
    )
    attendees = models.TextField("who attended")
    what_is_working = models.TextField(blank=True)
    what_is_not_working = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decision_reason = models.TextField(blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    next_review_rule = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    care_data = about_a_person("plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.held_on}"


class OutcomeProgress(models.Model):
    class Rating(models.IntegerChoices):
        WORSE = 1, "Further away"
        NO_CHANGE = 2, "No change yet"
        SOME = 3, "Some progress"
        GOOD = 4, "Good progress"
        ACHIEVED = 5, "Achieved"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="progress")
    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(
        choices=Rating.choices, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)
    care_data = about_a_person("review__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "outcome__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "outcome"], name="one_rating_per_outcome")
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.outcome}"


class SpendingProgress(models.Model):
    """Spending against plan for one line: what was planned for the year, what is spent."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="spending")
    line = models.ForeignKey(SpendingLine, on_delete=models.PROTECT, related_name="+")
    planned = models.DecimalField(max_digits=12, decimal_places=2)
    spent = models.DecimalField("spent so far", max_digits=12, decimal_places=2)
    care_data = about_a_person("review__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "line__position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(spent__gte=0), name="spent_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: £{self.spent} of £{self.planned}"


class BudgetChange(models.Model):
    """One year of a budget change agreed at a review: a taper is several of these
    (£5,000, then £4,000, then £2,000), each kept as the indicative budget of its year."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="budget_changes")
    year = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    indicative_budget = models.OneToOneField(
        IndicativeBudget, on_delete=models.PROTECT, related_name="+"
    )
    care_data = about_a_person("review__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["review", "year"], name="one_change_per_year")
        ]

    def __str__(self) -> str:
        return f"£{self.amount} in {self.year}"


class ReviewPack(models.Model):
    """A PDF for the review meeting of one plan version (and review), rendered by a worker.

    ``key`` names what the pack is of; while one pack of a key is queued,
    rendering or ready, asking again returns it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    LIVE = (Status.QUEUED, Status.RENDERING, Status.READY)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.ForeignKey(CarePlanVersion, on_delete=models.PROTECT, related_name="packs")
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, null=True, blank=True, related_name="packs"
    )
    key = models.CharField(max_length=60, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a worker is due to take it, if not when it was asked for: after a "
        "failed render's wait, or when it was sent again.",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    renders = models.PositiveIntegerField(default=0, help_text="Renders started (retries too).")
    last_error = models.TextField(blank=True)
    file_name = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    content_hash = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    care_data = about_a_person("version__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["queued", "rendering", "ready"]),
                name="one_live_pack_per_version_and_review",
            )
        ]

    def __str__(self) -> str:
        review = f", review of {self.review.held_on}" if self.review_id else ""
        return f"Review pack of {self.version}{review}"

    @staticmethod
    def key_for(version: CarePlanVersion, review: Review | None) -> str:
        return f"{version.pk}:{review.pk if review else 0}"

    @property
    def download_name(self) -> str:
        """No personal data in the file name: it may end up in a shared downloads folder."""
        return f"review-pack-plan-{self.version.plan_id}-v{self.version.number}.pdf"
