"""Tariffs, clusters and cost of care against the database.

Each function fetches with aggregate queries and hands plain values to the
pricing core (``costing.core``), which does the sums.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    ExpressionWrapper,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from costing.core import care, tariffs
from costing.core.care import CostOfCare, PricedUse
from costing.core.money import ZERO, percent_change
from costing.core.years import FinancialYear
from costing.models import Cluster, ClusterCost, Intervention, TariffPrice


def tariff_schedule() -> dict[str, list[tariffs.DatedPrice]]:
    """Every intervention's dated prices, by intervention code (one query)."""
    schedule: dict[str, list[tariffs.DatedPrice]] = defaultdict(list)
    for price in TariffPrice.objects.select_related("intervention"):
        schedule[price.intervention.code].append(price.as_dated_price())
    return dict(schedule)


def tariff_price_on(intervention: Intervention, day: date) -> TariffPrice:
    """The price row in force on ``day``; ``ValidationError`` on ``date`` if there is none."""
    price = (
        TariffPrice.objects.filter(intervention=intervention, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .first()
    )
    if price is None:
        raise ValidationError({"date": str(tariffs.NoTariffError(intervention.code, day))})
    return price


@transaction.atomic
def tariff_price_add(
    *, intervention: Intervention, price: Decimal, valid_from: date
) -> TariffPrice:
    """A new price from ``valid_from``; the current price closes the day before.

    Refused when events already priced at the current price fall on or after
    ``valid_from``: a price that events use is not rewritten.
    """
    # Lock the intervention so two new prices for it are added one after the other.
    Intervention.objects.select_for_update().get(pk=intervention.pk)
    existing = list(TariffPrice.objects.filter(intervention=intervention))
    try:
        closed, new = tariffs.add_price([p.as_dated_price() for p in existing], price, valid_from)
    except tariffs.PriceChangeError as error:
        field = "price" if "more than" in str(error) else "valid_from"
        raise ValidationError({field: str(error)}) from None
    if closed is not None:
        current = next(p for p in existing if p.valid_from == closed.valid_from)
        later_event = current.events.filter(date__gte=valid_from).order_by("-date").first()
        if later_event is not None:
            raise ValidationError(
                {
                    "valid_from": (
                        f"Events up to {later_event.date:%d %B %Y} are priced at £{current.price}; "
                        "a new price can start only after the last of them."
                    )
                }
            )
        current.valid_to = closed.valid_to
        current.save(update_fields=["valid_to"])
    return TariffPrice.objects.create(
        intervention=intervention, price=new.price, valid_from=valid_from
    )


def intervention_create(
    *, code: str, name: str, unit: str, acute_or_crisis: bool, price: Decimal, valid_from: date
) -> Intervention:
    """A new priced intervention, with its first price."""
    intervention = Intervention(code=code, name=name, unit=unit, acute_or_crisis=acute_or_crisis)
    intervention.full_clean()
    with transaction.atomic():
        intervention.save()
        tariff_price_add(intervention=intervention, price=price, valid_from=valid_from)
    return intervention


def cluster_cost_set(*, cluster: Cluster, year: FinancialYear, annual_cost: Decimal) -> ClusterCost:
    """Set (or correct) a cluster's annual cost for a financial year."""
    if annual_cost <= 0:
        raise ValidationError({"annual_cost": "The annual cost must be more than £0.00"})
    cost, _ = ClusterCost.objects.update_or_create(
        cluster=cluster, year=year.start_year, defaults={"annual_cost": annual_cost}
    )
    return cost


def cluster_cost_for(cluster: Cluster, year: FinancialYear) -> ClusterCost:
    cost = ClusterCost.objects.filter(cluster=cluster, year=year.start_year).first()
    if cost is None:
        raise ValidationError(
            {"year": f"Cluster {cluster.number} has no annual cost set for {year}"}
        )
    return cost


# -- Cost of care ---------------------------------------------------------------------------------


def financial_year_of(field: str) -> ExpressionWrapper:
    """SQL for the financial year (its first calendar year) of a date column."""
    return ExpressionWrapper(
        ExtractYear(field)
        - Case(When(**{f"{field}__month__lt": 4}, then=Value(1)), default=Value(0)),
        output_field=IntegerField(),
    )


def _in_years(field: str, years: list[FinancialYear]) -> Q:
    condition = Q(pk__in=[])
    for year in years:
        condition |= Q(**{f"{field}__range": (year.first_day, year.last_day)})
    return condition


def _which_of(years: list[FinancialYear]) -> Case:
    """SQL naming which of ``years`` a date falls in (cheaper than working out any year)."""
    return Case(
        *[
            When(date__range=(year.first_day, year.last_day), then=Value(year.start_year))
            for year in years
        ],
        output_field=IntegerField(),
    )


def cost_of_care_by_year(
    participant_id: int, years: list[FinancialYear] | None = None
) -> dict[FinancialYear, CostOfCare]:
    """The cost of care of one person for each year they used services or had payments.

    Two aggregate queries, whatever the number of events: one line per
    intervention and unit price per year, and direct payments per year.
    """
    from participants.models import DirectPayment, ServiceEvent

    events = ServiceEvent.objects.filter(participant_id=participant_id)
    payments = DirectPayment.objects.filter(participant_id=participant_id)
    if years is not None:
        events = events.filter(_in_years("date", years))
        payments = payments.filter(_in_years("date", years))
    lines = (
        events.annotate(fy=financial_year_of("date"))
        .values("fy", "intervention_id", "intervention__code", "tariff_price__price")
        .annotate(quantity=Sum("quantity"), first=Max("tariff_price__valid_from"))
        .order_by("fy", "intervention_id", "first")
    )
    paid = (
        payments.annotate(fy=financial_year_of("date")).values("fy").annotate(total=Sum("amount"))
    )

    priced: dict[int, list[PricedUse]] = defaultdict(list)
    for line in lines:
        priced[line["fy"]].append(
            PricedUse(line["intervention__code"], line["tariff_price__price"], line["quantity"])
        )
    paid_by_year = {row["fy"]: row["total"] for row in paid.order_by("fy")}
    wanted = (
        years
        if years is not None
        else sorted({FinancialYear(fy) for fy in (*priced, *paid_by_year)})
    )
    return {
        year: care.summarise(
            year, priced.get(year.start_year, ()), [paid_by_year.get(year.start_year, ZERO)]
        )
        for year in wanted
    }


def cost_of_care(participant_id: int, year: FinancialYear) -> CostOfCare:
    return cost_of_care_by_year(participant_id, [year])[year]


@dataclass(frozen=True)
class ReportRow:
    participant_id: int
    label: str
    baseline: Decimal
    compare: Decimal
    used_acute_or_crisis: bool

    @property
    def change_percent(self) -> Decimal | None:
        return percent_change(self.baseline, self.compare)


@dataclass(frozen=True)
class ReportGroup:
    used_acute_or_crisis: bool
    rows: tuple[ReportRow, ...]

    @property
    def baseline(self) -> Decimal:
        return sum((row.baseline for row in self.rows), ZERO)

    @property
    def compare(self) -> Decimal:
        return sum((row.compare for row in self.rows), ZERO)

    @property
    def change_percent(self) -> Decimal | None:
        return percent_change(self.baseline, self.compare)


@dataclass(frozen=True)
class CostOfCareReport:
    cohort: str
    baseline_year: FinancialYear
    compare_year: FinancialYear
    groups: tuple[ReportGroup, ReportGroup]

    @property
    def baseline(self) -> Decimal:
        return sum((group.baseline for group in self.groups), ZERO)

    @property
    def compare(self) -> Decimal:
        return sum((group.compare for group in self.groups), ZERO)

    @property
    def change_percent(self) -> Decimal | None:
        return percent_change(self.baseline, self.compare)


def cost_of_care_report(
    participants: QuerySet, *, cohort: str, baseline: FinancialYear, compare: FinancialYear
) -> CostOfCareReport:
    """Cost of care of a cohort in two years, split by use of crisis or inpatient care in the
    baseline year (as Tables 5 to 8 of the pilot).

    Four queries whatever the number of events: the tariff prices, the
    people, their service use summed per year and price, and their direct
    payments per year. The sums per person are the core's, as on the person's
    own page.
    """
    from participants.models import DirectPayment, ServiceEvent

    people = (
        participants.filter(cohort=cohort)
        .order_by("pk")
        .values_list("pk", "given_name", "family_name")
    )
    years = [baseline, compare]
    scope = Q(participant__in=participants.filter(cohort=cohort).values("pk"))
    prices = {
        price.pk: (price.intervention.code, price.price, price.intervention.acute_or_crisis)
        for price in TariffPrice.objects.select_related("intervention")
    }
    services = (
        ServiceEvent.objects.filter(scope, _in_years("date", years))
        .annotate(fy=_which_of(years))
        .values_list("participant_id", "fy", "tariff_price_id")
        .annotate(quantity=Sum("quantity"))
        .order_by()
    )
    payments = (
        DirectPayment.objects.filter(scope, _in_years("date", years))
        .annotate(fy=_which_of(years))
        .values("participant_id", "fy")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    priced: dict[tuple[int, int], list[PricedUse]] = defaultdict(list)
    acute: set[int] = set()
    for participant_id, fy, price_id, quantity in services:
        code, price, acute_or_crisis = prices[price_id]
        priced[participant_id, fy].append(PricedUse(code, price, quantity))
        if acute_or_crisis and fy == baseline.start_year:
            acute.add(participant_id)
    paid = {(row["participant_id"], row["fy"]): row["total"] for row in payments}

    def total(pk: int, year: FinancialYear) -> Decimal:
        key = (pk, year.start_year)
        return care.summarise(year, priced.get(key, ()), [paid.get(key, ZERO)]).total

    rows = [
        ReportRow(
            participant_id=pk,
            label=f"{given} {family}",
            baseline=total(pk, baseline),
            compare=total(pk, compare),
            used_acute_or_crisis=pk in acute,
        )
        for pk, given, family in people
    ]
    groups = (
        ReportGroup(False, tuple(r for r in rows if not r.used_acute_or_crisis)),
        ReportGroup(True, tuple(r for r in rows if r.used_acute_or_crisis)),
    )
    return CostOfCareReport(cohort, baseline, compare, groups)


def service_use_between(participant_id: int, start: date, end: date) -> tuple[care.CostLine, ...]:
    """The person's service use from ``start`` to ``end`` (inclusive), a line per
    intervention and unit price (one aggregate query)."""
    from participants.models import ServiceEvent

    lines = (
        ServiceEvent.objects.filter(participant_id=participant_id, date__range=(start, end))
        .values("intervention_id", "intervention__code", "tariff_price__price")
        .annotate(quantity=Sum("quantity"), first=Max("tariff_price__valid_from"))
        .order_by("intervention_id", "first")
    )
    return care.cost_lines(
        PricedUse(line["intervention__code"], line["tariff_price__price"], line["quantity"])
        for line in lines
    )
