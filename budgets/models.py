"""Indicative budgets: every calculation kept, with its inputs, method and workings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from common.care_data import about_a_person
from costing.core.indicative import Method
from costing.core.years import FinancialYear
from participants.models import Participant


class BudgetMethod(models.TextChoices):
    SERVICE = Method.SERVICE.value, "Service-based: expected contacts at tariff"
    CLUSTER = Method.CLUSTER.value, "Cluster-based: the community share of the cluster cost"
    MANUAL = Method.MANUAL.value, "Set by hand, with a reason"


class IndicativeBudget(models.Model):
    """An indicative budget set for a person and a financial year.

    The latest one for a year is the one plans are drawn up against; the
    earlier ones stay, so anyone can see how the figure moved and why.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="indicative_budgets"
    )
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    method = models.CharField(max_length=10, choices=BudgetMethod.choices)
    inputs = models.JSONField(default=dict)
    workings = models.JSONField(default=list)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    reason = models.TextField(blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    care_data = about_a_person("participant")
    history = HistoricalRecords()

    class Meta:
        ordering = ["participant_id", "-year", "-set_at", "-pk"]
        get_latest_by = ["set_at", "pk"]
        indexes = [models.Index(fields=["participant", "year"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="indicative_budget_above_zero"),
        ]

    def __str__(self) -> str:
        return f"£{self.amount} for {self.financial_year}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)
