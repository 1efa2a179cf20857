"""The peer reviewer's pages: their audits, and one audit (the plan pseudonymised beside the
checklist), saved as they go and then submitted. Every audit is found among the
reviewer's own (404 otherwise) through the audited path, by its own random id only."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.generic import TemplateView, View

from audit.reads import get_visible_or_404, note_read
from careplans.forms.base import WHOLE_NUMBER
from careplans.locking import AlreadyDecided, StaleEdit
from careplans.presenters import percent_text
from common.tables import Column, Table, table_download
from peer_audit.auditing import audit_save, audit_submit, submission_problems
from peer_audit.core.checklist import passes
from peer_audit.findings import ANSWER_LABELS, RATING_LABELS
from peer_audit.models import PeerAudit
from peer_audit.reviewing import ReviewerRow, audit_for_reviewer, reviewer_audits, reviewer_rows
from peer_audit.reviewing_forms import AuditForm, answer_field, comment_field

STALE_MESSAGE = (
    "This audit was saved in another tab or window since you opened it, so nothing was "
    "saved here. Open the audit again to see the saved answers, then make your changes."
)
SUBMITTED_MESSAGE = "This audit has been submitted, so it can no longer change: nothing was saved."


def audits_table(request, rows: list[ReviewerRow]) -> Table:
    """The reviewer's audits, open ones first unless they sort it otherwise."""
    return Table(
        request,
        "audits",
        "Your audits",
        [
            Column("pseudonym", "Person", lambda row: row.pseudonym, show=_audit_link),
            Column("team", "Team", lambda row: row.team),
            Column("cluster", "Cluster", lambda row: row.cluster or None),
            Column("round", "Round", lambda row: row.round),
            Column(
                "assigned",
                "Assigned",
                lambda row: row.assigned_on,
                show=_assigned,
                text=lambda row: row.assigned,
            ),
            Column("status", "Status", lambda row: row.status, show=_status_tag),
        ],
        rows,
        default="status",
    )


def _audit_link(row: ReviewerRow) -> str:
    return format_html(
        '<a href="{}">{}<span class="nhsuk-u-visually-hidden">: {}</span></a>',
        reverse("peer_audit:audit", args=[row.audit.pk]),
        row.pseudonym,
        "open the audit" if row.is_open else "see the audit",
    )


def _assigned(row: ReviewerRow) -> str:
    return row.assigned or "–"


def _status_tag(row: ReviewerRow) -> str:
    colour = "blue" if row.is_open else "grey"
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, row.status)


class ReviewerPageMixin(PermissionRequiredMixin):
    """A peer reviewer's page; anyone else may not open it."""

    permission_required = "peer_audit.audit_plans"
    raise_exception = True


class MyAuditsView(ReviewerPageMixin, TemplateView):
    """The reviewer's audits, open ones first: sortable, and as CSV (pseudonymised)."""

    template_name = "peer_audit/my_audits.html"

    def get(self, request, *args, **kwargs):
        audits = list(reviewer_audits(request.user))
        table = audits_table(request, reviewer_rows(audits))
        download = table_download(request, [table], "my-peer-audits")
        note_read(request, audits, download=download is not None)
        if download is not None:
            return download
        context = self.get_context_data(
            table=table, open_count=sum(row.is_open for row in table.rows)
        )
        return self.render_to_response(context)


class ReviewerAuditMixin:
    """One of the reviewer's own audits, with its checklist: any other audit, and any audit
    for anyone but its reviewer, is 404."""

    def dispatch(self, request, *args, **kwargs):
        self.audit: PeerAudit = get_visible_or_404(
            request, reviewer_audits(request.user), pk=kwargs["pk"]
        )
        self.questions = list(self.audit.round.checklist.questions.all())
        return super().dispatch(request, *args, **kwargs)

    def audit_url(self) -> str:
        return reverse("peer_audit:audit", args=[self.audit.pk])

    def make_form(self, data=None) -> AuditForm:
        if data is None:
            return AuditForm(
                initial=AuditForm.initial_for(self.audit, self.questions),
                questions=self.questions,
            )
        return AuditForm(data, questions=self.questions)

    def page(self, form: AuditForm | None, *, status: int = 200, **kwargs: Any) -> HttpResponse:
        """The audit page: the plan pseudonymised and the checklist (a form while open)."""
        self.audit.refresh_from_db()
        seen = audit_for_reviewer(self.audit)
        note_read(self.request, self.audit)
        context = {
            "audit": self.audit,
            "seen": seen,
            "plan": seen["plan"],
            "form": form,
            "questions": _question_rows(seen, form),
            "rating_name": RATING_LABELS.get(self.audit.overall_rating, ""),
            "percent_text": _percent_text(seen["plan"]),
            "audit_url": self.audit_url(),
            **kwargs,
        }
        return render(self.request, "peer_audit/audit.html", context, status=status)

    def refused(self, form: AuditForm, error: Exception) -> int:
        """Put a refusal from the service on the form; the status the page answers with."""
        if isinstance(error, StaleEdit):
            form.add_error(None, STALE_MESSAGE)
            return 409
        if isinstance(error, AlreadyDecided):
            form.add_error(None, SUBMITTED_MESSAGE)
            return 409
        if isinstance(error, ValidationError):
            form.add_problems(_by_field(error))
            return 400
        raise error

    def save(self, form: AuditForm) -> PeerAudit:
        return audit_save(
            user=self.request.user,
            audit=self.audit,
            revision=form.cleaned_data["revision"],
            answers=form.answers(),
            overall_rating=form.cleaned_data["overall_rating"],
            summary=form.cleaned_data["summary"],
        )


class AuditView(ReviewerAuditMixin, View):
    """The audit: saved by the Save button (without JavaScript), and as the reviewer goes
    (htmx posts the form on each change and gets back the status line and revision)."""

    def get(self, request, *args, **kwargs):
        form = self.make_form() if self.audit.is_open else None
        return self.page(form)

    def post(self, request, *args, **kwargs):
        if request.htmx:
            return self.autosave()
        if not self.audit.is_open:
            messages.error(request, SUBMITTED_MESSAGE)
            return redirect(self.audit_url())
        form = self.make_form(request.POST)
        if not form.is_valid():
            form.mark_errors()
            return self.page(form, status=400)
        try:
            saved = self.save(form)
        except (StaleEdit, AlreadyDecided, ValidationError) as error:
            return self.page(form, status=self.refused(form, error))
        messages.success(request, f"Your answers have been saved at {_clock(saved)}.")
        return redirect(self.audit_url())

    def autosave(self) -> HttpResponse:
        form = self.make_form(self.request.POST)
        context: dict[str, Any] = {}
        if not self.audit.is_open:
            context["problem"] = SUBMITTED_MESSAGE
        elif not form.is_valid():
            context["problem"] = "Not saved: " + " ".join(
                m for errors in form.errors.values() for m in errors
            )
        else:
            try:
                saved = self.save(form)
            except StaleEdit:
                context["problem"] = STALE_MESSAGE
            except AlreadyDecided:
                context["problem"] = SUBMITTED_MESSAGE
            except ValidationError as error:
                context["problem"] = "Not saved: " + " ".join(error.messages)
            else:
                context.update(saved_at=_clock(saved), revision=saved.revision)
        return render(self.request, "peer_audit/_autosave_status.html", context)


class AuditSubmitView(ReviewerAuditMixin, TemplateView):
    """Check the audit and submit it: the answers are saved, anything missing is shown on
    the audit page; when nothing is, a confirmation, then the audit is submitted and is
    read-only from then on."""

    template_name = "peer_audit/submit.html"

    def get(self, request, *args, **kwargs):
        if not self.audit.is_open:
            return redirect(self.audit_url())
        problems = submission_problems(self.audit)
        if problems:
            return self.with_problems(problems, status=200)
        return self.confirmation()

    def post(self, request, *args, **kwargs):
        if not self.audit.is_open:
            messages.error(request, SUBMITTED_MESSAGE)
            return redirect(self.audit_url())
        if request.POST.get("confirm") == "yes":
            return self.submit()
        form = self.make_form(request.POST)
        if not form.is_valid():
            form.mark_errors()
            return self.page(form, status=400)
        try:
            self.audit = self.save(form)
        except (StaleEdit, AlreadyDecided, ValidationError) as error:
            return self.page(form, status=self.refused(form, error))
        problems = submission_problems(self.audit)
        if problems:
            return self.with_problems(problems)
        return self.confirmation()

    def submit(self) -> HttpResponse:
        revision = self.request.POST.get("revision", "")
        try:
            submitted = audit_submit(
                user=self.request.user,
                audit=self.audit,
                revision=int(revision) if WHOLE_NUMBER.fullmatch(revision) else None,
            )
        except StaleEdit:
            messages.error(self.request, STALE_MESSAGE)
            return redirect(self.audit_url())
        except AlreadyDecided:
            messages.error(self.request, SUBMITTED_MESSAGE)
            return redirect(self.audit_url())
        except ValidationError as error:
            return self.with_problems(_by_field(error))
        outcome = "passes" if submitted.passed else "does not pass"
        messages.success(
            self.request,
            f"The audit has been submitted. By the checklist’s rule the plan {outcome}.",
        )
        return redirect(self.audit_url())

    def with_problems(self, problems: dict[str, str], *, status: int = 400) -> HttpResponse:
        """The audit page with what stops it being submitted, on each question."""
        self.audit.refresh_from_db()
        data = AuditForm.initial_for(self.audit, self.questions)
        form = self.make_form({k: v for k, v in data.items() if v not in (None, "")})
        form.is_valid()
        form.add_problems(problems)
        return self.page(form, status=status)

    def confirmation(self) -> HttpResponse:
        seen = audit_for_reviewer(self.audit)
        note_read(self.request, self.audit)
        answers = [q["answer"] for q in seen["questions"]]
        counts = [(name, answers.count(value)) for value, name in ANSWER_LABELS.items()]
        context = self.get_context_data(
            audit=self.audit,
            seen=seen,
            counts=counts,
            rating_name=RATING_LABELS.get(self.audit.overall_rating, ""),
            passes=passes(answers, self.audit.round.checklist.pass_rule),
            audit_url=self.audit_url(),
        )
        return self.render_to_response(context)


def _question_rows(seen: dict[str, Any], form: AuditForm | None) -> list[dict[str, Any]]:
    """Each question with its answer as saved, and its fields while the audit is open."""
    by_id = {q.pk: q for q in form.questions} if form is not None else {}
    rows = []
    for question in seen["questions"]:
        row = {**question, "answer_name": ANSWER_LABELS.get(question["answer"], "")}
        model = by_id.get(question["id"])
        if form is not None and model is not None:
            row["answer_field"] = form[answer_field(model)]
            row["comment_field"] = form[comment_field(model)]
        rows.append(row)
    return rows


def _by_field(error: ValidationError) -> dict[str, str]:
    if hasattr(error, "error_dict"):
        return {field: " ".join(messages) for field, messages in error.message_dict.items()}
    return {"__all__": " ".join(error.messages)}


def _percent_text(plan: dict[str, Any]) -> str:
    percent = plan["spending_plan"]["totals"]["percent_over"]
    return percent_text(Decimal(percent) if percent else None)


def _clock(audit: PeerAudit) -> str:
    return timezone.localtime(audit.last_saved_at).strftime("%H:%M")
