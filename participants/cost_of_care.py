"""A person's cost of care, and a cohort's, from their service use and direct payments.

Costs by financial year read the summaries kept with every event and payment (a row
per person, year and unit price: ``CareCostSummary``, ``DirectPaymentSummary``); use
between any two dates sums the events. Each hands plain values to the pricing core
(``costing.core.care``), which does the sums.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import BigIntegerField, Max, Q, QuerySet, Sum

from costing.core import care
from costing.core.care import CostOfCare, PricedUse
from costing.core.money import ZERO, percent_change
from costing.core.years import FinancialYear
from costing.models import TariffPrice
from participants.models import CareCostSummary, DirectPaymentSummary, ServiceEvent


def quantity_sum() -> Sum:
    """Contacts or bed days summed: PostgreSQL's SUM of an integer column is a bigint, and
    the result is read as one, so no total of the limits' events can overflow."""
    return Sum("quantity", output_field=BigIntegerField())


def _pounds(pennies: int) -> Decimal:
    return Decimal(pennies).scaleb(-2)


def cost_of_care_by_year(
    participant_id: int, years: list[FinancialYear] | None = None
) -> dict[FinancialYear, CostOfCare]:
    """The cost of care of one person for each year they used services or had payments.

    Two queries of the person's summaries (a row per year and price, and per year paid),
    whatever the number of events: one line per intervention and unit price per year.
    """
    use = CareCostSummary.objects.filter(participant_id=participant_id)
    paid = DirectPaymentSummary.objects.filter(participant_id=participant_id)
    if years is not None:
        use = use.filter(year__in=[year.start_year for year in years])
        paid = paid.filter(year__in=[year.start_year for year in years])
    lines = (
        use.values("year", "intervention_id", "intervention__code", "tariff_price__price")
        .annotate(quantity=Sum("quantity"), first=Max("tariff_price__valid_from"))
        .order_by("year", "intervention_id", "first")
    )
    priced: dict[int, list[PricedUse]] = defaultdict(list)
    for line in lines:
        price, quantity = line["tariff_price__price"], int(line["quantity"])  # a numeric sum
        priced[line["year"]].append(PricedUse(line["intervention__code"], price, quantity))
    paid_by_year = {year: _pounds(pennies) for year, pennies in paid.values_list("year", "pennies")}
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


class ReportRow(NamedTuple):
    """One person's costs in the two years (a named tuple: a report makes thousands)."""

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


def _tariff_prices() -> dict[int, tuple[str, Decimal, bool]]:
    """Every tariff price by pk: its intervention's code, the price, and whether acute or crisis."""
    return {
        price.pk: (price.intervention.code, price.price, price.intervention.acute_or_crisis)
        for price in TariffPrice.objects.select_related("intervention")
    }


def _paid(scope: Q, years: list[int]) -> dict[tuple[int, int], Decimal]:
    """Direct payments by (person, year), from the summaries."""
    rows = (
        DirectPaymentSummary.objects.filter(scope, year__in=years)
        .values_list("participant_id", "year", "pennies")
        .order_by()
    )
    return {(participant_id, year): _pounds(pennies) for participant_id, year, pennies in rows}


def _totals(
    scope: Q, years: list[int], baseline: int
) -> tuple[dict[tuple[int, int], Decimal], set[int]]:
    """The cost of care by (person, year), from the summaries of service use and payments,
    and who used acute or crisis care in ``baseline``."""
    prices = _tariff_prices()
    rows = (
        CareCostSummary.objects.filter(scope, year__in=years)
        .values_list("participant_id", "year", "tariff_price_id", "quantity")
        .order_by()
    )
    acute: set[int] = set()

    def priced():
        for participant_id, year, price_id, quantity in rows:
            code, price, acute_or_crisis = prices[price_id]
            if acute_or_crisis and year == baseline:
                acute.add(participant_id)
            yield (participant_id, year), code, price, quantity

    return care.totals(priced(), _paid(scope, years)), acute


def cost_of_care_report(
    participants: QuerySet, *, cohort: str, baseline: FinancialYear, compare: FinancialYear
) -> CostOfCareReport:
    """Cost of care of a cohort in two years, split by use of crisis or inpatient care in the
    baseline year (as Tables 5 to 8 of the pilot).

    Four queries whatever the number of events: the tariff prices, the
    people, and their summaries of service use (a row per year and price) and
    of direct payments (a row per year), which are kept in step with every
    event and payment. The sums per person are the core's (``care.totals``,
    the totals ``care.summarise`` gives on the person's own page).
    """
    people = (
        participants.filter(cohort=cohort)
        .order_by("pk")
        .values_list("pk", "given_name", "family_name")
    )
    scope = Q(participant__in=participants.filter(cohort=cohort).values("pk"))
    before, after = baseline.start_year, compare.start_year
    totals, acute = _totals(scope, [before, after], before)
    rows = [
        ReportRow(
            pk,
            f"{given} {family}",
            totals.get((pk, before), ZERO),
            totals.get((pk, after), ZERO),
            pk in acute,
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
    lines = (
        ServiceEvent.objects.filter(participant_id=participant_id, date__range=(start, end))
        .values("intervention_id", "intervention__code", "tariff_price__price")
        .annotate(quantity=quantity_sum(), first=Max("tariff_price__valid_from"))
        .order_by("intervention_id", "first")
    )
    return care.cost_lines(
        PricedUse(line["intervention__code"], line["tariff_price__price"], line["quantity"])
        for line in lines
    )
