"""A peer reviewer's audits as JSON: the same services, scope and pseudonymised view as
their pages. An audit is named by its own random id only; its ``ETag`` is its revision, a
save that sends ``If-Match`` with an older one is refused with 412 and changes nothing,
and a submitted audit answers 409 to any change (``careplans.conditions``)."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.mixins import AuditedCareRecordsMixin
from audit.reads import note_read
from careplans.conditions import etag, plan_errors, revision_of
from common.api import Conflict, ScopedPrimaryKeyField
from common.ids import UUID_PATTERN
from peer_audit.auditing import AnswerInput, audit_save, audit_submit
from peer_audit.core.checklist import Answer, Rating
from peer_audit.models import PeerAudit, Question
from peer_audit.reviewing import audit_for_reviewer, reviewer_audits, reviewer_rows
from peer_audit.reviewing_forms import COMMENT_LENGTH, SUMMARY_LENGTH

NO_SUCH_QUESTION = "There is no such question on this audit's checklist."
NOT_THIS_AUDIT = "If-Match does not name this audit: read it again."
SUBMITTED = "This audit has been submitted and can no longer change."

ANSWERS = ["", *(answer.value for answer in Answer)]
"""An answer, or "" for none yet."""
RATINGS = ["", *(rating.value for rating in Rating)]

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the audit as read; a save from an older one gets 412.",
)


def _the_audit_s_questions(questions, context):
    audit = context.get("audit")
    return audit.round.checklist.questions.all() if audit else questions.none()


class ReviewerAuditSummarySerializer(serializers.Serializer):
    """One of the reviewer's audits in their list: nothing that names the person."""

    id = serializers.UUIDField(source="audit.pk")
    status = serializers.ChoiceField(choices=PeerAudit.Status.choices, source="audit.status")
    round = serializers.CharField()
    pseudonym = serializers.CharField()
    team = serializers.CharField()
    cluster = serializers.CharField()
    assigned = serializers.CharField(allow_null=True, help_text="The month assigned.")


class QuestionAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text = serializers.CharField()
    guidance = serializers.CharField(allow_blank=True)
    answer = serializers.ChoiceField(choices=ANSWERS, allow_blank=True)
    comment = serializers.CharField(allow_blank=True)


class ReviewerAuditSerializer(serializers.Serializer):
    """The audit as its reviewer sees it: the checklist with the answers so far, and the
    plan pseudonymised (no name, NHS number, date of birth or address; months, not dates;
    staff by role; free text redacted of the person's identifiers; no id of the person,
    plan or version)."""

    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=PeerAudit.Status.choices)
    revision = serializers.IntegerField()
    round = serializers.CharField()
    team = serializers.CharField()
    assigned = serializers.CharField(allow_null=True)
    last_saved_at = serializers.DateTimeField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    passed = serializers.BooleanField(
        allow_null=True, help_text="Whether the plan passes the audit, once submitted."
    )
    questions = QuestionAnswerSerializer(many=True)
    overall_rating = serializers.ChoiceField(choices=RATINGS, allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    plan = serializers.DictField(help_text="The plan, pseudonymised.")


class AnswerInSerializer(serializers.Serializer):
    question = ScopedPrimaryKeyField(
        queryset=Question.objects,
        scope=_the_audit_s_questions,
        message=NO_SUCH_QUESTION,
    )
    answer = serializers.ChoiceField(
        choices=ANSWERS,
        allow_blank=True,
        help_text="Empty to clear the answer.",
    )
    comment = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=COMMENT_LENGTH
    )


class AuditChangeSerializer(serializers.Serializer):
    answers = AnswerInSerializer(many=True, required=False, max_length=200)
    overall_rating = serializers.ChoiceField(choices=RATINGS, allow_blank=True, required=False)
    summary = serializers.CharField(allow_blank=True, required=False, max_length=SUMMARY_LENGTH)

    def validate_answers(self, answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        questions = [given["question"].pk for given in answers]
        if len(set(questions)) != len(questions):
            raise serializers.ValidationError("Answer each question at most once.")
        return answers


@extend_schema(tags=["peer audit"])
class ReviewerAuditViewSet(
    AuditedCareRecordsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A peer reviewer's own audits, pseudonymised. Anyone else's audit, and any audit for
    anyone who is not its reviewer, is 404."""

    serializer_class = ReviewerAuditSummarySerializer
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self):
        return reviewer_audits(self.request.user)

    def list(self, request, *args, **kwargs):
        """The reviewer's audits, open ones first."""
        rows = reviewer_rows(self.paginate_queryset(self.get_queryset()))
        return self.get_paginated_response(ReviewerAuditSummarySerializer(rows, many=True).data)

    @extend_schema(responses=ReviewerAuditSerializer)
    def retrieve(self, request, *args, **kwargs):
        """The audit: the checklist with the answers so far, and the plan pseudonymised."""
        return self._answer(self.get_object())

    @extend_schema(
        request=AuditChangeSerializer, responses=ReviewerAuditSerializer, parameters=[IF_MATCH]
    )
    def partial_update(self, request, *args, **kwargs):
        """Save answers (any of them), the overall rating and comments. Submitting checks
        that the audit is whole."""
        audit = self._open_audit()
        revision = revision_of(request, audit, refusal=NOT_THIS_AUDIT)
        serializer = AuditChangeSerializer(
            data=request.data, context={"request": request, "audit": audit}
        )
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        answers = None
        if "answers" in data:
            answers = {
                given["question"].pk: AnswerInput(given["answer"], given.get("comment", ""))
                for given in data["answers"]
            }
        with plan_errors():
            saved = audit_save(
                user=request.user,
                audit=audit,
                revision=revision,
                answers=answers,
                overall_rating=data.get("overall_rating"),
                summary=data.get("summary"),
            )
        return self._answer(saved)

    @extend_schema(request=None, responses=ReviewerAuditSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the audit: it passes or fails by the checklist's rule and is read-only from
        then on. 400 lists what is missing, by field (``answers.<question id>``)."""
        audit = self._open_audit()
        revision = revision_of(request, audit, refusal=NOT_THIS_AUDIT)
        with plan_errors():
            submitted = audit_submit(user=request.user, audit=audit, revision=revision)
        return self._answer(submitted)

    def _open_audit(self) -> PeerAudit:
        audit = self.get_object()
        if not audit.is_open:
            raise Conflict(SUBMITTED)
        return audit

    def _answer(self, audit: PeerAudit) -> Response:
        audit = self.get_queryset().get(pk=audit.pk)
        note_read(self.request, audit)
        response = Response(audit_for_reviewer(audit))
        response["ETag"] = etag(audit)
        return response
