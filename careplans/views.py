"""The care plan pages: thin views over ``careplans.services``.

Every page finds its plan through ``plans_visible_to`` (a plan outside the
user's scope is 404, never 403), a page that changes a plan checks that the
user works in the person's team (403 otherwise), and a page read is logged in
the audit trail. The draft's forms carry the version and revision they were
read at: a save from a stale copy is refused with a message and the typed
values stay on screen.

The spending plan's totals always come from ``spending_plan`` (the costing
core): while a line is typed, htmx posts the form to ``LineTotalsView``, which
prices the unsaved line with the others and returns the totals partial.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.timesince import timesince
from django.views.generic import TemplateView, View

from audit.services import record_view
from careplans.forms import (
    DecisionForm,
    OutcomeForm,
    PlanContentsForm,
    ReconsiderationAnswerForm,
    ReconsiderationRequestForm,
    RemoveForm,
    RiskForm,
    SpendingLineForm,
)
from careplans.models import (
    CarePlan,
    CarePlanVersion,
    Decision,
    Outcome,
    PlanStatus,
    Reconsideration,
    Risk,
    SpendingLine,
)
from careplans.sections import plan_page_context
from careplans.services import (
    AlreadyDecided,
    FourEyes,
    SpendingPlan,
    StaleEdit,
    approved_version,
    clinical_unit_price,
    current_version,
    decide,
    draft_start,
    draft_update,
    line_save,
    lines_of,
    outcome_save,
    part_delete,
    plan_create,
    plans_visible_to,
    reconsideration_answer,
    reconsideration_request,
    reconsiderations_of,
    risk_save,
    sign_off_queue,
    spending_plan,
    submission_problems,
    submit,
    versions_visible_to,
)
from costing.core.money import format_pounds, percent_change
from costing.core.signoff import Route
from costing.forms import add_service_errors
from costing.models import Intervention
from participants.models import Participant
from participants.services import participants_visible_to
from people.models import Role, User

CHANGE = "participants.change_participant"
QUEUE_PAGE_SIZE = 50
STALE_MESSAGE = (
    "Someone else saved this draft since you opened it. Nothing you typed here has been saved, "
    "and their changes are kept: copy anything you want to keep, then open the draft again "
    "to see their changes."
)
SUBMITTED_MESSAGE = (
    "This version has been submitted for sign-off, so it can no longer change: nothing was saved."
)
PROBLEM_HEADINGS = {
    "what_matters_to_person": "What matters to the person",
    "what_matters_for_health": "What matters for their health",
    "contingency_plan": "Contingency or crisis plan",
    "management_option": "How the budget is managed",
    "managed_by": "Who manages the budget",
    "care_coordinator": "Named care coordinator",
    "health_monitored_by": "Who monitors the person’s health",
    "start_date": "Date the plan starts",
    "first_review_date": "Date of the first review",
    "first_review_arrangements": "How the first review will be held",
    "reduction_notice": "Notice before any reduction of the budget",
    "review_dates": "Later review dates",
    "indicative_budget": "Indicative budget",
    "outcomes": "Outcomes",
    "risks": "Risks",
    "lines": "Spending plan",
}
EDITOR_ANCHORS = {"outcomes": "outcomes", "risks": "risks", "lines": "spending-plan"}


# -- Reading a plan ------------------------------------------------------------------------------


def visible_plans(user: User):
    return plans_visible_to(user).select_related("participant__team__organisation")


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def route_sentence(totals) -> str:
    """Who would sign the plan off at this total, in words."""
    if totals.route is None:
        return "No indicative budget yet: the plan cannot be submitted until it has one."
    if totals.route == Route.FACILITATOR:
        return "Within 15% of the indicative budget: the team’s facilitator signs it off."
    return (
        f"More than 15% above the indicative budget (limit {format_pounds(totals.limit)}): "
        "a commissioner must approve it."
    )


def percent_text(percent: Decimal | None) -> str:
    if percent is None:
        return ""
    if percent > 0:
        return f"{percent}% over"
    if percent < 0:
        return f"{-percent}% under"
    return "Exactly on it"


def describe_totals(totals) -> dict[str, Any]:
    """The totals and what the pages say of them (the totals partial's context)."""
    over_by = -totals.remaining if totals.remaining is not None and totals.remaining < 0 else None
    return {
        "totals": totals,
        "route_sentence": route_sentence(totals),
        "over_by": over_by,
        "percent_text": percent_text(totals.percent_over),
    }


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


VERSION_RELATED = (
    "plan__participant__team",
    "care_coordinator",
    "indicative_budget",
    "drafted_by",
    "last_edited_by",
    "submitted_by",
)


def version_queryset():
    """Versions with what the pages show of them."""
    return CarePlanVersion.objects.select_related(*VERSION_RELATED)


def load_version(version_pk: int) -> CarePlanVersion:
    return version_queryset().get(pk=version_pk)


def is_four_eyes(user: User, version: CarePlanVersion) -> bool:
    return user.role == Role.FACILITATOR and user.pk in (
        version.drafted_by_id,
        version.last_edited_by_id,
    )


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
        self.plan: CarePlan = get_object_or_404(visible_plans(request.user), pk=kwargs["pk"])
        self.participant: Participant = self.plan.participant
        self.can_change = request.user.has_perm(CHANGE, self.participant)
        if self.change and not self.can_change:
            raise PermissionDenied
        if request.method == "GET":
            record_view(user=request.user, obj=self.plan, request=request)
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
        version = versions.filter(number=int(number)).first() if number.isdigit() else None
        return version or versions.order_by("-number").first()


class PlanStartView(View):
    """Start a care plan for a person (a first, empty draft) and open it in the editor."""

    http_method_names = ["post"]

    def post(self, request, participant_pk: int):
        participant = get_object_or_404(participants_visible_to(request.user), pk=participant_pk)
        plan = plan_create(user=request.user, participant=participant)
        messages.success(request, f"A care plan for {participant.full_name} has been started.")
        return redirect("careplans:edit", plan.pk)


class PlanDetailView(PlanMixin, TemplateView):
    """The plan as it stands: the latest version in full, its spending plan and totals, the
    versions, the decisions and reconsiderations, and what the user can do next."""

    template_name = "careplans/plan_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        version = load_version(current_version(self.plan).pk)
        priced = spending_plan(version)
        problems = submission_problems(version, priced) if version.is_draft else {}
        decisions = list(
            Decision.objects.filter(version__plan=self.plan)
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
        waiting = version.status == PlanStatus.SUBMITTED
        can_decide = waiting and may_decide(user, self.participant)
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
            approved=approved_version(self.plan),
            **plan_page_context(self.request, self.plan),
        )


def problem_list(problems: dict[str, list[str]], editor_url: str) -> list[dict[str, Any]]:
    """Submission problems by field, each with a link to where it is put right."""
    return [
        {
            "field": field,
            "heading": PROBLEM_HEADINGS.get(field, field.replace("_", " ").capitalize()),
            "messages": field_messages,
            "href": f"{editor_url}#{EDITOR_ANCHORS.get(field, 'id_' + field)}",
        }
        for field, field_messages in problems.items()
    ]


class VersionMixin(PlanMixin):
    """One version of a plan, read-only (found through ``versions_visible_to``)."""

    def dispatch(self, request, *args, **kwargs):
        self.version = get_object_or_404(
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


# -- The draft editor ----------------------------------------------------------------------------


class DraftMixin(PlanMixin):
    """A page that changes the plan's draft. Opening one when the latest version is not a
    draft goes back to the plan page, which says why."""

    change = True

    def draft_or_redirect(self) -> CarePlanVersion | HttpResponseRedirect:
        version = current_version(self.plan)
        if version.is_draft:
            return load_version(version.pk)
        if version.status == PlanStatus.SUBMITTED:
            messages.info(
                self.request,
                f"Version {version.number} is waiting for sign-off: it cannot change until it is "
                "decided.",
            )
        else:
            messages.info(
                self.request,
                f"Version {version.number} has been decided and cannot change: start a new draft "
                "to change the plan.",
            )
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


class DraftEditView(DraftMixin, TemplateView):
    """The draft: its contents form, and its outcomes, risks and spending lines."""

    template_name = "careplans/edit.html"

    def get(self, request, *args, **kwargs):
        version = self.draft_or_redirect()
        if not isinstance(version, CarePlanVersion):
            return version
        form = PlanContentsForm(
            initial=PlanContentsForm.initial_for(version), participant=self.participant
        )
        return self.render_to_response(self.get_context_data(form=form, version=version))

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        form = PlanContentsForm(request.POST, participant=self.participant)
        status = 200
        if form.is_valid():
            try:
                draft_update(
                    user=request.user,
                    version=version,
                    revision=form.cleaned_data["revision"],
                    **form.contents(),
                )
            except (StaleEdit, AlreadyDecided, ValidationError) as error:
                status = self.refused(form, error)
            else:
                messages.success(request, "The plan has been saved.")
                return redirect(self.editor_url())
        version = load_version(current_version(self.plan).pk)
        context = self.get_context_data(form=form, version=version)
        return self.render_to_response(context, status=status)

    def get_context_data(self, *, version: CarePlanVersion, **kwargs):
        priced = spending_plan(version)
        return super().get_context_data(
            **self.base_context(**kwargs),
            **version_parts(version, priced),
            problem_list=problem_list(submission_problems(version, priced), self.editor_url()),
        )


class DraftPartView(DraftMixin, TemplateView):
    """Add or change one part of the draft (an outcome, a risk or a spending line)."""

    model: type = Outcome
    form_class: type = OutcomeForm
    template_name = "careplans/part_form.html"
    noun = "outcome"
    anchor = "outcomes"

    def get_part(self):
        if "part_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.model, pk=self.kwargs["part_pk"], version__plan=self.plan)

    def make_form(self, version: CarePlanVersion, data=None, initial=None):
        return self.form_class(data, initial=initial)

    def initial(self, part) -> dict[str, Any]:
        return {name: getattr(part, name) for name in self.form_class.FIELDS}

    def get(self, request, *args, **kwargs):
        version = self.draft_or_redirect()
        if not isinstance(version, CarePlanVersion):
            return version
        part = self.get_part()
        if part is not None and part.version_id != version.pk:
            raise Http404
        initial = self.initial(part) if part else {}
        initial.update(version=version.number, revision=version.revision)
        form = self.make_form(version, initial=initial)
        return self.render_to_response(self.get_context_data(form=form, version=version, part=part))

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        part = self.get_part()
        form = self.make_form(version, data=request.POST)
        status = 200
        if self.wants_save() and form.is_valid():
            try:
                saved = self.save(version, form, part)
            except (StaleEdit, AlreadyDecided, ValidationError) as error:
                status = self.refused(form, error)
            else:
                messages.success(request, self.saved_message(saved, part))
                return redirect(f"{self.editor_url()}#{self.anchor}")
        context = self.get_context_data(form=form, version=version, part=part)
        return self.render_to_response(context, status=status)

    def wants_save(self) -> bool:
        return True

    def save(self, version, form, part):
        return outcome_save(
            user=self.request.user,
            version=version,
            revision=form.cleaned_data["revision"],
            existing=part,
            **form.values(),
        )

    def saved_message(self, saved, part) -> str:
        return f"The {self.noun} has been {'changed' if part else 'added'}."

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.base_context(**kwargs), noun=self.noun)


class OutcomeView(DraftPartView):
    pass


class RiskView(DraftPartView):
    model = Risk
    form_class = RiskForm
    noun = "risk"
    anchor = "risks"

    def save(self, version, form, part):
        return risk_save(
            user=self.request.user,
            version=version,
            revision=form.cleaned_data["revision"],
            existing=part,
            **form.values(),
        )


def clinical_unit_cost(intervention: Intervention, on: date | None) -> tuple[Decimal | None, str]:
    """The tariff price of a clinical line, as ``line_save`` prices it, or why there is none."""
    try:
        return clinical_unit_price(intervention, on), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


def live_totals(
    version: CarePlanVersion, form: SpendingLineForm, editing: SpendingLine | None
) -> dict[str, Any]:
    """The totals with the line being typed in place of (or added to) the saved lines.

    The line is built unsaved, with the outcomes it serves, and priced with the others
    by ``spending_plan``; nothing is kept.
    """
    form.is_valid()
    lines = list(lines_of(version))
    reasons = form.cost_errors()
    typed = None
    if not reasons:
        data = form.cleaned_data
        values = form.values()
        if values["kind"] == SpendingLine.Kind.CLINICAL:
            unit_cost, reason = clinical_unit_cost(values["intervention"], version.start_date)
            if reason:
                reasons = [reason]
            values.update(unit_cost=unit_cost, frequency="yearly")
        if not reasons:
            typed = SpendingLine(
                version=version,
                kind=values["kind"],
                description=values["description"] or "This line",
                intervention=values.get("intervention"),
                category=values.get("category", ""),
                provider=values.get("provider", ""),
                unit_cost=values["unit_cost"],
                quantity=values["quantity"],
                frequency=values["frequency"],
                funding_route=values.get("funding_route") or "",
                restriction=values.get("restriction", ""),
                is_contingency=values.get("is_contingency", False),
            )
            typed.served = list(data.get("outcomes") or [])
    if editing is not None:
        index = next((i for i, line in enumerate(lines) if line.pk == editing.pk), None)
        if typed is not None and index is not None:
            lines[index] = typed
        elif typed is not None:
            lines.append(typed)
    elif typed is not None:
        lines.append(typed)
    priced = spending_plan(version, lines=lines)
    typed_priced = next((p for p in priced.lines if p.line is typed), None)
    return {
        **describe_totals(priced.totals),
        "typed": typed_priced,
        "not_counted": reasons,
        "live": True,
    }


class LineView(DraftPartView):
    """Add or change a spending line, with the totals as they would be (live with htmx;
    without it, "Update the totals" shows the same)."""

    model = SpendingLine
    form_class = SpendingLineForm
    template_name = "careplans/line_form.html"
    noun = "spending line"
    anchor = "spending-plan"

    def make_form(self, version, data=None, initial=None):
        return SpendingLineForm(
            data, initial=initial, version=version, participant=self.participant
        )

    def initial(self, part) -> dict[str, Any]:
        return SpendingLineForm.initial_for(part)

    def wants_save(self) -> bool:
        return self.request.POST.get("action") != "check"

    def save(self, version, form, part):
        return line_save(
            user=self.request.user,
            version=version,
            revision=form.cleaned_data["revision"],
            existing=part,
            outcomes=list(form.cleaned_data["outcomes"]),
            **form.values(),
        )

    def saved_message(self, saved, part) -> str:
        totals = spending_plan(saved.version).totals
        remaining = (
            f", {format_pounds(totals.remaining)} left of {format_pounds(totals.indicative)}"
            if totals.indicative is not None and totals.remaining >= 0
            else ""
        )
        return (
            f"“{saved.description}” has been {'changed' if part else 'added'}. "
            f"The plan now totals {format_pounds(totals.total)}{remaining}."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, version, part = context["form"], context["version"], context.get("part")
        if form.is_bound:
            context.update(live_totals(version, form, part))
        else:
            priced = spending_plan(version)
            context.update(describe_totals(priced.totals))
        if part is not None:
            context["totals_url"] = reverse(
                "careplans:line_totals_edit", args=[self.plan.pk, part.pk]
            )
        else:
            context["totals_url"] = reverse("careplans:line_totals", args=[self.plan.pk])
        return context


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class LineTotalsView(DraftMixin, View):
    """The totals partial for the line form as it stands (htmx); nothing is kept.

    It only reads, so it takes no write transaction: requests fired while someone types
    do not queue behind each other.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        editing = None
        if "part_pk" in kwargs:
            editing = get_object_or_404(SpendingLine, pk=kwargs["part_pk"], version__plan=self.plan)
        form = SpendingLineForm(request.POST, version=version, participant=self.participant)
        context = live_totals(version, form, editing)
        return render(request, "careplans/_totals.html", context)


class PartRemoveView(DraftMixin, TemplateView):
    """Remove an outcome, a risk or a spending line from the draft, after a confirmation."""

    template_name = "careplans/remove.html"
    models: dict[str, tuple[type, str]] = {
        "outcomes": (Outcome, "outcome"),
        "risks": (Risk, "risk"),
        "lines": (SpendingLine, "spending line"),
    }

    def get_part(self):
        model, _ = self.models[self.kwargs["part"]]
        return get_object_or_404(model, pk=self.kwargs["part_pk"], version__plan=self.plan)

    def get(self, request, *args, **kwargs):
        version = self.draft_or_redirect()
        if not isinstance(version, CarePlanVersion):
            return version
        part = self.get_part()
        if part.version_id != version.pk:
            raise Http404
        form = RemoveForm(initial={"version": version.number, "revision": version.revision})
        return self.render_to_response(self.get_context_data(form=form, part=part))

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        part = self.get_part()
        form = RemoveForm(request.POST)
        status = 200
        if form.is_valid():
            try:
                part_delete(
                    user=request.user,
                    version=version,
                    revision=form.cleaned_data["revision"],
                    part=part,
                )
            except (StaleEdit, AlreadyDecided, ValidationError) as error:
                status = self.refused(form, error)
            else:
                messages.success(request, f"“{part}” has been removed.")
                anchor = {"lines": "spending-plan"}.get(self.kwargs["part"], self.kwargs["part"])
                return redirect(f"{self.editor_url()}#{anchor}")
        return self.render_to_response(self.get_context_data(form=form, part=part), status=status)

    def get_context_data(self, **kwargs):
        _, noun = self.models[self.kwargs["part"]]
        return super().get_context_data(**self.base_context(**kwargs), noun=noun)


# -- Submitting ----------------------------------------------------------------------------------


class SubmitView(PlanMixin, TemplateView):
    """Check the draft and send it for sign-off: to the facilitator within 15% of the
    indicative budget, to a commissioner above."""

    template_name = "careplans/submit.html"
    change = True

    def get(self, request, *args, **kwargs):
        version = load_version(current_version(self.plan).pk)
        if not version.is_draft:
            return redirect(self.plan_url())
        return self.render_to_response(self.page_context(version))

    def page_context(self, version: CarePlanVersion, **kwargs) -> dict[str, Any]:
        priced = spending_plan(version)
        problems = submission_problems(version, priced)
        return self.get_context_data(
            **self.base_context(**kwargs),
            **version_parts(version, priced),
            problem_list=problem_list(problems, self.editor_url()),
        )

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        revision = request.POST.get("revision", "")
        try:
            submitted = submit(
                user=request.user,
                version=version,
                revision=int(revision) if revision.isdigit() else None,
            )
        except StaleEdit:
            messages.error(
                request,
                "Someone else saved this draft since you opened it, so it was not submitted: "
                "check their changes, then submit again.",
            )
            return redirect(self.plan_url())
        except AlreadyDecided:
            messages.error(request, "This version has already been submitted.")
            return redirect(self.plan_url())
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            context = self.get_context_data(
                **self.base_context(),
                **version_parts(version),
                problem_list=problem_list(problems, self.editor_url()),
                tried=True,
            )
            return self.render_to_response(context, status=400)
        if submitted.route == Route.FACILITATOR:
            text = (
                f"Sent to the facilitator: the total {format_pounds(submitted.total)} is within "
                f"15% of the indicative budget {format_pounds(submitted.indicative)}."
            )
        else:
            text = (
                f"Sent to a commissioner: total {format_pounds(submitted.total)} is more than 15% "
                f"above {format_pounds(submitted.indicative)}."
            )
        messages.success(request, text)
        return redirect(self.plan_url())


# -- Sign-off ------------------------------------------------------------------------------------


class QueueView(TemplateView):
    """Plans waiting for the user's decision, oldest first, 50 a page. The number of queries
    does not grow with the number of plans."""

    template_name = "careplans/queue.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.role not in (Role.FACILITATOR, Role.COMMISSIONER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = Paginator(sign_off_queue(user), QUEUE_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        now = timezone.now()
        rows = [
            {
                "version": version,
                "participant": version.plan.participant,
                "percent_over": percent_change(
                    version.submitted_indicative, version.submitted_total
                )
                if version.submitted_indicative
                else None,
                "waiting": timesince(version.submitted_at, now, depth=1),
                "four_eyes": is_four_eyes(user, version),
            }
            for version in page.object_list
        ]
        return super().get_context_data(page_obj=page, rows=rows, **kwargs)


class DecideView(PlanMixin, TemplateView):
    """Sign off (a facilitator) or approve (a commissioner) the submitted version, or
    return it with reasons. Exactly one decision wins; the other is told who decided."""

    template_name = "careplans/decide.html"

    def check_role(self) -> None:
        if not may_decide(self.request.user, self.participant):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.check_role()
        version = load_version(current_version(self.plan).pk)
        if version.status != PlanStatus.SUBMITTED:
            return self.render_to_response(self.page_context(version, None))
        form = DecisionForm(initial={"version": version.number}, user=request.user)
        self.limit_choices(form, version)
        status = 403 if is_four_eyes(request.user, version) else 200
        return self.render_to_response(self.page_context(version, form), status=status)

    def post(self, request, *args, **kwargs):
        self.check_role()
        version = self.posted_version()
        form = DecisionForm(request.POST, user=request.user)
        self.limit_choices(form, version)
        status = 200
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = decide(
                    user=request.user, version=version, kind=data["decision"], reason=data["reason"]
                )
            except AlreadyDecided:
                form.add_error(None, self.already_decided(version))
                status = 409
            except (FourEyes, PermissionDenied) as error:
                form.add_error(None, str(error) or "You cannot decide this plan.")
                status = 403
            except ValidationError as error:
                add_service_errors(form, error, {"decision": "decision"})
            else:
                messages.success(request, self.decided_message(decision, version))
                return redirect(self.plan_url())
        return self.render_to_response(self.page_context(version, form), status=status)

    def limit_choices(self, form: DecisionForm, version: CarePlanVersion) -> None:
        """A facilitator cannot sign off a plan that a commissioner must approve."""
        user = self.request.user
        if user.role == Role.FACILITATOR and version.route == Route.COMMISSIONER:
            field = form.fields["decision"]
            field.choices = [c for c in field.choices if c[0] == Decision.Kind.RETURN]

    def already_decided(self, version: CarePlanVersion) -> str:
        decision = Decision.objects.filter(version=version).select_related("decided_by").first()
        if decision is None:
            return "This version is no longer waiting for a decision."
        return (
            "Someone else decided this plan a moment ago: it was "
            f"{decision.get_kind_display().lower()} by {decision.decided_by}"
            f"{' (' + decision.reason + ')' if decision.reason else ''}."
        )

    def decided_message(self, decision: Decision, version: CarePlanVersion) -> str:
        name = self.participant.full_name
        if decision.kind == Decision.Kind.RETURN:
            return (
                f"You returned {name}’s plan with your reasons; a new draft has been opened for "
                "the coordinator."
            )
        done = "signed off" if decision.kind == Decision.Kind.SIGN_OFF else "approved"
        text = f"You {done} {name}’s plan: {format_pounds(version.submitted_total)}."
        plan = CarePlan.objects.only("review_due", "review_due_rule").get(pk=self.plan.pk)
        if plan.review_due:
            text += f" The first review is due by {long_date(plan.review_due)}"
            text += f" ({plan.review_due_rule})." if plan.review_due_rule else "."
        return text

    def page_context(self, version: CarePlanVersion, form: DecisionForm | None):
        user = self.request.user
        decision = None
        if version.status != PlanStatus.SUBMITTED:
            decision = Decision.objects.filter(version=version).select_related("decided_by").first()
        return self.get_context_data(
            **self.base_context(),
            **version_parts(version),
            form=form,
            decision=decision,
            four_eyes=version.status == PlanStatus.SUBMITTED and is_four_eyes(user, version),
            commissioner_route=version.route == Route.COMMISSIONER,
            is_facilitator=user.role == Role.FACILITATOR,
        )


# -- Reconsideration -----------------------------------------------------------------------------


class ReconsiderationRequestView(PlanMixin, TemplateView):
    """The person asks for a decision to be looked at again, with their reasons: a plan
    returned, or a budget reduced at a review."""

    template_name = "careplans/reconsideration.html"
    change = True

    def get_subject(self) -> dict[str, Any]:
        if "review_pk" in self.kwargs:
            review = get_object_or_404(
                self.plan.reviews.select_related("recorded_by", "version__indicative_budget"),
                pk=self.kwargs["review_pk"],
                plan=self.plan,
            )
            return {"review": review}
        return {
            "decision": get_object_or_404(
                Decision.objects.select_related("decided_by", "version"),
                pk=self.kwargs["decision_pk"],
                version__plan=self.plan,
            )
        }

    def get(self, request, *args, **kwargs):
        form = ReconsiderationRequestForm()
        return self.render_to_response(self.page_context(form))

    def post(self, request, *args, **kwargs):
        form = ReconsiderationRequestForm(request.POST)
        if form.is_valid():
            try:
                reconsideration_request(
                    user=request.user, reasons=form.cleaned_data["reasons"], **self.get_subject()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    "The request for reconsideration has been recorded: a commissioner other "
                    "than the one who decided will answer it.",
                )
                return redirect(self.plan_url())
        return self.render_to_response(self.page_context(form))

    def page_context(self, form) -> dict[str, Any]:
        return self.get_context_data(
            **self.base_context(), form=form, answering=False, **self.get_subject()
        )


class ReconsiderationAnswerView(PlanMixin, TemplateView):
    """A commissioner other than the one who decided answers a reconsideration."""

    template_name = "careplans/reconsideration.html"

    def get_reconsideration(self) -> Reconsideration:
        return get_object_or_404(
            reconsiderations_of(self.plan).select_related("decision__decided_by"),
            pk=self.kwargs["reconsideration_pk"],
        )

    def check_role(self, reconsideration: Reconsideration) -> str:
        """Why this user cannot answer ("" if they can)."""
        user = self.request.user
        if (
            user.role != Role.COMMISSIONER
            or user.organisation_id != self.participant.team.organisation_id
        ):
            raise PermissionDenied
        if user.pk == reconsideration.decided_by_id:
            return "You made this decision: a commissioner other than you must answer."
        if reconsideration.answered_at is not None:
            return "This reconsideration has already been answered."
        return ""

    def get(self, request, *args, **kwargs):
        reconsideration = self.get_reconsideration()
        blocked = self.check_role(reconsideration)
        form = None if blocked else ReconsiderationAnswerForm()
        return self.render_to_response(
            self.page_context(form, reconsideration, blocked), status=403 if blocked else 200
        )

    def post(self, request, *args, **kwargs):
        reconsideration = self.get_reconsideration()
        blocked = self.check_role(reconsideration)
        form = ReconsiderationAnswerForm(request.POST)
        status = 200
        if not blocked and form.is_valid():
            try:
                reconsideration_answer(
                    user=request.user,
                    reconsideration=reconsideration,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            except AlreadyDecided as error:
                form.add_error(None, str(error))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your answer has been recorded on the plan.")
                return redirect(self.plan_url())
        elif blocked:
            status = 403
        return self.render_to_response(
            self.page_context(None if blocked else form, reconsideration, blocked), status=status
        )

    def page_context(self, form, reconsideration: Reconsideration, blocked: str):
        return self.get_context_data(
            **self.base_context(),
            form=form,
            decision=reconsideration.decision,
            review=reconsideration.review,
            reconsideration=reconsideration,
            blocked=blocked,
            answering=True,
        )
