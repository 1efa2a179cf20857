"""Review pages: record a review, call one, overdue lists, and review packs (ask, watch,
download). Thin views over ``reviews.services`` and ``reviews.packs``; every plan is
found through ``plans_visible_to`` (404 outside the user's scope)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import TemplateView, View

from audit.reads import get_visible_or_404, note_read
from careplans.pricing import spending_plan
from careplans.selectors import approved_version, plans_visible_to
from common.tables import Column, Table, day_text, table_download
from costing.core.schedule import days_overdue
from costing.forms import add_service_errors
from reviews import packs, services
from reviews.api import pack_download
from reviews.forms import TAPER_YEARS, CallReviewForm, ReviewForm
from reviews.models import Review, ReviewPack

CHANGE = "participants.change_participant"


class PlanPageMixin:
    """A page about one plan: 404 outside the user's scope; 403 for a change by someone
    outside the person's team; a read is logged as a view of the plan."""

    change = False

    def dispatch(self, request, *args, **kwargs):
        plans = plans_visible_to(request.user).select_related(
            "participant__team", "participant__cluster"
        )
        self.plan = get_visible_or_404(request, plans, pk=kwargs["plan_pk"])
        if self.change and not request.user.has_perm(CHANGE, self.plan.participant):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(plan=self.plan, participant=self.plan.participant, **kwargs)


def overdue_table(request, rows: list[tuple]) -> Table:
    """The overdue reviews (``(plan, days overdue)``), most overdue first unless sorted
    otherwise."""
    return Table(
        request,
        "overdue",
        "Overdue reviews",
        [
            Column(
                "person",
                "Person",
                lambda row: row[0].participant.full_name,
                show=lambda row: format_html(
                    '<a href="{}">{}</a>',
                    reverse("careplans:detail", args=[row[0].pk]),
                    row[0].participant.full_name,
                ),
            ),
            Column("team", "Team", lambda row: row[0].participant.team.name),
            Column(
                "coordinator",
                "Care coordinator",
                lambda row: (
                    row[0].participant.care_coordinator.get_full_name()
                    if row[0].participant.care_coordinator
                    else None
                ),
                show=lambda row: (
                    row[0].participant.care_coordinator.get_full_name()
                    if row[0].participant.care_coordinator
                    else "–"
                ),
            ),
            Column(
                "due",
                "Review due",
                lambda row: row[0].review_due,
                show=lambda row: format_html(
                    '{} <span class="nhsuk-body-s">({})</span>',
                    day_text(row[0].review_due),
                    row[0].review_due_rule,
                ),
                text=lambda row: row[0].review_due.isoformat(),
            ),
            Column("days", "Days overdue", lambda row: row[1], numeric=True),
        ],
        rows,
        default="-days",
    )


class OverdueView(TemplateView):
    """Reviews past their date: the team's, or the organisation's; most overdue first;
    sorted by any column, and as CSV."""

    template_name = "reviews/overdue.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        plans = list(services.overdue_reviews(request.user, today)[:500])
        table = overdue_table(
            request, [(plan, days_overdue(plan.review_due, today)) for plan in plans]
        )
        download = table_download(request, [table], "overdue-reviews")
        note_read(request, plans, download=download is not None)
        if download is not None:
            return download
        return self.render_to_response(self.get_context_data(table=table, today=today))


class ReviewCreateView(PlanPageMixin, TemplateView):
    change = True
    template_name = "reviews/review_form.html"

    def _form(self, data=None):
        version = approved_version(self.plan)
        if version is None:
            raise PermissionDenied("The plan has no approved version to review yet.")
        self.version = version
        self.spending = spending_plan(version)
        return ReviewForm(data, outcomes=version.outcomes.all(), lines=self.spending.lines)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            taper = [
                (data[f"taper_year_{n}"], data[f"taper_amount_{n}"])
                for n in range(TAPER_YEARS)
                if data.get(f"taper_amount_{n}")
            ]
            try:
                review = services.review_record(
                    user=request.user,
                    plan=self.plan,
                    held_on=data["held_on"],
                    attendees=data["attendees"],
                    what_is_working=data["what_is_working"],
                    what_is_not_working=data["what_is_not_working"],
                    progress=[
                        services.Progress(o, data[f"rating_{o.pk}"], data[f"comment_{o.pk}"])
                        for o in form.outcomes
                    ],
                    spending=[
                        services.Spent(p.line, data[f"spent_{p.line.pk}"])
                        for p in form.lines
                        if data.get(f"spent_{p.line.pk}") is not None
                    ],
                    decision=data["decision"],
                    decision_reason=data["decision_reason"],
                    taper=taper,
                )
            except ValidationError as error:
                add_service_errors(form, error, {"taper": "taper_amount_0"})
            else:
                messages.success(request, "The review is recorded.")
                return redirect("reviews:detail", pk=review.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        since, lines = services.service_use_since_last_review(self.plan, timezone.localdate())
        return super().get_context_data(
            version=self.version, service_use_since=since, service_use=lines, **kwargs
        )


class CallReviewView(PlanPageMixin, TemplateView):
    change = True
    template_name = "reviews/call_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=CallReviewForm()))

    def post(self, request, *args, **kwargs):
        form = CallReviewForm(request.POST)
        if form.is_valid():
            try:
                services.review_call(user=request.user, plan=self.plan, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"A review is called for {form.cleaned_data['on']:%-d %B %Y}."
                )
                return redirect("careplans:detail", pk=self.plan.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReviewDetailView(TemplateView):
    template_name = "reviews/review_detail.html"

    def get_context_data(self, **kwargs):
        review = get_visible_or_404(
            self.request,
            services.reviews_visible_to(self.request.user).select_related(
                "plan__participant", "version", "recorded_by"
            ),
            pk=kwargs["pk"],
        )
        return super().get_context_data(
            review=review,
            plan=review.plan,
            participant=review.plan.participant,
            progress=review.progress.select_related("outcome"),
            spending=review.spending.select_related("line"),
            changes=review.budget_changes.all(),
            packs=review.packs.order_by("-requested_at")[:5],
            **kwargs,
        )


class PackRequestView(PlanPageMixin, View):
    """Ask for a review pack of the plan's latest version (and a review): the existing pack
    if one is queued, rendering or ready."""

    def post(self, request, *args, **kwargs):
        version = self.plan.versions.order_by("-number").first()
        review = None
        if request.POST.get("review"):
            review = get_object_or_404(
                Review.objects.filter(plan=self.plan), pk=request.POST["review"]
            )
            version = review.version
        pack, created = packs.pack_request(user=request.user, version=version, review=review)
        if not created:
            messages.info(request, "This pack was already asked for: here it is.")
        return redirect("reviews:pack", pk=pack.pk)


def _pack(request, pk) -> ReviewPack:
    return get_visible_or_404(
        request,
        packs.packs_visible_to(request.user).select_related("version__plan__participant", "review"),
        pk=pk,
    )


class PackView(TemplateView):
    """The pack's progress; the page asks again every 2 seconds (htmx) until it is ready. A
    pack left waiting (its task was lost) is sent again."""

    template_name = "reviews/pack.html"

    def get(self, request, *args, **kwargs):
        pack = _pack(request, kwargs["pk"])
        packs.pack_resend_if_stalled(pack)
        context = self.get_context_data(
            pack=pack, plan=pack.version.plan, participant=pack.version.plan.participant
        )
        if request.htmx:
            return render(request, "reviews/_pack_status.html", context)
        return self.render_to_response(context)


class PackDownloadView(View):
    def get(self, request, pk):
        return pack_download(request, _pack(request, pk))
