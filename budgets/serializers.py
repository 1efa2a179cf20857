from rest_framework import serializers

from budgets.models import BudgetMethod, IndicativeBudget
from costing.serializers import MONEY, FinancialYearField


class WorkingSerializer(serializers.Serializer):
    description = serializers.CharField()
    quantity = serializers.IntegerField(allow_null=True)
    unit_price = serializers.DecimalField(allow_null=True, **MONEY)
    amount = serializers.DecimalField(**MONEY)


class IndicativeBudgetSerializer(serializers.ModelSerializer):
    """An indicative budget: POST the method, year and inputs; the amount and workings
    come back and are kept.

    Inputs by method: ``service`` ``{"cmht": 24}`` (expected contacts or bed days
    by intervention code, priced at the tariff on 1 April of the year);
    ``cluster`` ``{"cluster": 8, "community_share": "100"}`` (the person's
    current cluster and 100% if left out); ``manual`` ``{"amount": "4800.00"}``
    with a ``reason``.
    """

    year = FinancialYearField()
    method = serializers.ChoiceField(choices=BudgetMethod.choices)
    inputs = serializers.DictField(required=False, default=dict)
    workings = WorkingSerializer(many=True, read_only=True)
    amount = serializers.DecimalField(read_only=True, **MONEY)
    set_by = serializers.CharField(source="set_by.username", read_only=True)

    class Meta:
        model = IndicativeBudget
        fields = [
            "id",
            "year",
            "method",
            "inputs",
            "reason",
            "amount",
            "workings",
            "set_by",
            "set_at",
        ]
