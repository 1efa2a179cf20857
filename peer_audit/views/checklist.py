"""The checklist a commissioner keeps: its questions with guidance and its pass rule.
Saving makes the next version (``rounds.checklist_new_version``); a round keeps the
version it started with."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.views.generic import TemplateView

from common.tables import Column, Table, day_text, table_download
from costing.forms import add_service_errors
from peer_audit import rounds
from peer_audit.core.checklist import DEFAULT_QUESTIONS
from peer_audit.models import Checklist
from peer_audit.round_forms import ChecklistSettingsForm, question_formset
from peer_audit.selectors import checklists_visible_to, current_checklist
from peer_audit.views.commissioner import CommissionerPageMixin


def pass_rule_text(checklist: Checklist) -> str:
    rule = f"at least {checklist.min_met_percent.normalize():f}% of the questions that apply met"
    return f"{rule}, and none not met" if checklist.no_not_met else rule


class ChecklistView(CommissionerPageMixin, TemplateView):
    template_name = "peer_audit/checklist.html"

    def get(self, request, *args, **kwargs):
        current = current_checklist(request.user.organisation)
        versions = self._versions_table()
        if download := table_download(request, [versions], "peer-audit-checklist"):
            return download
        if current is None:
            questions = list(DEFAULT_QUESTIONS)
            settings = ChecklistSettingsForm(
                initial={"min_met_percent": Decimal("80"), "no_not_met": True}
            )
        else:
            questions = [(q.text, q.guidance) for q in current.questions.all()]
            settings = ChecklistSettingsForm.of(current)
        return self.render_to_response(
            self.get_context_data(
                current=current,
                questions=questions,
                settings_form=settings,
                formset=question_formset(questions=questions),
                versions=versions,
            )
        )

    def post(self, request, *args, **kwargs):
        current = current_checklist(request.user.organisation)
        settings = ChecklistSettingsForm(request.POST)
        formset = question_formset(request.POST)
        if settings.is_valid() and formset.is_valid():
            data, questions = settings.cleaned_data, formset.questions()
            if current is not None and _unchanged(current, questions, data):
                messages.info(
                    request, f"Nothing changed: the checklist is still version {current.version}."
                )
                return redirect("peer_audit:checklist")
            try:
                checklist = rounds.checklist_new_version(
                    user=request.user, questions=questions, **data
                )
            except ValidationError as error:
                add_service_errors(settings, error)
            else:
                messages.success(
                    request,
                    f"The checklist is now version {checklist.version}. Rounds already open keep "
                    "the version they started with.",
                )
                return redirect("peer_audit:checklist")
        return self.render_to_response(
            self.get_context_data(
                current=current,
                questions=[(q.text, q.guidance) for q in current.questions.all()]
                if current
                else [],
                settings_form=settings,
                formset=formset,
                versions=self._versions_table(),
            ),
            status=400,
        )

    def _versions_table(self) -> Table:
        versions = (
            checklists_visible_to(self.request.user)
            .annotate(
                question_count=Count("questions", distinct=True),
                round_count=Count("rounds", distinct=True),
            )
            .select_related("created_by")
        )
        return Table(
            self.request,
            "versions",
            "Every version of the checklist, latest first",
            [
                Column("version", "Version", lambda c: c.version, numeric=True),
                Column(
                    "made",
                    "Made on",
                    lambda c: c.created_at,
                    show=lambda c: day_text(c.created_at),
                ),
                Column(
                    "by", "By", lambda c: str(c.created_by) if c.created_by_id else "The defaults"
                ),
                Column("questions", "Questions", lambda c: c.question_count, numeric=True),
                Column("rule", "To pass", pass_rule_text),
                Column("rounds", "Rounds using it", lambda c: c.round_count, numeric=True),
            ],
            versions,
            default="-version",
        )


def _unchanged(current: Checklist, questions: list[tuple[str, str]], data: dict) -> bool:
    return (
        [(q.text, q.guidance) for q in current.questions.all()] == questions
        and current.min_met_percent == data["min_met_percent"]
        and current.no_not_met == data["no_not_met"]
        and current.show_reviewer_to_team == data["show_reviewer_to_team"]
    )
