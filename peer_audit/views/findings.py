"""The plan's team and the findings of a peer audit: the answers, the team's action on each
question not met or partly met, recording it and marking it done; the findings as CSV.

Every audit is found through ``findings_visible_to`` (404 outside it: another team, a
reviewer, an audit not yet submitted). A commissioner reads; recording is the team's.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from audit.reads import get_visible_or_404, note_read
from costing.forms import add_service_errors
from peer_audit import auditing
from peer_audit.action_forms import ActionForm
from peer_audit.findings import RECORD_ACTION, Findings, findings_for_team
from peer_audit.findings_csv import findings_csv
from peer_audit.models import AuditAction, PeerAudit, Question
from peer_audit.selectors import findings_visible_to


def _form_for(finding, data=None) -> ActionForm:
    action = finding.action
    initial = {"action": action.action, "due": action.due} if action else None
    return ActionForm(
        data,
        prefix=f"q{finding.question.pk}",
        position=finding.question.position,
        initial=initial,
    )


class FindingsMixin:
    """A page about one submitted audit of a plan the user may see."""

    def dispatch(self, request, *args, **kwargs):
        audits = findings_visible_to(request.user).select_related(
            "plan__participant__team", "round__checklist"
        )
        self.audit: PeerAudit = get_visible_or_404(request, audits, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def question(self, pk: int) -> Question:
        """A question of the audit's checklist (404 for any other)."""
        found = Question.objects.filter(checklist_id=self.audit.round.checklist_id, pk=pk).first()
        if found is None:
            raise Http404("No such question on this audit's checklist.")
        return found

    def require_team(self) -> None:
        if not self.request.user.has_perm(RECORD_ACTION, self.audit.plan.participant):
            raise PermissionDenied("Only the plan's team records what it will do.")


class FindingsView(FindingsMixin, TemplateView):
    template_name = "peer_audit/findings.html"

    def get_context_data(self, invalid: ActionForm | None = None, question: int = 0, **kwargs):
        findings: Findings = findings_for_team(self.audit, self.request.user)
        rows = []
        for finding in findings.questions:
            form = None
            if findings.can_record and finding.needs_action:
                form = invalid if finding.question.pk == question else _form_for(finding)
            rows.append((finding, form))
        plan = self.audit.plan
        return super().get_context_data(
            findings=findings,
            rows=rows,
            invalid=invalid,
            plan=plan,
            participant=plan.participant,
            **kwargs,
        )


class ActionRecordView(FindingsView):
    """Record or change the team's action on one question: all of it, or nothing with the
    problems shown on the findings page."""

    http_method_names = ["post"]

    def post(self, request, pk, question: int):
        self.require_team()
        asked = self.question(question)
        form = ActionForm(request.POST, prefix=f"q{asked.pk}", position=asked.position)
        if form.is_valid():
            try:
                auditing.action_record(
                    user=request.user,
                    audit=self.audit,
                    question=asked,
                    action=form.cleaned_data["action"],
                    due=form.cleaned_data["due"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"The action on question {asked.position} is recorded.")
                return _back_to(self.audit, asked)
        note_read(request, self.audit)
        context = self.get_context_data(invalid=form, question=asked.pk)
        return self.render_to_response(context, status=400)


class ActionDoneView(FindingsMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, question: int):
        self.require_team()
        asked = self.question(question)
        action = AuditAction.objects.filter(audit=self.audit, question=asked).first()
        if action is None:
            raise Http404("No action is recorded on this question yet.")
        auditing.action_done(user=request.user, action=action)
        messages.success(request, f"The action on question {asked.position} is done.")
        return _back_to(self.audit, asked)


class FindingsCsvView(FindingsMixin, View):
    """The findings and the team's actions as a spreadsheet (CSV)."""

    def get(self, request, pk):
        note_read(request, self.audit, download=True)
        return findings_csv(findings_for_team(self.audit, request.user))


def _back_to(audit: PeerAudit, question: Question) -> HttpResponse:
    return redirect(f"{reverse('peer_audit:findings', args=[audit.pk])}#question-{question.pk}")
