from rest_framework import serializers

from budgets.models import IndicativeBudget
from careplans.drafting import DRAFT_FIELDS, NO_SUCH_BUDGET, NO_SUCH_OUTCOME
from careplans.models import (
    CarePlan,
    CarePlanVersion,
    Decision,
    Outcome,
    Reconsideration,
    Risk,
    SpendingLine,
)
from common.api import RecordField, ScopedPrimaryKeyField, requesting_user
from costing.models import Intervention
from costing.serializers import MONEY, PERCENT
from participants.models import Participant
from participants.services import (
    NO_SUCH_COORDINATOR,
    NO_SUCH_PERSON,
    participants_visible_to,
    team_coordinators,
)
from people.models import User

OPTIONAL_MONEY = {**MONEY, "allow_null": True}
NO_SUCH_REVIEW = "There is no such review of this plan."

# What an id sent in a body may name (``common.api.ScopedPrimaryKeyField``): the views put
# the draft (``version``), the person (``participant``) or the plan (``plan``) in the context.


def _on_the_caseload(people, context):
    user = requesting_user(context)
    return participants_visible_to(user) if user else people.none()


def _on_the_draft(outcomes, context):
    version = context.get("version")
    return outcomes.filter(version=version) if version else outcomes.none()


def _the_person_s_budgets(budgets, context):
    person = context.get("participant")
    return budgets.filter(participant=person) if person else budgets.none()


def _the_person_s_team(users, context):
    person = context.get("participant")
    return team_coordinators(person.team) if person else users.none()


def _reviews_of_the_plan(reviews, context):
    plan = context.get("plan")
    return plan.reviews.all() if plan else reviews.none()


class OutcomeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outcome
        fields = [
            "id",
            "in_their_words",
            "category",
            "success_looks_like",
            "not_working_signs",
            "persons_part",
        ]


class RiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = ["id", "risk", "how_managed", "managed_by"]


class LineCostSerializer(serializers.Serializer):
    per_week = serializers.DecimalField(**OPTIONAL_MONEY)
    per_year = serializers.DecimalField(**MONEY)
    one_off = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)


class SpendingLineSerializer(serializers.ModelSerializer):
    """A spending line. A clinical line's unit cost is the tariff on the plan's start date
    (read only); a purchase's unit cost is sent as a string with at most two decimals."""

    intervention = serializers.SlugRelatedField(
        slug_field="code", queryset=Intervention.objects, allow_null=True, required=False
    )
    unit_cost = serializers.CharField(required=False, help_text='e.g. "7.00"')
    quantity = serializers.IntegerField(min_value=1)
    frequency = serializers.ChoiceField(
        choices=SpendingLine._meta.get_field("frequency").choices, required=False
    )
    outcomes = ScopedPrimaryKeyField(
        many=True,
        queryset=Outcome.objects.all(),
        scope=_on_the_draft,
        message=NO_SUCH_OUTCOME,
        required=False,
    )
    cost = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta:
        model = SpendingLine
        fields = [
            "id",
            "kind",
            "description",
            "intervention",
            "category",
            "provider",
            "unit_cost",
            "quantity",
            "frequency",
            "funding_route",
            "restriction",
            "is_contingency",
            "outcomes",
            "cost",
            "problems",
        ]

    def to_representation(self, line):
        data = super().to_representation(line)
        data["unit_cost"] = f"{line.unit_cost:.2f}"
        return data

    def _priced(self, line):
        return self.context.get("priced", {}).get(line.pk)

    def get_cost(self, line) -> dict | None:
        priced = self._priced(line)
        return LineCostSerializer(priced.cost).data if priced else None

    def get_problems(self, line) -> list[str]:
        priced = self._priced(line)
        return priced.problems if priced else []


class TotalsSerializer(serializers.Serializer):
    per_week = serializers.DecimalField(**MONEY)
    per_year = serializers.DecimalField(**MONEY)
    one_off = serializers.DecimalField(**MONEY)
    contingency = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)
    indicative = serializers.DecimalField(**OPTIONAL_MONEY)
    remaining = serializers.DecimalField(**OPTIONAL_MONEY)
    limit = serializers.DecimalField(max_digits=None, decimal_places=3, allow_null=True)
    route = serializers.CharField(allow_null=True)
    percent_over = serializers.DecimalField(**PERCENT)


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = serializers.CharField(source="decided_by.username")
    version = serializers.IntegerField(source="version.number")

    class Meta:
        model = Decision
        fields = ["kind", "reason", "decided_by", "decided_at", "version"]


class VersionSerializer(serializers.ModelSerializer):
    """A whole version of the plan, with its spending plan priced and totalled."""

    serializer_related_field = RecordField

    outcomes = OutcomeSerializer(many=True, read_only=True)
    risks = RiskSerializer(many=True, read_only=True)
    lines = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    indicative_budget_amount = serializers.DecimalField(
        source="indicative_budget.amount", read_only=True, allow_null=True, **MONEY
    )
    drafted_by = serializers.CharField(source="drafted_by.username", read_only=True)
    last_edited_by = serializers.CharField(source="last_edited_by.username", read_only=True)
    care_coordinator = ScopedPrimaryKeyField(
        queryset=User.objects.all(),
        scope=_the_person_s_team,
        message=NO_SUCH_COORDINATOR,
        allow_null=True,
        required=False,
    )
    indicative_budget = ScopedPrimaryKeyField(
        queryset=IndicativeBudget.objects.all(),
        scope=_the_person_s_budgets,
        message=NO_SUCH_BUDGET,
        allow_null=True,
        required=False,
    )

    class Meta:
        model = CarePlanVersion
        fields = [
            "number",
            "status",
            "revision",
            *DRAFT_FIELDS,
            "indicative_budget_amount",
            "outcomes",
            "risks",
            "lines",
            "totals",
            "route",
            "submitted_at",
            "decision",
            "drafted_by",
            "last_edited_by",
            "last_edited_at",
        ]
        read_only_fields = ["number", "status", "revision", "route", "submitted_at"]

    def _plan(self, version):
        from careplans.pricing import spending_plan

        cache = self.context.setdefault("spending_plans", {})
        if version.pk not in cache:
            cache[version.pk] = spending_plan(version)
        return cache[version.pk]

    def get_lines(self, version) -> list[dict]:
        plan = self._plan(version)
        priced = {p.line.pk: p for p in plan.lines}
        return SpendingLineSerializer(
            [p.line for p in plan.lines], many=True, context={"priced": priced}
        ).data

    def get_totals(self, version) -> dict:
        return TotalsSerializer(self._plan(version).totals).data

    def get_decision(self, version) -> dict | None:
        decision = getattr(version, "decision", None)
        return DecisionSerializer(decision).data if decision else None


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = CarePlanVersion
        fields = ["number", "status", "route", "submitted_total", "submitted_at", "last_edited_at"]


class CarePlanSerializer(serializers.ModelSerializer):
    participant = ScopedPrimaryKeyField(
        queryset=Participant.objects.all(), scope=_on_the_caseload, message=NO_SUCH_PERSON
    )
    serializer_related_field = RecordField
    current = serializers.SerializerMethodField()

    class Meta:
        model = CarePlan
        fields = ["id", "participant", "created_at", "current"]
        read_only_fields = ["created_at"]

    def get_current(self, plan) -> dict:
        version = self.context["current"](plan)
        serializer = VersionSerializer if self.context.get("full") else VersionSummarySerializer
        return serializer(version, context=self.context).data


class SubmittedSerializer(serializers.Serializer):
    route = serializers.CharField()
    total = serializers.DecimalField(**MONEY)
    indicative = serializers.DecimalField(**MONEY)
    limit = serializers.DecimalField(max_digits=None, decimal_places=3)


class DecisionRequestSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.Kind.values)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class QueueItemSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="plan_id")
    participant = serializers.CharField(source="plan.participant.full_name")
    team = serializers.CharField(source="plan.participant.team.name")
    total = serializers.DecimalField(source="submitted_total", **MONEY)
    indicative = serializers.DecimalField(source="submitted_indicative", **MONEY)
    percent_over = serializers.SerializerMethodField()

    class Meta:
        model = CarePlanVersion
        fields = [
            "plan",
            "number",
            "participant",
            "team",
            "route",
            "total",
            "indicative",
            "percent_over",
            "submitted_at",
        ]

    def get_percent_over(self, version) -> str | None:
        from costing.core.money import percent_change

        change = percent_change(version.submitted_indicative, version.submitted_total)
        return None if change is None else f"{change:.1f}"


class ReconsiderationSerializer(serializers.ModelSerializer):
    """A request to reconsider the plan's latest decision (a return), or, with ``review``,
    a budget reduced at that review; and the answer."""

    review = ScopedPrimaryKeyField(
        # Reviews belong to the app above; the plan reaches them through the model.
        queryset=Reconsideration._meta.get_field("review").related_model.objects.all(),
        scope=_reviews_of_the_plan,
        message=NO_SUCH_REVIEW,
        required=False,
        allow_null=True,
        help_text="A review that reduced the budget (leave out for the latest decision).",
    )
    version = serializers.IntegerField(
        source="decision.version.number", read_only=True, default=None, allow_null=True
    )
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    outcome = serializers.ChoiceField(
        choices=Reconsideration.Outcome.choices, allow_blank=True, read_only=True
    )
    answered_by = serializers.CharField(
        source="answered_by.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Reconsideration
        fields = [
            "id",
            "version",
            "review",
            "reasons",
            "requested_by",
            "requested_at",
            "outcome",
            "answer",
            "answered_by",
            "answered_at",
        ]
        read_only_fields = ["outcome", "answer", "answered_at"]


class AnswerSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Reconsideration.Outcome.choices)
    answer = serializers.CharField()
