"""Indicative budgets: worked out by the costing core, kept with their inputs and workings."""

import re
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from budgets.models import IndicativeBudget
from costing.core import indicative
from costing.core.indicative import Calculation, IndicativeBudgetError, Method
from costing.core.tariffs import NoTariffError
from costing.core.years import FinancialYear
from costing.models import Cluster, Intervention
from costing.services import cluster_cost_for, tariff_schedule
from participants.models import Participant
from people.models import User


def _whole(value: Any, field: str) -> int:
    """A whole number typed or sent: plain digits (``"²"`` is a digit to Python, not here)."""
    if isinstance(value, bool):
        raise ValidationError({field: "Enter a whole number"})
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if text == "":
        return 0
    if not re.fullmatch("[0-9]{1,18}", text):
        raise ValidationError({field: "Enter a whole number, 0 or more"})
    return int(text)


_PERCENT = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,3})?)\s*%?")


def _percent(value: Any) -> Decimal:
    """A percentage in plain digits (``"50"``, ``"33.3%"``): no exponent, sign or float."""
    whole = isinstance(value, int) and not isinstance(value, bool)
    match = _PERCENT.fullmatch(str(value).strip()) if whole or isinstance(value, str) else None
    if match is None:
        raise ValidationError({"community_share": "Enter a percentage, such as 100"})
    return Decimal(match[1]) / 100


def indicative_budget_calculate(
    *,
    participant: Participant,
    method: str,
    year: FinancialYear,
    inputs: dict[str, Any],
    reason: str = "",
) -> Calculation:
    """Work out an indicative budget for ``year`` without keeping it.

    ``inputs`` by method: service, the expected contacts or bed days by
    intervention code (priced at the tariff in force on 1 April of the
    year); cluster, the cluster number (the person's current one if left
    out) and the community share in per cent (100 if left out); manual, the
    amount (and ``reason`` is required).
    """
    try:
        if method == Method.SERVICE:
            known = {i.code: i for i in Intervention.objects.all()}
            unknown = sorted(set(inputs) - set(known))
            if unknown:
                raise ValidationError({"inputs": f"Unknown intervention: {', '.join(unknown)}"})
            expected = {code: _whole(q, code) for code, q in inputs.items()}
            return indicative.service_based(
                expected,
                tariff_schedule(),
                year.first_day,
                names={code: i.name for code, i in known.items()},
                units={code: i.unit for code, i in known.items()},
            )
        if method == Method.CLUSTER:
            number = inputs.get("cluster") or (
                participant.cluster.number if participant.cluster_id else None
            )
            if number in (None, ""):
                raise ValidationError({"cluster": "Choose the cluster"})
            cluster = Cluster.objects.filter(number=_whole(number, "cluster")).first()
            if cluster is None:
                raise ValidationError({"cluster": f"There is no cluster {number}"})
            cost = cluster_cost_for(cluster, year)
            share = _percent(inputs.get("community_share", "100") or "100")
            return indicative.cluster_based(
                f"{cluster.number} ({cluster.name})", year, cost.annual_cost, share
            )
        if method == Method.MANUAL:
            return indicative.manual(str(inputs.get("amount", "")), reason)
    except IndicativeBudgetError as error:
        raise ValidationError({error.field: str(error)}) from None
    except NoTariffError as error:
        raise ValidationError({"year": str(error)}) from None
    raise ValidationError({"method": f"Choose a method: {', '.join(m.value for m in Method)}"})


def workings_as_json(calculation: Calculation) -> list[dict[str, Any]]:
    return [
        {
            "description": w.description,
            "quantity": w.quantity,
            "unit_price": None if w.unit_price is None else str(w.unit_price),
            "amount": str(w.amount),
        }
        for w in calculation.workings
    ]


@transaction.atomic
def indicative_budget_set(
    *,
    user: User,
    participant: Participant,
    method: str,
    year: FinancialYear,
    inputs: dict[str, Any],
    reason: str = "",
) -> IndicativeBudget:
    """Work out and keep an indicative budget: the newest for a year is the one in force."""
    if not user.has_perm("budgets.set_indicative_budget", participant):
        raise ValidationError("Only the person’s own team can set their indicative budget.")
    calculation = indicative_budget_calculate(
        participant=participant, method=method, year=year, inputs=inputs, reason=reason
    )
    return IndicativeBudget.objects.create(
        participant=participant,
        year=year.start_year,
        method=calculation.method.value,
        inputs=inputs,
        workings=workings_as_json(calculation),
        amount=calculation.amount,
        reason=reason.strip(),
        set_by=user,
    )
