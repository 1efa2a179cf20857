from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import ScopedPrimaryKeyField, requesting_user
from costing.models import Cluster, Intervention
from costing.serializers import MONEY, FinancialYearField, MoneyField
from participants.models import (
    ClusterAssignment,
    DirectPayment,
    Participant,
    ServiceEvent,
    TransferRequest,
)
from participants.services import NO_SUCH_COORDINATOR, team_coordinators
from participants.transfers import may_decide
from people.models import User


def coordinators_of_the_team(users, context):
    """The coordinators and facilitators of the requesting user's team (the only team that
    adds or changes its people)."""
    user = requesting_user(context)
    return team_coordinators(user.team) if user and user.is_authenticated else users.none()


class ClusterAssignmentSerializer(serializers.ModelSerializer):
    cluster = serializers.SlugRelatedField(slug_field="number", queryset=Cluster.objects)

    class Meta:
        model = ClusterAssignment
        fields = ["cluster", "start", "end"]
        read_only_fields = ["end"]


class ParticipantSerializer(serializers.ModelSerializer):
    """A person's record. The NHS number may be sent with spaces; it is kept as 10 digits."""

    nhs_number = serializers.CharField(max_length=14)
    team = serializers.PrimaryKeyRelatedField(read_only=True)
    care_coordinator = ScopedPrimaryKeyField(
        queryset=User.objects.all(),
        scope=coordinators_of_the_team,
        message=NO_SUCH_COORDINATOR,
        allow_null=True,
        required=False,
    )
    cluster = serializers.SlugRelatedField(
        slug_field="number",
        queryset=Cluster.objects,
        allow_null=True,
        required=False,
        help_text="On create: the first cluster. Later changes go through cluster-history.",
    )
    cluster_start = serializers.DateField(write_only=True, required=False)
    cluster_history = ClusterAssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "nhs_number",
            "given_name",
            "family_name",
            "date_of_birth",
            "address",
            "team",
            "care_coordinator",
            "phb_category",
            "cohort",
            "representative",
            "higher_financial_risk",
            "cluster",
            "cluster_start",
            "cluster_history",
        ]


class ParticipantListSerializer(ParticipantSerializer):
    class Meta(ParticipantSerializer.Meta):
        fields = [f for f in ParticipantSerializer.Meta.fields if f != "cluster_history"]


class ServiceEventSerializer(serializers.ModelSerializer):
    intervention = serializers.SlugRelatedField(slug_field="code", queryset=Intervention.objects)
    quantity = serializers.IntegerField(min_value=1)
    unit_price = serializers.DecimalField(source="tariff_price.price", read_only=True, **MONEY)
    cost = serializers.SerializerMethodField()
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)

    class Meta:
        model = ServiceEvent
        fields = [
            "id",
            "intervention",
            "date",
            "quantity",
            "unit_price",
            "cost",
            "entered_by",
            "entered_at",
        ]

    @extend_schema_field(serializers.DecimalField(**MONEY))
    def get_cost(self, event) -> str:
        return str((event.tariff_price.price * event.quantity).quantize(Decimal("0.01")))


class DirectPaymentSerializer(serializers.ModelSerializer):
    amount = MoneyField()
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)

    class Meta:
        model = DirectPayment
        fields = ["id", "date", "amount", "description", "entered_by", "entered_at"]


class CostLineSerializer(serializers.Serializer):
    intervention = serializers.CharField()
    quantity = serializers.CharField()
    unit_price = serializers.DecimalField(**MONEY)
    cost = serializers.DecimalField(**MONEY)


class CostOfCareSerializer(serializers.Serializer):
    year = FinancialYearField()
    lines = CostLineSerializer(many=True)
    direct_payments = serializers.DecimalField(**MONEY)
    total = serializers.DecimalField(**MONEY)


class TransferRequestSerializer(serializers.ModelSerializer):
    """A transfer request. Everyone who sees it sees the NHS number asked for, the asking
    team, the status and the reasons. Only those who may decide it see which team holds the
    person and who decided (``null`` for the asking team); ``participant`` and
    ``participant_name`` are given to whoever may see the person now (the holding team
    before agreement, the asking team after)."""

    asking_team = serializers.CharField(source="asking_team.name", read_only=True)
    asked_by = serializers.CharField(source="asked_by.username", read_only=True)
    participant = serializers.SerializerMethodField()
    participant_name = serializers.SerializerMethodField()
    holding_team = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = TransferRequest
        fields = [
            "id",
            "nhs_number",
            "reason",
            "status",
            "asking_team",
            "asked_by",
            "asked_at",
            "participant",
            "participant_name",
            "holding_team",
            "decided_by",
            "decided_at",
            "decision_reason",
        ]
        read_only_fields = fields

    def _may_decide(self, transfer) -> bool:
        return may_decide(self.context["request"].user, transfer)

    def get_participant(self, transfer) -> int | None:
        return transfer.participant_id if transfer.person_visible else None

    def get_participant_name(self, transfer) -> str | None:
        return transfer.participant.full_name if transfer.person_visible else None

    def get_holding_team(self, transfer) -> str | None:
        return transfer.holding_team.name if self._may_decide(transfer) else None

    def get_decided_by(self, transfer) -> str | None:
        if transfer.decided_by is None or not self._may_decide(transfer):
            return None
        return transfer.decided_by.username


class TransferAskSerializer(serializers.Serializer):
    nhs_number = serializers.CharField(
        max_length=20, allow_blank=True, help_text="As typed: spaces and hyphens are ignored."
    )
    reason = serializers.CharField(allow_blank=True, help_text="Why the person is moving.")


class TransferDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["agree", "refuse"])
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Needed to refuse."
    )
