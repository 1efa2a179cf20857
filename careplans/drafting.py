"""Drafting a care plan: start a plan, open a new draft, change its contents, and add,
change or remove its outcomes, risks and spending lines.

Every change locks the draft and checks its revision first (``careplans.locking``).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from budgets.models import IndicativeBudget
from careplans.locking import AlreadyDecided, lock_draft, require_team, touch
from careplans.models import (
    CarePlan,
    CarePlanVersion,
    FundingRoute,
    ManagementOption,
    Outcome,
    PlanStatus,
    Risk,
    SpendingLine,
)
from careplans.pricing import clinical_unit_price
from careplans.selectors import plan_waiting_for_decision
from costing.core import spending
from costing.core.money import MAX_AMOUNT, MoneyError, format_pounds, parse_amount
from costing.core.quantities import QuantityError, check_quantity
from costing.core.years import FinancialYearError, check_day
from participants.models import Participant
from participants.services import NO_SUCH_COORDINATOR
from people.models import User

NO_SUCH_OUTCOME = "There is no such outcome on this plan."
NO_SUCH_BUDGET = "There is no such indicative budget for this person."


def waiting_message(participant: Participant) -> str:
    return (
        f"{participant.full_name}’s care plan is waiting for a decision: a second plan "
        "cannot be started until it is decided."
    )


def higher_risk_message(participant: Participant) -> str:
    return (
        f"{participant.full_name} is at higher financial risk: no direct payment. "
        "Use a third-party budget instead."
    )


# -- Plans and drafts -----------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: User, participant: Participant) -> CarePlan:
    """A new plan with a first, empty draft that plans against the person's latest
    indicative budget. Refused while one of the person's plans waits for a decision."""
    require_team(user, participant)
    if plan_waiting_for_decision(participant) is not None:
        raise ValidationError({"participant": waiting_message(participant)})
    plan = CarePlan.objects.create(participant=participant, created_by=user)
    budget = (
        IndicativeBudget.objects.filter(participant=participant)
        .order_by("-year", "-set_at")
        .first()
    )
    version = CarePlanVersion.objects.create(
        plan=plan,
        number=1,
        care_coordinator=participant.care_coordinator,
        indicative_budget=budget,
        start_date=budget.financial_year.first_day if budget else None,
        drafted_by=user,
        last_edited_by=user,
    )
    version.contributors.add(user)
    return plan


@transaction.atomic
def draft_start(*, user: User, plan: CarePlan) -> CarePlanVersion:
    """The plan's draft, or a new one copied from its latest version (copy on write)."""
    require_team(user, plan.participant)
    latest = (
        CarePlanVersion.objects.select_for_update().filter(plan=plan).order_by("-number").first()
    )
    if latest.status == PlanStatus.DRAFT:
        return latest
    if latest.status == PlanStatus.SUBMITTED:
        raise AlreadyDecided("The plan is waiting for sign-off: it cannot be changed until then.")
    return copy_version(latest, user)


def copy_version(source: CarePlanVersion, user: User) -> CarePlanVersion:
    """A new draft with the source's contents, outcomes, risks and lines."""
    copy = CarePlanVersion.objects.get(pk=source.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.number = source.number + 1
    copy.status = PlanStatus.DRAFT
    copy.revision = 1
    copy.drafted_by = copy.last_edited_by = user
    copy.submitted_by = copy.submitted_at = None
    copy.route = ""
    copy.submitted_total = copy.submitted_indicative = None
    copy.save()
    copy.contributors.add(user)
    _copy_parts(source, copy)
    return copy


def _copy_parts(source: CarePlanVersion, copy: CarePlanVersion) -> None:
    outcomes = {}
    for outcome in source.outcomes.all():
        old_pk = outcome.pk
        outcome.pk = outcome.id = None
        outcome._state.adding = True
        outcome.version = copy
        outcome.save()
        outcomes[old_pk] = outcome
    for risk in source.risks.all():
        risk.pk = risk.id = None
        risk._state.adding = True
        risk.version = copy
        risk.save()
    for line in source.lines.prefetch_related("outcomes"):
        served = [outcomes[o.pk] for o in line.outcomes.all()]
        line.pk = line.id = None
        line._state.adding = True
        line.version = copy
        line.save()
        line.outcomes.set(served)


DRAFT_FIELDS = (
    "what_matters_to_person",
    "what_matters_for_health",
    "contingency_plan",
    "management_option",
    "managed_by",
    "care_coordinator",
    "health_monitored_by",
    "start_date",
    "first_review_date",
    "first_review_arrangements",
    "reduction_notice",
    "review_dates",
    "indicative_budget",
)


@transaction.atomic
def draft_update(
    *, user: User, version: CarePlanVersion, revision: int | None, **fields: Any
) -> CarePlanVersion:
    """Change the draft's contents. ``revision`` is the one the change was made from."""
    locked = lock_draft(version, revision)
    participant = locked.plan.participant
    require_team(user, participant)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(locked, name, value)
    errors = _contents_errors(locked, participant)
    if errors:
        raise ValidationError(errors)
    locked.full_clean(exclude=["plan", "drafted_by", "last_edited_by"], validate_unique=False)
    if "start_date" in fields:
        _reprice_clinical_lines(locked)
    touch(locked, user)
    return locked


def _contents_errors(version: CarePlanVersion, participant: Participant) -> dict[str, str]:
    errors = {}
    budget = version.indicative_budget
    if budget is not None and budget.participant_id != participant.pk:
        errors["indicative_budget"] = NO_SUCH_BUDGET
    coordinator = version.care_coordinator
    if coordinator is not None and coordinator.team_id != participant.team_id:
        errors["care_coordinator"] = NO_SUCH_COORDINATOR
    if (
        participant.higher_financial_risk
        and version.management_option == ManagementOption.DIRECT_PAYMENT
    ):
        errors["management_option"] = higher_risk_message(participant)
    for name in ("start_date", "first_review_date"):
        day = getattr(version, name)
        try:
            check_day(day) if day is not None else None
        except FinancialYearError as error:
            errors[name] = str(error)
    return errors


def _reprice_clinical_lines(version: CarePlanVersion) -> None:
    for line in version.lines.filter(kind=SpendingLine.Kind.CLINICAL).select_related(
        "intervention"
    ):
        line.unit_cost = clinical_unit_price(line.intervention, version.start_date)
        line.save(update_fields=["unit_cost"])


# -- Outcomes and risks ---------------------------------------------------------------------------


@transaction.atomic
def outcome_save(
    *,
    user: User,
    version: CarePlanVersion,
    revision: int | None,
    existing: Outcome | None = None,
    **fields: Any,
) -> Outcome:
    locked = lock_draft(version, revision)
    require_team(user, locked.plan.participant)
    outcome = existing or Outcome(version=locked, position=locked.outcomes.count())
    for name, value in fields.items():
        setattr(outcome, name, value)
    outcome.full_clean(exclude=["version"])
    outcome.save()
    touch(locked, user)
    return outcome


@transaction.atomic
def risk_save(
    *,
    user: User,
    version: CarePlanVersion,
    revision: int | None,
    existing: Risk | None = None,
    **fields: Any,
) -> Risk:
    locked = lock_draft(version, revision)
    require_team(user, locked.plan.participant)
    risk = existing or Risk(version=locked, position=locked.risks.count())
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.full_clean(exclude=["version"])
    risk.save()
    touch(locked, user)
    return risk


@transaction.atomic
def part_delete(*, user: User, version: CarePlanVersion, revision: int | None, part) -> None:
    """Remove an outcome, a risk or a spending line from the draft."""
    locked = lock_draft(version, revision)
    require_team(user, locked.plan.participant)
    if part.version_id != locked.pk:
        raise ValidationError("That is not part of this draft.")
    part.delete()
    touch(locked, user)


# -- Spending lines -------------------------------------------------------------------------------

LINE_FIELDS = (
    "kind",
    "description",
    "intervention",
    "category",
    "provider",
    "unit_cost",
    "quantity",
    "frequency",
    "funding_route",
    "restriction",
    "is_contingency",
)


def check_line(participant: Participant, fields: dict[str, Any]) -> dict[str, str]:
    """What is wrong with a line's values, by field (nothing is rounded or guessed)."""
    errors: dict[str, str] = {}
    kind = fields.get("kind")
    if kind == SpendingLine.Kind.CLINICAL:
        if fields.get("intervention") is None:
            errors["intervention"] = "Choose the intervention."
    elif kind == SpendingLine.Kind.PURCHASE:
        errors.update(_purchase_errors(fields))
    else:
        errors["kind"] = "Choose clinical or purchase."
    errors.update(_quantity_errors(fields, errors))
    if not str(fields.get("description", "")).strip():
        errors["description"] = "Describe the line, as the person would."
    route = fields.get("funding_route")
    if route not in FundingRoute.values:
        errors["funding_route"] = "Choose how it is funded."
    elif route == FundingRoute.DIRECT_PAYMENT and participant.higher_financial_risk:
        errors["funding_route"] = higher_risk_message(participant)
    return errors


def _quantity_errors(fields: dict[str, Any], found: dict[str, str]) -> dict[str, str]:
    """A whole number up to a year's contacts or bed days (clinical) or 1,000 each time
    (a purchase), and a line that costs at most the most a line may."""
    intervention = fields.get("intervention")
    clinical = fields.get("kind") == SpendingLine.Kind.CLINICAL
    unit = intervention.unit if clinical and intervention is not None else "purchase"
    try:
        quantity = check_quantity(fields.get("quantity"), unit)
    except QuantityError as error:
        return {"quantity": str(error)}
    if found or fields.get("frequency") not in spending.Frequency:
        return {}
    try:
        unit_cost = parse_amount(fields.get("unit_cost", ""))
    except (MoneyError, TypeError):
        return {}
    line = spending.Line(unit_cost, quantity, spending.Frequency(fields["frequency"]))
    problem = spending.line_problem(line)
    return {"quantity": problem} if problem else {}


def _purchase_errors(fields: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not fields.get("category"):
        errors["category"] = "Choose the category of purchase."
    try:
        parse_amount(fields.get("unit_cost", ""))
    except (MoneyError, TypeError):
        errors["unit_cost"] = (
            "Enter the cost in pounds and pence, more than £0.00 and at most "
            f"{format_pounds(MAX_AMOUNT)}, such as 7.00."
        )
    if fields.get("frequency") not in spending.Frequency:
        errors["frequency"] = "Choose how often it is paid."
    return errors


@transaction.atomic
def line_save(
    *,
    user: User,
    version: CarePlanVersion,
    revision: int | None,
    existing: SpendingLine | None = None,
    outcomes: list[Outcome] | None = None,
    **fields: Any,
) -> SpendingLine:
    """Add or change a spending line; a clinical line is priced at the tariff on the
    plan's start date."""
    locked = lock_draft(version, revision)
    participant = locked.plan.participant
    require_team(user, participant)
    if existing is not None and existing.version_id != locked.pk:
        raise ValidationError("That line is not part of this draft.")
    values = {name: getattr(existing, name) for name in LINE_FIELDS} if existing else {}
    values.update(fields)
    if values.get("kind") == SpendingLine.Kind.CLINICAL:
        values["frequency"] = spending.Frequency.YEARLY.value
        values["category"] = ""
        if values.get("intervention") is not None:
            values["unit_cost"] = clinical_unit_price(values["intervention"], locked.start_date)
    errors = check_line(participant, values)
    if outcomes is not None and any(o.version_id != locked.pk for o in outcomes):
        errors["outcomes"] = NO_SUCH_OUTCOME
    if errors:
        raise ValidationError(errors)
    count = locked.lines.count()
    if existing is None and count >= spending.MAX_LINES:
        raise ValidationError(f"A spending plan has at most {spending.MAX_LINES} lines.")
    line = existing or SpendingLine(version=locked, position=count)
    for name, value in values.items():
        setattr(line, name, value)
    line.unit_cost = parse_amount(line.unit_cost)
    line.full_clean(exclude=["version"])
    line.save()
    if outcomes is not None:
        line.outcomes.set(outcomes)
    touch(locked, user)
    return line
