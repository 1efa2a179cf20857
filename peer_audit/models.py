"""Peer audit: checklist versions, rounds drawn from approved plans, the audits of the
sampled plans with their answers, and the actions teams record on what was not met."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from careplans.models import CarePlan, CarePlanVersion
from common.care_data import NOT_CARE_DATA, about_a_person
from peer_audit.core.checklist import Answer, PassRule, Rating
from people.models import Organisation, Team


class Checklist(models.Model):
    """One version of an organisation's checklist: its questions and its pass rule.

    A version never changes once made: editing the checklist makes the next version, and a
    round keeps the version it started with.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="audit_checklists"
    )
    version = models.PositiveIntegerField()
    min_met_percent = models.DecimalField(
        "questions met to pass (per cent of those that apply)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    no_not_met = models.BooleanField("a plan with any question not met fails", default=True)
    show_reviewer_to_team = models.BooleanField(
        "show teams who audited their plans",
        default=False,
        help_text="Otherwise a team sees the findings but never who the reviewer was.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    care_data = NOT_CARE_DATA

    class Meta:
        ordering = ["organisation_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "version"], name="one_checklist_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"Checklist version {self.version}"

    @property
    def pass_rule(self) -> PassRule:
        return PassRule(min_met_share=self.min_met_percent / 100, no_not_met=self.no_not_met)


class Question(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    care_data = NOT_CARE_DATA

    class Meta:
        ordering = ["checklist_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "position"], name="one_question_per_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class AuditRound(models.Model):
    """A commissioner's round of audits: which plans qualify, how many are drawn, and the
    seed and populations that let anyone check the draw later."""

    class Basis(models.TextChoices):
        APPROVED = "approved", "Plans approved in the period"
        REVIEWED = "reviewed", "Plans reviewed in the period"

    class Status(models.TextChoices):
        OPEN = "open", "Not drawn yet"
        DRAWN = "drawn", "Drawn"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="audit_rounds"
    )
    name = models.CharField(max_length=200)
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="rounds")
    basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.APPROVED)
    period_start = models.DateField()
    period_end = models.DateField()
    sample_percent = models.DecimalField(
        "sample per team (per cent)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    minimum_per_team = models.PositiveSmallIntegerField(
        "at least this many per team (all if fewer qualify)", default=2
    )
    include_over_limit = models.BooleanField(
        "always include plans a commissioner approved above the 15% limit", default=False
    )
    include_direct_payment = models.BooleanField(
        "always include plans with a direct payment", default=False
    )
    seed = models.CharField(max_length=32, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    population = models.JSONField(
        default=list,
        blank=True,
        help_text="Per team, the plans that qualified and were always included, as drawn.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    drawn_at = models.DateTimeField(null=True, blank=True)
    care_data = NOT_CARE_DATA
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="round_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PeerAudit(models.Model):
    """One sampled plan version in a round, audited by one peer reviewer.

    Its id is random: it is the only id a reviewer ever sees, and it tells nothing of the
    person, plan or version behind it. ``revision`` counts saves, as a draft's does.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SUBMITTED = "submitted", "Submitted"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(AuditRound, on_delete=models.PROTECT, related_name="audits")
    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="peer_audits")
    version = models.ForeignKey(
        CarePlanVersion, on_delete=models.PROTECT, related_name="peer_audits"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="+", help_text="The team when drawn."
    )
    always_included = models.BooleanField(default=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="peer_audits",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    revision = models.PositiveIntegerField(default=1)
    overall_rating = models.CharField(
        max_length=20, choices=[(r.value, r.value) for r in Rating], blank=True
    )
    summary = models.TextField("overall comments", blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    care_data = about_a_person("plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["round_id", "team_id", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "plan"], name="one_audit_per_plan_in_round")
        ]
        indexes = [models.Index(fields=["reviewer", "status"])]

    def __str__(self) -> str:
        return f"Peer audit {str(self.pk)[:8]}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AuditAnswer(models.Model):
    audit = models.ForeignKey(PeerAudit, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=20, choices=[(a.value, a.value) for a in Answer])
    comment = models.TextField(blank=True)
    care_data = about_a_person("audit__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit_id", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"


class AuditAction(models.Model):
    """What the plan's team will do about a question not met or partly met, and by when."""

    audit = models.ForeignKey(PeerAudit, on_delete=models.CASCADE, related_name="actions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    action = models.TextField("what the team will do")
    due = models.DateField("due by")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    care_data = about_a_person("audit__plan__participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["audit_id", "question__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "question"], name="one_action_per_question")
        ]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def is_open(self) -> bool:
        return self.done_at is None
