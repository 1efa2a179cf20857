"""Reading and starting plans: the plan page, starting a plan, opening a new draft, one
version, and the Appendix 1 print view.

Every page finds its plan through ``plans_visible_to`` (a plan outside the user's
scope is 404, never 403), and a page read is logged in the audit trail.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from audit.reads import get_visible_or_404
from careplans.decisions import is_four_eyes, submission_problems
from careplans.drafting import draft_start, plan_create
from careplans.locking import AlreadyDecided
from careplans.models import CarePlan, Decision, PlanStatus, Reconsideration
from careplans.presenters import problem_list
from careplans.pricing import spending_plan
from careplans.sections import plan_page_context
from careplans.selectors import approved_version, current_version, versions_visible_to
from careplans.views.mixins import (
    VERSION_RELATED,
    PlanMixin,
    load_version,
    may_decide,
    version_parts,
)
from participants.services import participants_visible_to
from people.models import Role


class PlanStartView(View):
    """Start a care plan for a person (a first, empty draft) and open it in the editor."""

    http_method_names = ["post"]

    def post(self, request, participant_pk: int):
        participant = get_visible_or_404(
            request, participants_visible_to(request.user), pk=participant_pk
        )
        try:
            plan = plan_create(user=request.user, participant=participant)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("participants:detail", participant.pk)
        messages.success(request, f"A care plan for {participant.full_name} has been started.")
        # At the contents: the next Tab is their first field, not the header's links.
        return redirect(reverse("careplans:edit", args=[plan.pk]) + "#contents")


def decisions_of(plan: CarePlan) -> list[Decision]:
    """The plan's decisions, latest first, each with its reconsiderations."""
    decisions = list(
        Decision.objects.filter(version__plan=plan)
        .select_related("decided_by", "version")
        .prefetch_related(
            Prefetch(
                "reconsiderations",
                Reconsideration.objects.select_related("requested_by", "answered_by"),
            )
        )
        .order_by("-decided_at")
    )
    for decision in decisions:
        decision.reconsideration_list = list(decision.reconsiderations.all())
        decision.open_reconsideration = any(
            r.answered_at is None for r in decision.reconsideration_list
        )
    return decisions


class PlanDetailView(PlanMixin, TemplateView):
    """The plan as it stands: the latest version in full, its spending plan and totals, the
    versions, the decisions and reconsiderations, and what the user can do next."""

    template_name = "careplans/plan_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        version = load_version(current_version(self.plan).pk)
        priced = spending_plan(version)
        problems = submission_problems(version, priced) if version.is_draft else {}
        decisions = decisions_of(self.plan)
        waiting = version.status == PlanStatus.SUBMITTED
        can_decide = waiting and may_decide(user, self.participant)
        approved = approved_version(self.plan)
        return super().get_context_data(
            **self.base_context(**kwargs),
            **version_parts(version, priced),
            problem_list=problem_list(problems, self.editor_url()),
            versions=self.plan.versions.select_related("decision__decided_by", "drafted_by"),
            decisions=decisions,
            waiting=waiting,
            can_decide=can_decide,
            four_eyes=can_decide and is_four_eyes(user, version),
            is_commissioner=user.role == Role.COMMISSIONER,
            approved=approved,
            actions_first=approved is not None and version.pk == approved.pk,
            **plan_page_context(self.request, self.plan),
        )


class VersionMixin(PlanMixin):
    """One version of a plan, read-only (found through ``versions_visible_to``)."""

    def dispatch(self, request, *args, **kwargs):
        self.version = get_visible_or_404(
            request,
            versions_visible_to(request.user).select_related(*VERSION_RELATED),
            plan_id=kwargs["pk"],
            number=kwargs["number"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        decision = (
            Decision.objects.filter(version=self.version).select_related("decided_by").first()
        )
        return super().get_context_data(
            **self.base_context(**kwargs),
            **version_parts(self.version),
            decision=decision,
        )


class VersionDetailView(VersionMixin, TemplateView):
    template_name = "careplans/version_detail.html"


class VersionPrintView(VersionMixin, TemplateView):
    """The spending plan in the layout of Appendix 1 of the 2014 document, for printing."""

    template_name = "careplans/print.html"


class NewDraftView(PlanMixin, View):
    """Start a new draft copied from the latest version (a decided version never changes)."""

    http_method_names = ["post"]
    change = True

    def post(self, request, *args, **kwargs):
        try:
            version = draft_start(user=request.user, plan=self.plan)
        except AlreadyDecided as error:
            messages.error(request, str(error))
            return redirect(self.plan_url())
        messages.success(request, f"Version {version.number} is a new draft: change it here.")
        return redirect(self.editor_url())
