from collections.abc import Mapping

from rest_framework import serializers

from careplans.models import CarePlan, Outcome, SpendingLine
from careplans.selectors import plans_visible_to
from common.api import ScopedPrimaryKeyField, requesting_user
from costing.serializers import MONEY, FinancialYearField
from reviews.models import BudgetChange, OutcomeProgress, Review, ReviewPack, SpendingProgress
from reviews.services import NO_SUCH_LINE, NO_SUCH_OUTCOME, NO_SUCH_PLAN, NO_SUCH_REVIEW

# What an id sent in a body may name (``common.api.ScopedPrimaryKeyField``): the plans the
# user may see, and the outcomes, lines and reviews of the plan in the context (the plan a
# review is of, found first; or the plan of the address).


def _visible_plans(plans, context):
    user = requesting_user(context)
    return plans_visible_to(user) if user else plans.none()


def _the_plan_s(path: str):
    def scope(records, context):
        plan = context.get("plan")
        return records.filter(**{path: plan}) if plan else records.none()

    return scope


class OutcomeProgressSerializer(serializers.ModelSerializer):
    outcome = ScopedPrimaryKeyField(
        queryset=Outcome.objects.all(), scope=_the_plan_s("version__plan"), message=NO_SUCH_OUTCOME
    )

    class Meta:
        model = OutcomeProgress
        fields = ["outcome", "rating", "comment"]


class SpendingProgressSerializer(serializers.ModelSerializer):
    line = ScopedPrimaryKeyField(
        queryset=SpendingLine.objects.all(),
        scope=_the_plan_s("version__plan"),
        message=NO_SUCH_LINE,
    )
    spent = serializers.CharField(help_text='Spent so far, e.g. "1092.00"')
    planned = serializers.DecimalField(read_only=True, **MONEY)

    class Meta:
        model = SpendingProgress
        fields = ["line", "planned", "spent"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["spent"] = f"{instance.spent:.2f}"
        return data


class TaperSerializer(serializers.Serializer):
    year = FinancialYearField()
    amount = serializers.CharField(help_text='The budget for the year, e.g. "4000.00"')


class BudgetChangeSerializer(serializers.ModelSerializer):
    year = FinancialYearField()
    amount = serializers.DecimalField(**MONEY)

    class Meta:
        model = BudgetChange
        fields = ["year", "amount"]


class ReviewSerializer(serializers.ModelSerializer):
    """A review: progress on every outcome of the approved version, spending against plan,
    and a decision (``change_budget`` takes a ``taper``: a new budget for one or more
    years, such as £5,000, £4,000 then £2,000)."""

    plan = ScopedPrimaryKeyField(
        queryset=CarePlan.objects.all(), scope=_visible_plans, message=NO_SUCH_PLAN
    )
    version = serializers.IntegerField(source="version.number", read_only=True)
    progress = OutcomeProgressSerializer(many=True)
    spending = SpendingProgressSerializer(many=True, required=False, default=list)
    taper = TaperSerializer(many=True, required=False, default=list, write_only=True)
    budget_changes = BudgetChangeSerializer(many=True, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "plan",
            "version",
            "held_on",
            "due_on",
            "attendees",
            "what_is_working",
            "what_is_not_working",
            "progress",
            "spending",
            "decision",
            "decision_reason",
            "taper",
            "budget_changes",
            "next_review_due",
            "next_review_rule",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["due_on", "next_review_due", "next_review_rule", "recorded_at"]

    def to_internal_value(self, data):
        """Find the plan first: the outcomes and lines sent must be the plan's."""
        if isinstance(data, Mapping) and "plan" in data:
            try:
                self.context["plan"] = self.fields["plan"].run_validation(data["plan"])
            except serializers.ValidationError:
                self.context.pop("plan", None)  # reported with the other errors, below
        return super().to_internal_value(data)


class OverdueSerializer(serializers.ModelSerializer):
    participant = serializers.CharField(source="participant.full_name")
    team = serializers.CharField(source="participant.team.name")
    care_coordinator = serializers.CharField(
        source="participant.care_coordinator.get_full_name", default=""
    )
    days_overdue = serializers.SerializerMethodField()

    class Meta:
        model = CarePlan
        fields = [
            "id",
            "participant",
            "team",
            "care_coordinator",
            "review_due",
            "review_due_rule",
            "days_overdue",
        ]

    def get_days_overdue(self, plan) -> int:
        from costing.core.schedule import days_overdue

        return days_overdue(plan.review_due, self.context["today"])


class CallReviewSerializer(serializers.Serializer):
    on = serializers.DateField()
    reason = serializers.CharField()


class ReviewPackRequestSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, help_text="The version's number (the plan's latest if left out)."
    )
    review = ScopedPrimaryKeyField(
        queryset=Review.objects.all(),
        scope=_the_plan_s("plan"),
        message=NO_SUCH_REVIEW,
        required=False,
        allow_null=True,
    )


class ReviewPackSerializer(serializers.ModelSerializer):
    plan = serializers.IntegerField(source="version.plan_id", read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReviewPack
        fields = [
            "id",
            "plan",
            "version",
            "review",
            "status",
            "requested_at",
            "started_at",
            "finished_at",
            "renders",
            "last_error",
            "pages",
            "size",
            "content_hash",
            "download_url",
        ]

    def get_download_url(self, pack) -> str | None:
        if pack.status != ReviewPack.Status.READY:
            return None
        return f"/api/v1/review-packs/{pack.pk}/download/"
