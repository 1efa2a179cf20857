from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from costing.core.money import MoneyError, parse_amount
from costing.core.years import FinancialYear, FinancialYearError
from costing.models import Cluster, ClusterCost, Intervention, TariffPrice

MONEY = {"max_digits": None, "decimal_places": 2}
"""Money the API sends: two decimals, as wide as a sum needs (a report of many people,
a year of many events), never cut short."""

MONEY_PATTERN = r"^[0-9]{1,7}(\.[0-9]{1,2})?$"


@extend_schema_field(
    {"type": "string", "pattern": MONEY_PATTERN, "example": "202.04", "maxLength": 10}
)
class MoneyField(serializers.Field):
    """Money the API takes: a string of pounds and pence read by ``parse_amount``, the one
    strict reader of forms, API and imports (no exponent, sign, other scripts or NaN;
    at most £1,000,000.00). A whole JSON number is taken too; a fraction is not."""

    default_error_messages = {"invalid": "{message}"}

    def __init__(self, *, allow_zero: bool = False, **kwargs) -> None:
        self.allow_zero = allow_zero
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid", message='Send the amount as a string, such as "202.04".')
        try:
            return parse_amount(data, allow_zero=self.allow_zero)
        except MoneyError as error:
            self.fail("invalid", message=str(error))

    def to_representation(self, value) -> str:
        return f"{value:.2f}"


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2010-11"})
class FinancialYearField(serializers.Field):
    """A financial year as its name, ``"2010-11"``."""

    default_error_messages = {"invalid": "{message}"}

    def to_representation(self, value) -> str:
        return (value if isinstance(value, FinancialYear) else FinancialYear(value)).label

    def to_internal_value(self, data) -> FinancialYear:
        try:
            return FinancialYear.parse(str(data))
        except FinancialYearError as error:
            self.fail("invalid", message=str(error))


class TariffPriceSerializer(serializers.ModelSerializer):
    intervention = serializers.SlugRelatedField(slug_field="code", queryset=Intervention.objects)
    price = MoneyField()

    class Meta:
        model = TariffPrice
        fields = ["id", "intervention", "price", "valid_from", "valid_to"]
        read_only_fields = ["valid_to"]
        validators: list = []  # the service keeps periods apart and says why


class InterventionSerializer(serializers.ModelSerializer):
    prices = serializers.SerializerMethodField()
    price = MoneyField(write_only=True, help_text="The first price.")
    valid_from = serializers.DateField(write_only=True, help_text="When the first price starts.")

    class Meta:
        model = Intervention
        fields = ["code", "name", "unit", "acute_or_crisis", "prices", "price", "valid_from"]

    def get_prices(self, intervention) -> list[dict]:
        return [
            {"price": str(p.price), "valid_from": p.valid_from, "valid_to": p.valid_to}
            for p in intervention.prices.all()
        ]


class ClusterCostSerializer(serializers.ModelSerializer):
    year = FinancialYearField()
    annual_cost = MoneyField()

    class Meta:
        model = ClusterCost
        fields = ["year", "annual_cost"]


class ClusterSerializer(serializers.ModelSerializer):
    costs = ClusterCostSerializer(many=True, read_only=True)

    class Meta:
        model = Cluster
        fields = ["number", "name", "description", "review_period_weeks", "costs"]


PERCENT = {"max_digits": None, "decimal_places": 1, "allow_null": True}


class ReportRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="participant_id")
    name = serializers.CharField(source="label")
    baseline = serializers.DecimalField(**MONEY)
    compare = serializers.DecimalField(**MONEY)
    change_percent = serializers.DecimalField(**PERCENT)


class ReportGroupSerializer(serializers.Serializer):
    used_acute_or_crisis = serializers.BooleanField(
        help_text="Whether these people used crisis or inpatient care in the baseline year."
    )
    participants = ReportRowSerializer(source="rows", many=True)
    baseline_total = serializers.DecimalField(source="baseline", **MONEY)
    compare_total = serializers.DecimalField(source="compare", **MONEY)
    change_percent = serializers.DecimalField(**PERCENT)


class CostOfCareReportSerializer(serializers.Serializer):
    cohort = serializers.CharField()
    baseline = FinancialYearField(source="baseline_year")
    compare = FinancialYearField(source="compare_year")
    groups = ReportGroupSerializer(many=True)
    baseline_total = serializers.DecimalField(source="baseline", **MONEY)
    compare_total = serializers.DecimalField(source="compare", **MONEY)
    change_percent = serializers.DecimalField(**PERCENT)
