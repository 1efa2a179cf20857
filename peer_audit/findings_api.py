"""The team's view of a plan's peer audits as JSON, and its actions: the same services and
scopes as the findings pages. Mounted by ``phb.urls`` under the plan's address."""

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.reads import get_visible_or_404, note_read
from careplans.selectors import plans_visible_to
from peer_audit import auditing
from peer_audit.findings import RECORD_ACTION, findings_of_plan
from peer_audit.findings_serializers import (
    PeerAuditActionRequestSerializer,
    PeerAuditActionSerializer,
    PeerAuditFindingsSerializer,
)
from peer_audit.models import AuditAction, PeerAudit
from peer_audit.selectors import findings_visible_to

TAGS = ["peer audit"]


def _audit_of_plan(request, pk: int, audit: UUID) -> PeerAudit:
    """A submitted audit of a plan the user may see (404 otherwise); 403 to anyone but the
    plan's team, who alone record actions."""
    plan = get_visible_or_404(request, plans_visible_to(request.user), pk=pk)
    found = get_visible_or_404(
        request,
        findings_visible_to(request.user).filter(plan=plan).select_related("plan__participant"),
        pk=audit,
    )
    if not request.user.has_perm(RECORD_ACTION, found.plan.participant):
        raise PermissionDenied("Only the plan's team records what it will do.")
    return found


class PlanPeerAuditsView(APIView):
    @extend_schema(tags=TAGS, responses=PeerAuditFindingsSerializer(many=True))
    def get(self, request, pk: int):
        """The findings of the plan's submitted peer audits, latest first, with the team's
        action on each question not met or partly met. For the plan's team and its
        organisation's commissioners; never who the reviewer was unless the checklist shows
        teams."""
        plan = get_visible_or_404(request, plans_visible_to(request.user), pk=pk)
        findings = findings_of_plan(plan, request.user)
        note_read(request, [f.audit for f in findings])
        return Response(PeerAuditFindingsSerializer(findings, many=True).data)


class PeerAuditActionView(APIView):
    @extend_schema(
        tags=TAGS,
        request=PeerAuditActionRequestSerializer,
        responses={201: PeerAuditActionSerializer},
    )
    def post(self, request, pk: int, audit: UUID):
        """Record (or change) what the team will do about a question not met or partly met,
        and by when. The plan's team only: a commissioner is answered 403."""
        found = _audit_of_plan(request, pk, audit)
        serializer = PeerAuditActionRequestSerializer(
            data=request.data, context={"request": request, "audit": found}
        )
        serializer.is_valid(raise_exception=True)
        action = auditing.action_record(user=request.user, audit=found, **serializer.validated_data)
        return Response(PeerAuditActionSerializer(action).data, status=status.HTTP_201_CREATED)


class PeerAuditActionDoneView(APIView):
    @extend_schema(tags=TAGS, request=None, responses=PeerAuditActionSerializer)
    def post(self, request, pk: int, audit: UUID, question: int):
        """Mark the team's action on a question as done (once; again changes nothing)."""
        found = _audit_of_plan(request, pk, audit)
        action = get_visible_or_404(
            request, AuditAction.objects.filter(audit=found), question_id=question
        )
        return Response(
            PeerAuditActionSerializer(auditing.action_done(user=request.user, action=action)).data
        )
