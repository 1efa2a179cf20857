"""A commissioner's rounds: the list, opening one, its page (preview, draw, assign,
progress, open actions) and giving an audit to another reviewer. Thin views over
``peer_audit.rounds`` and ``peer_audit.progress``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from audit.reads import get_visible_or_404, note_read
from careplans.locking import AlreadyDecided
from careplans.models import CarePlan
from common.csv import csv_response
from common.tables import table_download
from costing.forms import add_service_errors
from peer_audit import progress, rounds
from peer_audit.round_forms import ReassignForm, RoundForm
from peer_audit.selectors import audits_overseen_by, rounds_visible_to
from peer_audit.views import round_tables
from peer_audit.views.commissioner import CommissionerPageMixin, RoundPageMixin


class RoundListView(CommissionerPageMixin, TemplateView):
    """The organisation's rounds, latest first, with how far each has got."""

    template_name = "peer_audit/round_list.html"

    def get(self, request, *args, **kwargs):
        found = progress.rounds_with_counts(rounds_visible_to(request.user))
        table = round_tables.rounds_table(request, found)
        return table_download(request, [table], "peer-audit-rounds") or self.render_to_response(
            self.get_context_data(table=table)
        )


class RoundNewView(CommissionerPageMixin, TemplateView):
    template_name = "peer_audit/round_new.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=RoundForm()))

    def post(self, request, *args, **kwargs):
        form = RoundForm(request.POST)
        if form.is_valid():
            try:
                audit_round = rounds.round_open(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"The round “{audit_round.name}” is open: check its preview, then draw.",
                )
                return redirect("peer_audit:round", pk=audit_round.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RoundDetailView(RoundPageMixin, TemplateView):
    """Before the draw, the preview per team; after it, the population kept with the round
    (and its seed), the audits' progress by reviewer and team, and open actions."""

    template_name = "peer_audit/round_detail.html"

    def get(self, request, *args, **kwargs):
        audit_round = self.audit_round
        if audit_round.status == audit_round.Status.OPEN:
            tables = [round_tables.preview_table(request, rounds.round_preview(audit_round))]
            context = {"preview": tables[0]}
        else:
            if request.GET.get("csv") == "plans":
                return self._plans_download()
            context, tables = self._drawn(request)
        return table_download(
            request, tables, f"peer-audit-round-{audit_round.pk}"
        ) or self.render_to_response(self.get_context_data(**context))

    def _drawn(self, request):
        now = timezone.now()
        audits = list(progress.round_audits(self.audit_round))
        actions = list(progress.open_actions(self.audit_round))
        downloading = "csv" in request.GET
        note_read(request, audits, download=downloading)
        note_read(request, actions, download=downloading)
        context = {
            "population": round_tables.population_table(request, self.audit_round.population),
            "by_reviewer": round_tables.progress_table(
                request, "reviewers", "By reviewer", progress.progress_by_reviewer(audits, now)
            ),
            "by_team": round_tables.progress_table(
                request, "teams", "By team", progress.progress_by_team(audits, now)
            ),
            "audits": round_tables.audits_table(request, self.audit_round, audits, now),
            "actions": round_tables.actions_table(request, actions, timezone.localdate()),
            "unassigned": sum(1 for audit in audits if audit.reviewer_id is None),
            "open_too_long": sum(1 for audit in audits if progress.open_too_long(audit, now)),
        }
        names = ("population", "by_reviewer", "by_team", "audits", "actions")
        return context, [context[name] for name in names]

    def _plans_download(self):
        """Every plan of the population, with whether it was always included and drawn:
        with the seed, enough to draw the sample again and check it."""
        rows = round_tables.population_plans(self.audit_round.population)
        plans = CarePlan.objects.filter(pk__in=[row[2] for row in rows[1:]])
        note_read(self.request, plans, download=True)
        return csv_response(
            rows, f"peer-audit-round-{self.audit_round.pk}-population-{self.audit_round.seed}.csv"
        )


class RoundDrawView(RoundPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            audits = rounds.round_draw(user=request.user, audit_round=self.audit_round)
        except AlreadyDecided as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"{len(audits)} plan{'' if len(audits) == 1 else 's'} drawn for audit."
            )
        return redirect("peer_audit:round", pk=self.audit_round.pk)


class RoundAssignView(RoundPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            given = rounds.round_assign(user=request.user, audit_round=self.audit_round)
        except AlreadyDecided as error:
            messages.error(request, str(error))
        else:
            text = f"{given.assigned} audit{'' if given.assigned == 1 else 's'} assigned."
            if given.left:
                text += (
                    f" {given.left} could not be: no reviewer is free to take them (a reviewer "
                    "never audits their home team’s plans)."
                )
            messages.success(request, text)
        return redirect("peer_audit:round", pk=self.audit_round.pk)


class AuditReassignView(RoundPageMixin, TemplateView):
    """Give one open audit of the round to another peer reviewer of the organisation."""

    template_name = "peer_audit/audit_reassign.html"

    def _reviewers(self):
        return rounds.reviewers_of(self.audit_round.organisation_id).select_related("home_team")

    def _audit(self):
        audits = audits_overseen_by(self.request.user).filter(round=self.audit_round)
        return get_visible_or_404(
            self.request, audits.select_related("team", "reviewer"), pk=self.kwargs["audit"]
        )

    def get(self, request, *args, **kwargs):
        audit = self._audit()
        form = ReassignForm(reviewers=self._reviewers())
        return self.render_to_response(self.get_context_data(audit=audit, form=form))

    def post(self, request, *args, **kwargs):
        audit = self._audit()
        form = ReassignForm(request.POST, reviewers=self._reviewers())
        if form.is_valid():
            try:
                rounds.audit_reassign(
                    user=request.user, audit=audit, reviewer=form.cleaned_data["reviewer"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except AlreadyDecided as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"The audit of {audit.team.name}’s plan {audit.plan_id} is now "
                    f"{form.cleaned_data['reviewer']}’s.",
                )
                return redirect("peer_audit:round", pk=self.audit_round.pk)
        return self.render_to_response(self.get_context_data(audit=audit, form=form), status=400)
