"""The commissioner's side of the peer audit as JSON: the same services and scopes as the
pages (``peer_audit.rounds``, ``peer_audit.results``). A round or checklist outside the
user's scope is not found (404); only a commissioner may make one (403 for anyone else)."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.mixins import AuditedObjectMixin
from audit.reads import note_read
from careplans.locking import AlreadyDecided
from careplans.models import CarePlan
from common.api import Conflict
from common.csv import csv_response
from common.ids import ID_PATTERN
from costing.core.years import FinancialYear, FinancialYearError
from peer_audit import progress, rounds
from peer_audit.core.rollup import csv_rows
from peer_audit.models import AuditRound, PeerAudit
from peer_audit.results import peer_audit_results, results_file_name
from peer_audit.round_serializers import (
    AssignedSerializer,
    AssignSerializer,
    AuditRoundDetailSerializer,
    AuditRoundSerializer,
    ChecklistSerializer,
    RefusalSerializer,
    ReportSerializer,
    TeamLineSerializer,
    report,
)
from peer_audit.selectors import checklists_visible_to, rounds_visible_to

MANAGE = "peer_audit.manage_rounds"
REFUSED = "Only a commissioner runs the peer audit."


class MakesRounds(BasePermission):
    """Anyone signed in may list (their scope: nothing, unless a commissioner); only a
    commissioner makes a checklist version or a round."""

    message = REFUSED

    def has_permission(self, request, view) -> bool:
        return getattr(view, "action", None) != "create" or request.user.has_perm(MANAGE)


class SeesResults(BasePermission):
    message = "Only a commissioner sees the peer audit's results."

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm(MANAGE)


def _conflict(description: str) -> OpenApiResponse:
    return OpenApiResponse(RefusalSerializer, description=description)


@extend_schema(tags=["peer audit"])
class ChecklistViewSet(
    AuditedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The versions of the organisation's peer audit checklist, latest first."""

    serializer_class = ChecklistSerializer
    permission_classes = [IsAuthenticated, MakesRounds]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return (
            checklists_visible_to(self.request.user)
            .select_related("created_by")
            .prefetch_related("questions")
            .order_by("-version")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        checklist = rounds.checklist_new_version(
            user=self.request.user,
            questions=[(q["text"], q.get("guidance", "")) for q in data["questions"]],
            min_met_percent=data["min_met_percent"],
            no_not_met=data["no_not_met"],
            show_reviewer_to_team=data["show_reviewer_to_team"],
        )
        serializer.instance = self.get_queryset().get(pk=checklist.pk)


@extend_schema(tags=["peer audit"])
class AuditRoundViewSet(
    AuditedObjectMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The organisation's rounds of the peer audit, latest first: open one, preview and
    draw its sample, and give its audits to peer reviewers."""

    permission_classes = [IsAuthenticated, MakesRounds]
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        found = rounds_visible_to(self.request.user)
        return progress.rounds_with_counts(found).select_related("checklist")

    def get_serializer_class(self):
        return (
            AuditRoundSerializer
            if self.action in ("list", "create")
            else AuditRoundDetailSerializer
        )

    def _detail(self, audit_round: AuditRound, code=status.HTTP_200_OK) -> Response:
        """The round with its audits and population, each read noted."""
        shown = self.get_queryset().get(pk=audit_round.pk)
        now = timezone.now()
        shown.audits_shown = list(progress.round_audits(shown))
        for audit in shown.audits_shown:
            audit.open_too_long = progress.open_too_long(audit, now)
        plans = [plan for entry in shown.population for plan in entry.get("qualifying", ())]
        if self.request.method == "GET":
            note_read(self.request, shown.audits_shown)
            note_read(self.request, CarePlan.objects.filter(pk__in=plans))
        return Response(AuditRoundDetailSerializer(shown).data, status=code)

    def retrieve(self, request, *args, **kwargs):
        return self._detail(self.get_object())

    @extend_schema(request=AuditRoundSerializer, responses={201: AuditRoundDetailSerializer})
    def create(self, request, *args, **kwargs):
        """Open a round with the organisation's current checklist (made from the default
        questions the first time)."""
        serializer = AuditRoundSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        audit_round = rounds.round_open(user=request.user, **serializer.validated_data)
        return self._detail(audit_round, code=status.HTTP_201_CREATED)

    @extend_schema(responses=TeamLineSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def preview(self, request, pk=None):
        """Per team: the plans that qualify and how many a draw takes. Once drawn, the
        lines as they were drawn."""
        audit_round = self.get_object()
        if audit_round.status == AuditRound.Status.OPEN:
            lines = rounds.round_preview(audit_round)
        else:
            lines = [
                {
                    "team": entry["team"],
                    "team_name": entry.get("team_name", ""),
                    "qualifying": len(entry.get("qualifying", ())),
                    "always": len(entry.get("always", ())),
                    "recently_audited": entry.get("recently_audited", 0),
                    "to_draw": entry.get("to_draw", 0),
                }
                for entry in sorted(audit_round.population, key=lambda e: e.get("team_name", ""))
            ]
        return Response(TeamLineSerializer(lines, many=True).data)

    @extend_schema(
        request=None,
        responses={
            200: AuditRoundDetailSerializer,
            409: _conflict("The round has been drawn already: nothing was changed."),
        },
    )
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        """Draw the round's sample, once: an audit for each plan drawn, the seed and the
        population per team kept with the round."""
        audit_round = self.get_object()
        try:
            rounds.round_draw(user=request.user, audit_round=audit_round)
        except AlreadyDecided as error:
            raise Conflict(str(error)) from None
        return self._detail(audit_round)

    @extend_schema(
        request=AssignSerializer,
        responses={
            200: AssignedSerializer,
            409: _conflict(
                "The round is not drawn yet, or the audit has been submitted: nothing was changed."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        """``{}``: share the round's unassigned audits among the organisation's peer
        reviewers, as evenly as possible, never a plan of a reviewer's home team.
        ``{"audit": id, "reviewer": id}``: give that audit to that reviewer."""
        audit_round = self.get_object()
        serializer = AssignSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if "audit" not in data:
                given = rounds.round_assign(user=request.user, audit_round=audit_round)
                answer = {"assigned": given.assigned, "left": given.left, "audit": None}
            else:
                audit = audit_round.audits.filter(pk=data["audit"]).first()
                if audit is None:
                    raise ValidationError({"audit": ["No audit of this round has this id."]})
                audit = rounds.audit_reassign(
                    user=request.user, audit=audit, reviewer=data["reviewer"]
                )
                audit = PeerAudit.objects.select_related("team", "reviewer").get(pk=audit.pk)
                audit.open_too_long = False
                answer = {"assigned": 1, "left": 0, "audit": audit}
        except AlreadyDecided as error:
            raise Conflict(str(error)) from None
        return Response(AssignedSerializer(answer).data)


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PeerAuditReportView(APIView):
    """The peer audit's results for a financial year by quarter: each team's plans
    qualified, drawn, audited and passed (and the organisation's), how each question was
    answered, and the overall ratings."""

    permission_classes = [IsAuthenticated, SeesResults]
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @extend_schema(
        tags=["reports"],
        parameters=[
            OpenApiParameter("year", str, required=True, description="e.g. 2012-13"),
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description="csv: the same figures as a CSV file, a row per team and quarter.",
            ),
        ],
        responses={
            (200, "application/json"): ReportSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request):
        value = request.query_params.get("year")
        if not value:
            raise ValidationError({"year": ["Give the financial year, such as 2012-13."]})
        try:
            year = FinancialYear.parse(value)
        except FinancialYearError as error:
            raise ValidationError({"year": [str(error)]}) from None
        rollup = peer_audit_results(request.user.organisation, year)
        if request.accepted_renderer.format == "csv":
            return csv_response(
                csv_rows(rollup, organisation="All teams"),
                results_file_name(year, timezone.localdate()),
            )
        return Response(ReportSerializer(report(rollup, year.label)).data)

    def handle_exception(self, exc):
        """Errors are JSON, whatever format was asked for."""
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)
