"""Care plans: drafting, spending lines, live totals, submission, sign-off and
reconsideration. Pages and API both come through here.

Concurrency: every change to a version locks its row first (``select_for_update``)
and then checks what it found, so two decisions on one version cannot both win
and a save from a stale copy of a draft is refused. On SQLite, transactions
start as writers (``IMMEDIATE``) to the same effect.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from budgets.models import IndicativeBudget
from careplans.models import (
    DECIDED,
    CarePlan,
    CarePlanVersion,
    Decision,
    FundingRoute,
    ManagementOption,
    Outcome,
    PlanStatus,
    Reconsideration,
    Risk,
    SpendingLine,
)
from costing.core import schedule, spending
from costing.core.money import MoneyError, parse_amount
from costing.core.signoff import Route
from costing.core.tariffs import NoTariffError, price_on
from costing.models import Intervention
from participants.models import Participant
from people.access import caseload_visible_to
from people.models import Role, User

FIRST_REVIEW_WITHIN = schedule.FIRST_WITHIN_MONTHS  # months after the plan starts


class StaleEdit(Exception):  # noqa: N818
    """Someone saved the draft since this copy was read: nothing was saved."""


class AlreadyDecided(Exception):  # noqa: N818
    """The version is no longer waiting (or no longer a draft): nothing was changed."""


class FourEyes(PermissionDenied):
    """A facilitator may not sign off a plan they drafted or last edited."""


# -- Who sees what --------------------------------------------------------------------------------


def plans_visible_to(user: User) -> QuerySet[CarePlan]:
    return caseload_visible_to(user, CarePlan.objects.all(), team_path="participant__team__")


def versions_visible_to(user: User) -> QuerySet[CarePlanVersion]:
    return caseload_visible_to(
        user, CarePlanVersion.objects.all(), team_path="plan__participant__team__"
    )


def _require_team(user: User, participant: Participant) -> None:
    if not user.has_perm("participants.change_participant", participant):
        raise PermissionDenied("Only the person’s own team can change their care plan.")


def current_version(plan: CarePlan) -> CarePlanVersion:
    return plan.versions.order_by("-number").first()


def approved_version(plan: CarePlan) -> CarePlanVersion | None:
    return (
        plan.versions.filter(status__in=[PlanStatus.SIGNED_OFF, PlanStatus.APPROVED])
        .order_by("-number")
        .first()
    )


# -- Drafting -------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: User, participant: Participant) -> CarePlan:
    """A new plan with a first, empty draft that plans against the person's latest
    indicative budget."""
    _require_team(user, participant)
    plan = CarePlan.objects.create(participant=participant, created_by=user)
    budget = (
        IndicativeBudget.objects.filter(participant=participant)
        .order_by("-year", "-set_at")
        .first()
    )
    CarePlanVersion.objects.create(
        plan=plan,
        number=1,
        care_coordinator=participant.care_coordinator,
        indicative_budget=budget,
        start_date=budget.financial_year.first_day if budget else None,
        drafted_by=user,
        last_edited_by=user,
    )
    return plan


def _lock(version_pk: int) -> CarePlanVersion:
    return (
        CarePlanVersion.objects.select_for_update(of=("self",))
        .select_related("plan__participant")
        .get(pk=version_pk)
    )


def _lock_draft(version: CarePlanVersion, revision: int | None) -> CarePlanVersion:
    locked = _lock(version.pk)
    if locked.status != PlanStatus.DRAFT:
        raise AlreadyDecided("This version has been submitted and can no longer change.")
    if revision is not None and locked.revision != revision:
        raise StaleEdit(
            f"Someone else saved this draft since you opened it (revision {locked.revision}, "
            f"you had {revision}). Your changes were not saved: reload to see theirs."
        )
    return locked


def _touch(version: CarePlanVersion, user: User) -> None:
    version.revision += 1
    version.last_edited_by = user
    version.save()


@transaction.atomic
def draft_start(*, user: User, plan: CarePlan) -> CarePlanVersion:
    """The plan's draft, or a new one copied from its latest version (copy on write)."""
    _require_team(user, plan.participant)
    latest = (
        CarePlanVersion.objects.select_for_update().filter(plan=plan).order_by("-number").first()
    )
    if latest.status == PlanStatus.DRAFT:
        return latest
    if latest.status == PlanStatus.SUBMITTED:
        raise AlreadyDecided("The plan is waiting for sign-off: it cannot be changed until then.")
    return _copy(latest, user)


def _copy(source: CarePlanVersion, user: User) -> CarePlanVersion:
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
    return copy


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
    locked = _lock_draft(version, revision)
    participant = locked.plan.participant
    _require_team(user, participant)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(locked, name, value)
    errors = {}
    budget = locked.indicative_budget
    if budget is not None and budget.participant_id != participant.pk:
        errors["indicative_budget"] = "Choose one of the person’s own indicative budgets."
    coordinator = locked.care_coordinator
    if coordinator is not None and coordinator.team_id != participant.team_id:
        errors["care_coordinator"] = "Choose a coordinator or facilitator of the person’s team."
    if (
        participant.higher_financial_risk
        and locked.management_option == ManagementOption.DIRECT_PAYMENT
    ):
        errors["management_option"] = _higher_risk_message(participant)
    if errors:
        raise ValidationError(errors)
    locked.full_clean(exclude=["plan", "drafted_by", "last_edited_by"], validate_unique=False)
    if "start_date" in fields:
        _reprice_clinical_lines(locked)
    _touch(locked, user)
    return locked


def _higher_risk_message(participant: Participant) -> str:
    return (
        f"{participant.full_name} is at higher financial risk: no direct payment. "
        "Use a third-party budget instead."
    )


def clinical_unit_price(intervention: Intervention, on: date | None) -> Decimal:
    """A clinical line's price: the tariff on the plan's start date (else ``ValidationError``)."""
    if on is None:
        raise ValidationError(
            {
                "start_date": "Set the plan’s start date first: clinical lines are "
                "priced at the tariff in force on it."
            }
        )
    prices = [p.as_dated_price() for p in intervention.prices.all()]
    try:
        return price_on(prices, on, intervention=intervention.code).price
    except NoTariffError as error:
        raise ValidationError({"intervention": str(error)}) from None


def _reprice_clinical_lines(version: CarePlanVersion) -> None:
    for line in version.lines.filter(kind=SpendingLine.Kind.CLINICAL).select_related(
        "intervention"
    ):
        line.unit_cost = clinical_unit_price(line.intervention, version.start_date)
        line.save(update_fields=["unit_cost"])


# -- Outcomes, risks and spending lines -----------------------------------------------------------


@transaction.atomic
def outcome_save(
    *,
    user: User,
    version: CarePlanVersion,
    revision: int | None,
    existing: Outcome | None = None,
    **fields: Any,
) -> Outcome:
    locked = _lock_draft(version, revision)
    _require_team(user, locked.plan.participant)
    outcome = existing or Outcome(version=locked, position=locked.outcomes.count())
    for name, value in fields.items():
        setattr(outcome, name, value)
    outcome.full_clean(exclude=["version"])
    outcome.save()
    _touch(locked, user)
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
    locked = _lock_draft(version, revision)
    _require_team(user, locked.plan.participant)
    risk = existing or Risk(version=locked, position=locked.risks.count())
    for name, value in fields.items():
        setattr(risk, name, value)
    risk.full_clean(exclude=["version"])
    risk.save()
    _touch(locked, user)
    return risk


@transaction.atomic
def part_delete(*, user: User, version: CarePlanVersion, revision: int | None, part) -> None:
    """Remove an outcome, a risk or a spending line from the draft."""
    locked = _lock_draft(version, revision)
    _require_team(user, locked.plan.participant)
    if part.version_id != locked.pk:
        raise ValidationError("That is not part of this draft.")
    part.delete()
    _touch(locked, user)


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
        if not fields.get("category"):
            errors["category"] = "Choose the category of purchase."
        try:
            parse_amount(fields.get("unit_cost", ""))
        except (MoneyError, TypeError):
            errors["unit_cost"] = (
                "Enter the cost in pounds and pence, more than £0.00, such as 7.00."
            )
        if fields.get("frequency") not in spending.Frequency:
            errors["frequency"] = "Choose how often it is paid."
    else:
        errors["kind"] = "Choose clinical or purchase."
    quantity = fields.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        errors["quantity"] = "Enter a whole number, 1 or more."
    if not str(fields.get("description", "")).strip():
        errors["description"] = "Describe the line, as the person would."
    route = fields.get("funding_route")
    if route not in FundingRoute.values:
        errors["funding_route"] = "Choose how it is funded."
    elif route == FundingRoute.DIRECT_PAYMENT and participant.higher_financial_risk:
        errors["funding_route"] = _higher_risk_message(participant)
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
    locked = _lock_draft(version, revision)
    participant = locked.plan.participant
    _require_team(user, participant)
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
        errors["outcomes"] = "Choose outcomes of this plan."
    if errors:
        raise ValidationError(errors)
    line = existing or SpendingLine(version=locked, position=locked.lines.count())
    for name, value in values.items():
        setattr(line, name, value)
    line.unit_cost = parse_amount(line.unit_cost)
    line.full_clean(exclude=["version"])
    line.save()
    if outcomes is not None:
        line.outcomes.set(outcomes)
    _touch(locked, user)
    return line


# -- Totals ---------------------------------------------------------------------------------------


def as_core_line(line: SpendingLine, serves_outcome: bool) -> spending.Line:
    return spending.Line(
        unit_cost=line.unit_cost,
        quantity=line.quantity,
        frequency=spending.Frequency(line.frequency),
        restriction=spending.Restriction(line.restriction) if line.restriction else None,
        serves_outcome=serves_outcome,
        is_purchase=line.kind == SpendingLine.Kind.PURCHASE,
        is_contingency=line.is_contingency,
    )


@dataclass(frozen=True)
class PricedLine:
    line: SpendingLine
    cost: spending.LineCost
    problems: list[str]


@dataclass(frozen=True)
class SpendingPlan:
    lines: list[PricedLine]
    totals: spending.Totals

    @property
    def recurring(self) -> list[PricedLine]:
        return [p for p in self.lines if p.line.frequency != spending.Frequency.ONE_OFF]

    @property
    def one_off(self) -> list[PricedLine]:
        return [p for p in self.lines if p.line.frequency == spending.Frequency.ONE_OFF]


def lines_of(version: CarePlanVersion) -> QuerySet[SpendingLine]:
    return version.lines.select_related("intervention").prefetch_related(
        Prefetch("outcomes", Outcome.objects.only("pk", "version_id"))
    )


def spending_plan(
    version: CarePlanVersion, lines: list[SpendingLine] | None = None
) -> SpendingPlan:
    """Each line's cost and problems, and the totals against the version's indicative budget.

    ``lines`` may be unsaved lines (the editor's live totals); the served
    outcomes are then read from ``line.served`` when set.
    """
    if lines is None:
        lines = list(lines_of(version))
    priced, cores = [], []
    for line in lines:
        served = getattr(line, "served", None)
        serves = bool(served) if served is not None else bool(line.pk and line.outcomes.all())
        core = as_core_line(line, serves)
        cores.append(core)
        priced.append(PricedLine(line, spending.line_cost(core), spending.line_problems(core)))
    indicative = version.indicative_budget.amount if version.indicative_budget_id else None
    return SpendingPlan(priced, spending.totals(cores, indicative))


def funding_split(plan: SpendingPlan) -> list[dict[str, Any]]:
    """The plan's total by funding route."""
    amounts: dict[str, Decimal] = {}
    for priced in plan.lines:
        route = priced.line.funding_route
        amounts[route] = amounts.get(route, Decimal("0.00")) + priced.cost.total
    return [
        {"route": label, "amount": amounts[value]}
        for value, label in FundingRoute.choices
        if value in amounts
    ]


def plan_summaries(participant: Participant) -> list[dict[str, Any]]:
    """A person's plans for their page: status, and the approved budget with its funding
    routes (a few queries a plan; a person has few plans)."""
    plans = participant.care_plans.prefetch_related(
        Prefetch("versions", CarePlanVersion.objects.select_related("decision"))
    )
    summaries = []
    for plan in plans:
        versions = list(plan.versions.all())  # latest first
        current = versions[0] if versions else None
        approved = next(
            (v for v in versions if v.status in (PlanStatus.SIGNED_OFF, PlanStatus.APPROVED)),
            None,
        )
        summary = {"plan": plan, "current": current, "approved": approved}
        if approved is not None:
            priced = spending_plan(approved)
            summary["approved_total"] = priced.totals.total
            summary["funding"] = funding_split(priced)
        if plan.review_due is not None:
            summary["review_due"] = {"date": plan.review_due, "rule": plan.review_due_rule}
        summaries.append(summary)
    return summaries


# -- Submission -----------------------------------------------------------------------------------

REQUIRED = {
    "what_matters_to_person": "Write what matters to the person, in their own words.",
    "what_matters_for_health": "Write what matters for the person’s health.",
    "contingency_plan": "Write the contingency or crisis plan.",
    "management_option": "Choose how the budget is managed.",
    "managed_by": "Choose who manages the budget.",
    "care_coordinator": "Name the care coordinator.",
    "health_monitored_by": "Say who monitors the person’s health.",
    "start_date": "Give the date the plan starts.",
    "first_review_date": "Give the date of the first review.",
    "first_review_arrangements": "Say how the first review will be held.",
    "reduction_notice": "Say what notice will be given before any reduction of the budget.",
    "review_dates": "Give the later review dates.",
    "indicative_budget": "The plan needs an indicative budget to plan against.",
}


def submission_problems(
    version: CarePlanVersion, plan: SpendingPlan | None = None
) -> dict[str, list[str]]:
    """Everything that stops the version being submitted, by field (empty: it can go)."""
    problems: dict[str, list[str]] = {}
    for field, message in REQUIRED.items():
        if not getattr(
            version, field if not field.endswith(("budget", "coordinator")) else f"{field}_id"
        ):
            problems.setdefault(field, []).append(message)
    outcomes = list(version.outcomes.all())
    if not outcomes:
        problems.setdefault("outcomes", []).append(
            "Add at least one outcome, in the person’s words."
        )
    if not version.risks.exists():
        problems.setdefault("risks", []).append(
            "Write down the risks, how each is managed and by whom (or that there are none)."
        )
    plan = plan or spending_plan(version)
    if not plan.lines:
        problems.setdefault("lines", []).append("Add the spending plan’s lines.")
    for priced in plan.lines:
        if priced.line.restriction:
            problems.setdefault("lines", []).append(
                f"“{priced.line.description}”: {priced.problems[0]}"
            )
    participant = version.plan.participant
    if participant.higher_financial_risk and (
        version.management_option == ManagementOption.DIRECT_PAYMENT
        or any(p.line.funding_route == FundingRoute.DIRECT_PAYMENT for p in plan.lines)
    ):
        problems.setdefault("lines", []).append(_higher_risk_message(participant))
    start, first_review = version.start_date, version.first_review_date
    if start and first_review and first_review > schedule.add_months(start, FIRST_REVIEW_WITHIN):
        problems.setdefault("first_review_date", []).append(
            "The first review falls within 3 months of the plan’s start."
        )
    return problems


@dataclass(frozen=True)
class Submitted:
    version: CarePlanVersion
    route: Route
    total: Decimal
    indicative: Decimal
    limit: Decimal


@transaction.atomic
def submit(*, user: User, version: CarePlanVersion, revision: int | None = None) -> Submitted:
    """Freeze the draft and send it to the facilitator (within 15% of the indicative
    budget) or a commissioner (above)."""
    locked = _lock_draft(version, revision)
    _require_team(user, locked.plan.participant)
    plan = spending_plan(locked)
    problems = submission_problems(locked, plan)
    if problems:
        raise ValidationError(problems)
    totals = plan.totals
    locked.status = PlanStatus.SUBMITTED
    locked.submitted_by = user
    locked.submitted_at = timezone.now()
    locked.route = totals.route.value
    locked.submitted_total = totals.total
    locked.submitted_indicative = totals.indicative
    _transition(locked)
    return Submitted(locked, totals.route, totals.total, totals.indicative, totals.limit)


def _transition(version: CarePlanVersion) -> None:
    """Save a change of status on a row locked by the caller (the only way a submitted
    version changes, and it keeps the change in the history)."""
    version._changing_status = True
    try:
        version.save()
    finally:
        del version._changing_status


# -- Decisions ------------------------------------------------------------------------------------


def _check_decider(user: User, version: CarePlanVersion, kind: str) -> None:
    participant = version.plan.participant
    same_org = user.organisation_id == participant.team.organisation_id
    if kind == Decision.Kind.RETURN:
        allowed = (user.role == Role.FACILITATOR and user.team_id == participant.team_id) or (
            user.role == Role.COMMISSIONER and same_org
        )
        if not allowed:
            raise PermissionDenied(
                "Only the team’s facilitator or a commissioner can return a plan."
            )
    elif kind == Decision.Kind.SIGN_OFF:
        if user.role != Role.FACILITATOR or user.team_id != participant.team_id:
            raise PermissionDenied("Only a facilitator of the person’s team signs off a plan.")
        if version.route != Route.FACILITATOR:
            raise PermissionDenied(
                "This plan is more than 15% above the indicative budget: "
                "a commissioner must approve it."
            )
    elif kind == Decision.Kind.APPROVE:
        if user.role != Role.COMMISSIONER or not same_org:
            raise PermissionDenied("Only a commissioner of the organisation approves a plan.")
    else:
        raise ValidationError({"decision": "Choose sign_off, approve or return."})
    if user.role == Role.FACILITATOR and user.pk in (
        version.drafted_by_id,
        version.last_edited_by_id,
    ):
        raise FourEyes(
            "You drafted or last edited this plan: another facilitator of the team, "
            "or a commissioner, must decide it."
        )


@transaction.atomic
def decide(*, user: User, version: CarePlanVersion, kind: str, reason: str = "") -> Decision:
    """Sign off, approve or return a submitted version. Exactly one decision per version:
    a second, even at the same moment, gets ``AlreadyDecided``."""
    if kind == Decision.Kind.RETURN and not reason.strip():
        raise ValidationError({"reason": "Say why the plan is returned."})
    locked = _lock(version.pk)
    if locked.status != PlanStatus.SUBMITTED:
        raise AlreadyDecided(
            f"This version has already been decided ({locked.get_status_display().lower()})."
            if locked.status in DECIDED
            else "This version is not waiting for a decision."
        )
    _check_decider(user, locked, kind)
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                version=locked, kind=kind, reason=reason.strip(), decided_by=user
            )
    except IntegrityError:
        raise AlreadyDecided("This version has already been decided.") from None
    locked.status = {
        Decision.Kind.SIGN_OFF: PlanStatus.SIGNED_OFF,
        Decision.Kind.APPROVE: PlanStatus.APPROVED,
        Decision.Kind.RETURN: PlanStatus.RETURNED,
    }[kind]
    _transition(locked)
    if kind == Decision.Kind.RETURN:
        _copy(locked, locked.drafted_by)
    else:
        plan = locked.plan
        plan.review_due, plan.review_due_rule = first_review_due(locked, timezone.localdate())
        plan.save(update_fields=["review_due", "review_due_rule"])
    return decision


def first_review_due(version: CarePlanVersion, decided_on: date) -> tuple[date, str]:
    """When the first review falls after approval, and which rule set it."""
    cluster = version.plan.participant.cluster
    due = schedule.first_review(
        decided_on,
        planned=version.first_review_date,
        cluster_weeks=cluster.review_period_weeks if cluster else None,
        cluster=str(cluster.number) if cluster else "",
    )
    return due.on, due.rule


# -- Reconsideration ------------------------------------------------------------------------------


def budget_reduced_by(review) -> bool:
    """Whether a review changed the budget to less than the plan was drawn up against."""
    if review.decision != "change_budget" or not review.version.indicative_budget_id:
        return False
    before = review.version.indicative_budget.amount
    return any(change.amount < before for change in review.budget_changes.all())


@transaction.atomic
def reconsideration_request(
    *, user: User, reasons: str, decision: Decision | None = None, review=None
) -> Reconsideration:
    """The person asks for a decision to be looked at again: a plan returned
    (``decision``) or a budget reduced at a review (``review``)."""
    if (decision is None) == (review is None):
        raise ValueError("Reconsider a decision or a review, one of them")
    plan = decision.version.plan if decision is not None else review.plan
    _require_team(user, plan.participant)
    errors = {}
    if not reasons.strip():
        errors["reasons"] = "Give the person’s reasons."
    if decision is not None and decision.kind != Decision.Kind.RETURN:
        errors["reasons"] = "Only a returned plan, or a reduced budget, is reconsidered."
    if review is not None and not budget_reduced_by(review):
        errors["reasons"] = "This review did not reduce the budget: there is nothing to reconsider."
    subject = {"decision": decision} if decision is not None else {"review": review}
    if Reconsideration.objects.filter(answered_at__isnull=True, **subject).exists():
        errors["reasons"] = "A reconsideration of this decision is already open."
    if errors:
        raise ValidationError(errors)
    return Reconsideration.objects.create(reasons=reasons.strip(), requested_by=user, **subject)


@transaction.atomic
def reconsideration_answer(
    *, user: User, reconsideration: Reconsideration, outcome: str, answer: str
) -> Reconsideration:
    """A commissioner other than the one who decided answers, with reasons."""
    locked = (
        Reconsideration.objects.select_for_update(of=("self",))
        .select_related(
            "decision__version__plan__participant__team", "review__plan__participant__team"
        )
        .get(pk=reconsideration.pk)
    )
    participant = locked.plan.participant
    if user.role != Role.COMMISSIONER or user.organisation_id != participant.team.organisation_id:
        raise PermissionDenied("Only a commissioner of the organisation answers a reconsideration.")
    if user.pk == locked.decided_by_id:
        raise PermissionDenied("A commissioner other than the one who decided must answer.")
    if locked.answered_at is not None:
        raise AlreadyDecided("This reconsideration has already been answered.")
    errors = {}
    if outcome not in Reconsideration.Outcome.values:
        errors["outcome"] = "Choose whether the decision stands or is changed."
    if not answer.strip():
        errors["answer"] = "Give the reasons for the answer."
    if errors:
        raise ValidationError(errors)
    locked.outcome = outcome
    locked.answer = answer.strip()
    locked.answered_by = user
    locked.answered_at = timezone.now()
    locked.save()
    return locked


def reconsiderations_of(plan: CarePlan) -> QuerySet[Reconsideration]:
    """Every request for reconsideration on the plan: of its decisions and its reviews."""
    return (
        Reconsideration.objects.filter(Q(decision__version__plan=plan) | Q(review__plan=plan))
        .select_related("decision__version", "review", "requested_by", "answered_by")
        .order_by("-requested_at")
    )


def sign_off_queue(user: User) -> QuerySet[CarePlanVersion]:
    """Versions waiting for this user's decision, oldest first."""
    waiting = versions_visible_to(user).filter(status=PlanStatus.SUBMITTED)
    if user.role == Role.FACILITATOR:
        waiting = waiting.filter(route=Route.FACILITATOR)
    elif user.role != Role.COMMISSIONER:
        return waiting.none()
    return waiting.select_related("plan__participant__team", "submitted_by").order_by(
        "submitted_at", "pk"
    )
