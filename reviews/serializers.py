from rest_framework import serializers

from careplans.models import CarePlan, Outcome, SpendingLine
from common.api import RecordField
from costing.serializers import MONEY, FinancialYearField
from reviews.models import BudgetChange, OutcomeProgress, Review, ReviewPack, SpendingProgress


class OutcomeProgressSerializer(serializers.ModelSerializer):
    outcome = RecordField(queryset=Outcome.objects.all())

    class Meta:
        model = OutcomeProgress
        fields = ["outcome", "rating", "comment"]


class SpendingProgressSerializer(serializers.ModelSerializer):
    line = RecordField(queryset=SpendingLine.objects.all())
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

    plan = RecordField(queryset=CarePlan.objects.all())
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
        read_only_fields = ["next_review_due", "next_review_rule", "recorded_at"]


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
    review = serializers.IntegerField(required=False, allow_null=True)


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
