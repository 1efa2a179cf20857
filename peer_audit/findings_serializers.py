"""The findings of a plan's peer audits, and the team's actions, as JSON."""

from rest_framework import serializers

from common.api import ScopedPrimaryKeyField
from peer_audit.core.checklist import Answer, Rating
from peer_audit.findings import Findings
from peer_audit.models import AuditAction, Question

NO_SUCH_QUESTION = "No such question on this audit's checklist."


class PeerAuditActionSerializer(serializers.ModelSerializer):
    question = serializers.IntegerField(source="question_id", read_only=True)
    recorded_by = serializers.StringRelatedField()
    done = serializers.SerializerMethodField()
    done_by = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = AuditAction
        fields = [
            "question",
            "action",
            "due",
            "recorded_by",
            "recorded_at",
            "done",
            "done_at",
            "done_by",
        ]
        read_only_fields = fields

    def get_done(self, action: AuditAction) -> bool:
        return action.done_at is not None


class PeerAuditQuestionFindingSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk", help_text="The question's id.")
    position = serializers.IntegerField(source="question.position")
    text = serializers.CharField(source="question.text")
    answer = serializers.ChoiceField(choices=[a.value for a in Answer])
    comment = serializers.CharField()
    needs_action = serializers.BooleanField(
        help_text="Not met or partly met: the team records what it will do."
    )
    action = PeerAuditActionSerializer(allow_null=True)


class PeerAuditActionCountsSerializer(serializers.Serializer):
    needed = serializers.IntegerField()
    recorded = serializers.IntegerField()
    open = serializers.IntegerField(source="still_open", help_text="Recorded and not done.")


class PeerAuditFindingsSerializer(serializers.Serializer):
    """A submitted audit as the plan's team sees it: never who the reviewer was, unless the
    checklist shows teams (then ``reviewer`` is their name; otherwise null)."""

    id = serializers.UUIDField(source="audit.pk")
    round = serializers.CharField(source="round_name")
    submitted = serializers.SerializerMethodField(help_text='The month, e.g. "2026-03".')
    passed = serializers.BooleanField()
    overall_rating = serializers.ChoiceField(choices=[r.value for r in Rating])
    summary = serializers.CharField(help_text="The reviewer's overall comments.")
    reviewer = serializers.SerializerMethodField()
    questions = PeerAuditQuestionFindingSerializer(many=True)
    actions = PeerAuditActionCountsSerializer(source="counts")
    can_record = serializers.BooleanField(
        help_text="Whether the requesting user may record the team's actions."
    )

    def get_submitted(self, findings: Findings) -> str:
        return findings.submitted_month.strftime("%Y-%m")

    def get_reviewer(self, findings: Findings) -> str | None:
        return findings.reviewer or None


def _audit_questions(questions, context):
    audit = context.get("audit")
    return questions.filter(checklist_id=audit.round.checklist_id) if audit else questions.none()


class PeerAuditActionRequestSerializer(serializers.Serializer):
    """What the team will do about a question not met or partly met, and by when (today or
    later). Recording again changes it."""

    question = ScopedPrimaryKeyField(
        queryset=Question.objects.all(), scope=_audit_questions, message=NO_SUCH_QUESTION
    )
    action = serializers.CharField(max_length=2000)
    due = serializers.DateField(help_text='e.g. "2026-12-31"')
