from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import RecordField
from costing.models import Cluster, Intervention
from costing.serializers import MONEY, FinancialYearField, MoneyField
from participants.models import ClusterAssignment, DirectPayment, Participant, ServiceEvent
from people.models import User


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
    care_coordinator = RecordField(
        queryset=User.objects.filter(is_active=True), allow_null=True, required=False
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
            "pathway",
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
