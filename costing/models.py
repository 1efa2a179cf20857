"""Tariffs and clusters: what the commissioners set, the prices of care."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from common.care_data import NOT_CARE_DATA
from costing import usage
from costing.core.tariffs import DatedPrice
from costing.core.years import FinancialYear


class Intervention(models.Model):
    """A priced clinical service: a CMHT contact, a crisis contact, an inpatient bed day."""

    class Unit(models.TextChoices):
        CONTACT = "contact", "contact"
        BED_DAY = "bed_day", "bed day"

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=10, choices=Unit.choices)
    acute_or_crisis = models.BooleanField(
        default=False,
        help_text="Crisis or inpatient care: reports split people by whether they used it.",
    )
    care_data = NOT_CARE_DATA
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class TariffPrice(models.Model):
    """The unit price of an intervention from one date to another (or until further notice)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="prices")
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    care_data = NOT_CARE_DATA
    history = HistoricalRecords()

    class Meta:
        ordering = ["intervention_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "valid_from"], name="one_price_per_start_date"
            ),
            models.UniqueConstraint(
                fields=["intervention"],
                condition=Q(valid_to__isnull=True),
                name="one_open_price_per_intervention",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="price_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="price_above_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention.code} £{self.price} from {self.valid_from}"

    def save(self, *args, **kwargs) -> None:
        """A price that events use keeps its amount and start, and still covers them."""
        if self.pk is not None:
            before = TariffPrice.objects.filter(pk=self.pk).first()
            last_used = usage.last_used_on(self.pk) if before is not None else None
            if last_used is not None and (
                before.price != self.price or before.valid_from != self.valid_from
            ):
                raise ValidationError(
                    "Events are priced at this tariff: its price and start date cannot change. "
                    "Add a new price from a date instead."
                )
            if last_used is not None and self.valid_to is not None and last_used > self.valid_to:
                raise ValidationError(
                    f"Events after {self.valid_to:%d %B %Y} are priced at this tariff."
                )
        super().save(*args, **kwargs)

    def as_dated_price(self) -> DatedPrice:
        return DatedPrice(self.price, self.valid_from, self.valid_to)


class Cluster(models.Model):
    """A care cluster of the mental health clustering tool (0–21; 9 is not used)."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    review_period_weeks = models.PositiveSmallIntegerField(
        "maximum review period (weeks)", validators=[MinValueValidator(1)]
    )
    care_data = NOT_CARE_DATA
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__lte=21) & ~Q(number=9), name="cluster_number_in_tool"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.name}"


class ClusterCost(models.Model):
    """A cluster's locally set annual cost for one financial year."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="costs")
    year = models.PositiveSmallIntegerField(help_text="The year the financial year starts in.")
    annual_cost = models.DecimalField(max_digits=12, decimal_places=2)
    care_data = NOT_CARE_DATA
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster__number", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="one_cost_per_cluster_year"),
            models.CheckConstraint(condition=Q(annual_cost__gt=0), name="cluster_cost_above_zero"),
        ]

    def __str__(self) -> str:
        return f"Cluster {self.cluster.number} {self.financial_year}: £{self.annual_cost}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year)
