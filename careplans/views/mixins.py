"""What every care plan page shares: finding the plan in the user's scope, loading a
version with what the pages show of it, and who may change or decide a plan."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse

from audit.reads import get_visible_or_404
from careplans.forms.base import WHOLE_NUMBER
from careplans.locking import AlreadyDecided, StaleEdit
from careplans.models import CarePlan, CarePlanVersion, Outcome, SpendingLine
from careplans.presenters import (
    STALE_MESSAGE,
    SUBMITTED_MESSAGE,
    describe_totals,
    not_a_draft_message,
)
from careplans.pricing import SpendingPlan, spending_plan
from careplans.selectors import current_version, plans_visible_to
from costing.forms import add_service_errors
from participants.models import Participant
from people.models import Role, User

CHANGE = "participants.change_participant"
VERSION_RELATED = (
    "plan__participant__team",
    "care_coordinator",
    "indicative_budget",
    "drafted_by",
    "last_edited_by",
    "submitted_by",
)


def visible_plans(user: User):
    return plans_visible_to(user).select_related("participant__team__organisation")


def version_queryset():
    """Versions with what the pages show of them."""
    return CarePlanVersion.objects.select_related(*VERSION_RELATED)


def load_version(version_pk: int) -> CarePlanVersion:
    return version_queryset().get(pk=version_pk)


@dataclass(frozen=True)
class LineRow:
    """A priced line as the pages show it, with the outcomes it serves."""

    line: SpendingLine
    cost: Any
    problems: list[str]
    served: list[Outcome]


def version_parts(version: CarePlanVersion, plan: SpendingPlan | None = None) -> dict[str, Any]:
    """What a page shows of a version: outcomes, risks, priced lines and totals."""
    outcomes = list(version.outcomes.all())
    by_pk = {outcome.pk: outcome for outcome in outcomes}
    plan = plan or spending_plan(version)
    rows = [
        LineRow(
            line=p.line,
            cost=p.cost,
            problems=p.problems,
            served=[by_pk[o.pk] for o in p.line.outcomes.all() if o.pk in by_pk]
            if p.line.pk
            else [],
        )
        for p in plan.lines
    ]
    return {
        "version": version,
        "outcomes": outcomes,
        "risks": list(version.risks.all()),
        "rows": rows,
        "recurring": [r for r in rows if r.line.frequency != "one_off"],
        "one_off": [r for r in rows if r.line.frequency == "one_off"],
        **describe_totals(plan.totals),
    }


def may_decide(user: User, participant: Participant) -> bool:
    """The user's role lets them decide this person's plans (the service checks the rest)."""
    team = participant.team
    if user.role == Role.FACILITATOR:
        return user.team_id == team.pk
    if user.role == Role.COMMISSIONER:
        return user.organisation_id == team.organisation_id
    return False


class PlanMixin:
    """A page about one care plan: 404 outside the user's scope; with ``change``, 403 for a
    user who may see the plan but not change it. A page read is kept in the audit trail."""

    change = False

    def dispatch(self, request, *args, **kwargs):
        self.plan: CarePlan = get_visible_or_404(
            request, visible_plans(request.user), pk=kwargs["pk"]
        )
        self.participant: Participant = self.plan.participant
        self.can_change = request.user.has_perm(CHANGE, self.participant)
        if self.change and not self.can_change:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def plan_url(self) -> str:
        return reverse("careplans:detail", args=[self.plan.pk])

    def editor_url(self) -> str:
        return reverse("careplans:edit", args=[self.plan.pk])

    def base_context(self, **kwargs) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "participant": self.participant,
            "can_change": self.can_change,
            **kwargs,
        }

    def posted_version(self) -> CarePlanVersion:
        """The version a form was read from (it carries its number), else the latest."""
        number = self.request.POST.get("version", "")
        versions = version_queryset().filter(plan=self.plan)
        whole = WHOLE_NUMBER.fullmatch(number)
        version = versions.filter(number=int(number)).first() if whole else None
        return version or versions.order_by("-number").first()


class DraftMixin(PlanMixin):
    """A page that changes the plan's draft. Opening one when the latest version is not a
    draft goes back to the plan page, which says why."""

    change = True

    def draft_or_redirect(self) -> CarePlanVersion | HttpResponseRedirect:
        version = current_version(self.plan)
        if version.is_draft:
            return load_version(version.pk)
        messages.info(self.request, not_a_draft_message(version))
        return redirect(self.plan_url())

    def refused(self, form, error: Exception) -> int:
        """Put a refusal from the service on the form; the status the page answers with."""
        if isinstance(error, StaleEdit):
            form.add_error(None, STALE_MESSAGE)
            return 409
        if isinstance(error, AlreadyDecided):
            form.add_error(None, SUBMITTED_MESSAGE)
            return 409
        if isinstance(error, ValidationError):
            add_service_errors(form, error)
            form.mark_errors()
            return 200
        raise error
