"""What a peer reviewer may see of a plan version: the plan, pseudonymised.

A pseudonym for the person, an age band for their date of birth, a month and year for
every date, staff by role, and every piece of free text redacted of the person's own
identifiers and of anything shaped like one (``peer_audit.core.redaction``). No id of
the person, the plan, the version or any part of it: the spending plan's lines name the
outcomes they serve by their number. The result is plain JSON-ready data, for the audit
page, the API and any file alike.
"""

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, TextChoices
from django.utils import timezone

from budgets.models import BudgetMethod
from careplans.models import (
    CarePlanVersion,
    Decision,
    FrequencyChoice,
    FundingRoute,
    ManagedBy,
    ManagementOption,
    Outcome,
    OutcomeCategory,
    PlanStatus,
    PurchaseCategory,
    RestrictionChoice,
    SpendingLine,
)
from careplans.pricing import SpendingPlan, spending_plan
from costing.core.money import to_pennies
from costing.core.signoff import Route
from costing.core.years import FinancialYear
from participants.models import ClusterAssignment, Participant
from peer_audit.core.pseudonym import age_band, month_year, pseudonym
from peer_audit.core.redaction import KnownIdentifiers, redact
from people.models import Role, User
from reviews.models import OutcomeProgress, Review

Redact = Callable[[str], str]
ROUTE_LABELS = {
    Route.FACILITATOR: Role.FACILITATOR.label,
    Route.COMMISSIONER: Role.COMMISSIONER.label,
}


def known_identifiers(
    participant: Participant, staff: Iterable[User | None] = ()
) -> KnownIdentifiers:
    """What identifies the person: their names and their representative's, the names of
    ``staff`` (so a coordinator named in a note goes too), NHS number, date of birth and
    address."""
    names = {participant.given_name, participant.family_name}
    names.update(_names_in(participant.representative))
    for user in staff:
        if user is not None:
            names.update((user.first_name, user.last_name))
    return KnownIdentifiers(
        names=tuple(sorted(name.strip() for name in names if name and name.strip())),
        nhs_number=participant.nhs_number,
        date_of_birth=participant.date_of_birth,
        address=participant.address,
    )


def _names_in(text: str) -> list[str]:
    """The names in a free-text field such as "Jane Doe (her sister)": its capitalised
    words, or, when none is capitalised, every word."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    capitalised = [word for word in words if word[0].isupper()]
    return capitalised or words


def pseudonymised_plan(
    version: CarePlanVersion, *, round_key: str, secret: bytes
) -> dict[str, Any]:
    """The version as a peer reviewer of the audit round ``round_key`` may see it.

    Reads the version again with all it needs, in a fixed number of queries whatever the
    size of the plan."""
    version = _loaded(version.pk)
    plan, person = version.plan, version.plan.participant
    decision = version.decision if hasattr(version, "decision") else None
    reviews = list(plan.reviews.all())
    staff = [
        plan.created_by,
        version.drafted_by,
        version.last_edited_by,
        version.submitted_by,
        version.care_coordinator,
        person.care_coordinator,
        decision.decided_by if decision else None,
        version.indicative_budget.set_by if version.indicative_budget_id else None,
        *version.contributors.all(),
        *person.team.members.all(),
        *(review.recorded_by for review in reviews),
    ]
    known = known_identifiers(person, staff)

    def text(value: str) -> str:
        return redact(value, known)

    outcomes = list(version.outcomes.all())
    priced = spending_plan(version, lines=list(version.lines.all()))
    numbers = {outcome.pk: number for number, outcome in enumerate(outcomes, start=1)}
    on = version.start_date or timezone.localdate()
    return {
        "pseudonym": pseudonym(secret, round_key, f"participant:{person.pk}"),
        "age_band": age_band(person.date_of_birth, on),
        "cluster": _cluster(person, on),
        "team": person.team.name,
        "plan": {
            "version": version.number,
            "status": PlanStatus(version.status).label,
            "starts": month_year(version.start_date),
            "what_matters_to_person": text(version.what_matters_to_person),
            "what_matters_for_health": text(version.what_matters_for_health),
            "contingency_plan": text(version.contingency_plan),
            "management_option": _label(ManagementOption, version.management_option),
            "managed_by": _label(ManagedBy, version.managed_by),
            "health_monitored_by": text(version.health_monitored_by),
            "first_review": month_year(version.first_review_date),
            "first_review_arrangements": text(version.first_review_arrangements),
            "reduction_notice": text(version.reduction_notice),
            "review_dates": text(version.review_dates),
            "next_review_due": month_year(plan.review_due),
            "ended": month_year(_day(plan.ended_at)),
            "ended_reason": text(plan.ended_reason),
        },
        "staff": {
            "drafted_by": _role(version.drafted_by),
            "submitted_by": _role(version.submitted_by),
            "care_coordinator": _role(version.care_coordinator),
        },
        "outcomes": [_outcome(number, outcome, text) for number, outcome in enumerate(outcomes, 1)],
        "risks": [
            {
                "risk": text(risk.risk),
                "how_managed": text(risk.how_managed),
                "managed_by": text(risk.managed_by),
            }
            for risk in version.risks.all()
        ],
        "spending_plan": _spending_plan(priced, numbers, text),
        "budget": _budget(version, priced, text),
        "decision": _decision(decision, text),
        "reviews": [_review(review, numbers, text) for review in reviews],
    }


def _loaded(pk: int) -> CarePlanVersion:
    lines = SpendingLine.objects.select_related("intervention").prefetch_related(
        Prefetch("outcomes", Outcome.objects.only("pk", "version_id"))
    )
    reviews = Review.objects.select_related("recorded_by").prefetch_related(
        Prefetch("progress", OutcomeProgress.objects.select_related("outcome")),
        "spending",
        "budget_changes",
    )
    return (
        CarePlanVersion.objects.select_related(
            "plan__created_by",
            "plan__participant__team",
            "plan__participant__cluster",
            "plan__participant__care_coordinator",
            "drafted_by",
            "last_edited_by",
            "submitted_by",
            "care_coordinator",
            "indicative_budget__set_by",
            "decision__decided_by",
        )
        .prefetch_related(
            "contributors",
            "plan__participant__team__members",
            Prefetch(
                "plan__participant__cluster_history",
                ClusterAssignment.objects.select_related("cluster"),
            ),
            "outcomes",
            "risks",
            Prefetch("lines", lines),
            Prefetch("plan__reviews", reviews),
        )
        .get(pk=pk)
    )


def _label(choices: type[TextChoices], value: str) -> str:
    return choices(value).label if value else ""


def _role(user: User | None) -> str:
    """Staff by role, never by name."""
    if user is None:
        return ""
    return Role(user.role).label if user.role in Role.values else "Staff"


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else str(to_pennies(amount))


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def _cluster(person: Participant, on: date) -> dict[str, Any] | None:
    """The person's cluster when the plan started (their present one if none was
    recorded then)."""
    cluster = next(
        (
            period.cluster
            for period in person.cluster_history.all()
            if period.start <= on and (period.end is None or on <= period.end)
        ),
        person.cluster,
    )
    return {"number": cluster.number, "name": cluster.name} if cluster else None


def _outcome(number: int, outcome: Outcome, text: Redact) -> dict[str, Any]:
    return {
        "number": number,
        "in_their_words": text(outcome.in_their_words),
        "category": _label(OutcomeCategory, outcome.category),
        "success_looks_like": text(outcome.success_looks_like),
        "not_working_signs": text(outcome.not_working_signs),
        "persons_part": text(outcome.persons_part),
    }


def _spending_plan(priced: SpendingPlan, numbers: dict[int, int], text: Redact) -> dict[str, Any]:
    lines = []
    for number, each in enumerate(priced.lines, start=1):
        line, cost = each.line, each.cost
        lines.append(
            {
                "number": number,
                "description": text(line.description),
                "kind": _label(SpendingLine.Kind, line.kind),
                "category": _label(PurchaseCategory, line.category),
                "intervention": line.intervention.name if line.intervention_id else "",
                "provider": text(line.provider),
                "unit_cost": _money(line.unit_cost),
                "quantity": line.quantity,
                "frequency": _label(FrequencyChoice, line.frequency),
                "funding_route": _label(FundingRoute, line.funding_route),
                "restriction": _label(RestrictionChoice, line.restriction),
                "contingency": line.is_contingency,
                "per_week": _money(cost.per_week),
                "per_year": _money(cost.per_year),
                "one_off": _money(cost.one_off),
                "total": _money(cost.total),
                "outcomes": sorted(numbers[o.pk] for o in line.outcomes.all() if o.pk in numbers),
                "problems": each.problems,
            }
        )
    totals = priced.totals
    percent = totals.percent_over
    return {
        "lines": lines,
        "totals": {
            "per_week": _money(totals.per_week),
            "per_year": _money(totals.per_year),
            "one_off": _money(totals.one_off),
            "contingency": _money(totals.contingency),
            "total": _money(totals.total),
            "indicative": _money(totals.indicative),
            "remaining": _money(totals.remaining),
            "limit": _money(totals.limit),
            "percent_over": "" if percent is None else str(percent),
            "route": ROUTE_LABELS.get(totals.route, ""),
        },
    }


def _budget(version: CarePlanVersion, priced: SpendingPlan, text: Redact) -> dict[str, Any] | None:
    budget = version.indicative_budget
    if budget is None:
        return None
    totals = priced.totals
    return {
        "amount": _money(budget.amount),
        "method": _label(BudgetMethod, budget.method),
        "year": FinancialYear(budget.year).label,
        "within_limit": totals.route == Route.FACILITATOR,
        "route": ROUTE_LABELS.get(totals.route, ""),
        "reason": text(budget.reason),
    }


def _decision(decision: Decision | None, text: Redact) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "kind": decision.get_kind_display(),
        "when": month_year(_day(decision.decided_at)),
        "decided_by": _role(decision.decided_by),
        "reason": text(decision.reason),
    }


def _review(review: Review, numbers: dict[int, int], text: Redact) -> dict[str, Any]:
    spending = list(review.spending.all())
    return {
        "held": month_year(review.held_on),
        "recorded_by": _role(review.recorded_by),
        "attendees": text(review.attendees),
        "what_is_working": text(review.what_is_working),
        "what_is_not_working": text(review.what_is_not_working),
        "decision": review.get_decision_display(),
        "decision_reason": text(review.decision_reason),
        "next_review_due": month_year(review.next_review_due),
        "progress": [
            {
                "outcome": numbers.get(progress.outcome_id),
                "in_their_words": text(progress.outcome.in_their_words),
                "rating": progress.rating,
                "rating_label": progress.get_rating_display(),
                "comment": text(progress.comment),
            }
            for progress in review.progress.all()
        ],
        "planned": _money(sum((s.planned for s in spending), Decimal("0.00"))),
        "spent": _money(sum((s.spent for s in spending), Decimal("0.00"))),
        "budget_changes": [
            {"year": FinancialYear(change.year).label, "amount": _money(change.amount)}
            for change in review.budget_changes.all()
        ],
    }
