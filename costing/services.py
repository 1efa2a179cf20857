"""Tariffs and clusters against the database: prices from a date, cluster costs.

The rules (one open price, a new price closing the current one) are the
pricing core's (``costing.core``); a person's cost of care is summed in
``participants.cost_of_care``, where their service use is.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from costing import usage
from costing.core import tariffs
from costing.core.years import FinancialYear, FinancialYearError, check_day
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
    try:
        check_day(valid_from)
    except FinancialYearError as error:
        raise ValidationError({"valid_from": str(error)}) from None
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
        last_used = usage.last_used_on(current.pk)
        if last_used is not None and last_used >= valid_from:
            raise ValidationError(
                {
                    "valid_from": (
                        f"Events up to {last_used:%d %B %Y} are priced at £{current.price}; "
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
    *,
    code: str,
    name: str,
    unit: str,
    price: Decimal,
    valid_from: date,
    acute_or_crisis: bool = False,
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
