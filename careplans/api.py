"""Care plans as JSON: the same services, scopes and rules as the pages.

A draft's ``ETag`` is its revision; a write that sends ``If-Match`` with an
older one is refused with 412 and changes nothing. A decision on a version
that someone else has just decided is refused with 409 (``careplans.conditions``).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from audit.mixins import AuditedCareRecordsMixin
from audit.reads import get_visible_or_404
from careplans import decisions, drafting, selectors
from careplans.conditions import (
    IF_MATCH,
    Conflict,
    plan_errors,
    revision_of,
    with_etag,
)
from careplans.models import (
    CarePlan,
    CarePlanVersion,
    Decision,
    Outcome,
    PlanStatus,
    Risk,
    SpendingLine,
)
from careplans.serializers import (
    AnswerSerializer,
    CarePlanSerializer,
    DecisionRequestSerializer,
    DecisionSerializer,
    OutcomeSerializer,
    QueueItemSerializer,
    ReconsiderationSerializer,
    RiskSerializer,
    SpendingLineSerializer,
    SubmittedSerializer,
    VersionSerializer,
    VersionSummarySerializer,
)
from common.ids import ID_PATTERN


@extend_schema(tags=["care plans"])
class CarePlanViewSet(
    AuditedCareRecordsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Care plans of the people the user may see. A plan outside the user's scope,
    and everything under it, is 404."""

    serializer_class = CarePlanSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return (
            selectors.plans_visible_to(self.request.user)
            .select_related("participant")
            .prefetch_related(
                Prefetch(
                    "versions",
                    CarePlanVersion.objects.order_by("-number"),
                    to_attr="versions_newest_first",
                )
            )
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["current"] = lambda plan: plan.versions_newest_first[0]
        context["full"] = self.action == "retrieve"
        return context

    def retrieve(self, request, *args, **kwargs):
        plan = self.get_object()
        response = Response(self.get_serializer(plan).data)
        return with_etag(response, plan.versions_newest_first[0])

    def perform_create(self, serializer):
        plan = drafting.plan_create(
            user=self.request.user, participant=serializer.validated_data["participant"]
        )
        serializer.instance = self.get_queryset().get(pk=plan.pk)

    def _plan(self) -> CarePlan:
        return get_visible_or_404(self.request, self.get_queryset(), pk=self.kwargs["pk"])

    def _draft(self, plan: CarePlan) -> CarePlanVersion:
        latest = plan.versions_newest_first[0]
        if latest.status != PlanStatus.DRAFT:
            raise Conflict(
                f"Version {latest.number} is {latest.get_status_display().lower()} and cannot "
                "change: POST draft/ to start a new version from it."
            )
        return latest

    def _version_response(self, version: CarePlanVersion, code=status.HTTP_200_OK) -> Response:
        version = CarePlanVersion.objects.select_related(
            "indicative_budget", "drafted_by", "last_edited_by"
        ).get(pk=version.pk)
        return with_etag(Response(VersionSerializer(version).data, status=code), version)

    @extend_schema(request=VersionSerializer, responses=VersionSerializer, parameters=[IF_MATCH])
    def partial_update(self, request, pk=None):
        """Change the draft's contents (what matters, management, reviews, budget...)."""
        plan = self._plan()
        draft = self._draft(plan)
        serializer = VersionSerializer(
            draft,
            data=request.data,
            partial=True,
            context={"request": request, "participant": plan.participant},
        )
        serializer.is_valid(raise_exception=True)
        with plan_errors():
            version = drafting.draft_update(
                user=request.user,
                version=draft,
                revision=revision_of(request, draft),
                **serializer.validated_data,
            )
        return self._version_response(version)

    @extend_schema(request=None, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"])
    def draft(self, request, pk=None):
        """Start a new draft copied from the latest version (or return the open draft)."""
        with plan_errors():
            version = drafting.draft_start(user=request.user, plan=self._plan())
        return self._version_response(version, status.HTTP_201_CREATED)

    @extend_schema(responses=VersionSummarySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, pk=None):
        plan = self._plan()
        return Response(VersionSummarySerializer(plan.versions_newest_first, many=True).data)

    @extend_schema(responses=VersionSerializer)
    @action(detail=True, methods=["get"], url_path=rf"versions/(?P<number>{ID_PATTERN})")
    def version(self, request, pk=None, number=None):
        plan = self._plan()
        version = get_object_or_404(plan.versions.all(), number=number)
        return self._version_response(version)

    # -- Parts of the draft --------------------------------------------------------------------

    def _parts(self, request, model, serializer_class, save, part_id=None):
        plan = self._plan()
        if request.method == "GET" and part_id is None:
            version = plan.versions_newest_first[0]
            parts = model.objects.filter(version=version)
            if model is SpendingLine:
                return Response(VersionSerializer(version).data["lines"])
            return Response(serializer_class(parts, many=True).data)
        draft = self._draft(plan) if request.method != "GET" else plan.versions_newest_first[0]
        existing = None
        if part_id is not None:
            existing = get_object_or_404(model.objects.filter(version=draft), pk=part_id)
        if request.method == "GET":
            return Response(serializer_class(existing).data)
        revision = revision_of(request, draft)
        with plan_errors():
            if request.method == "DELETE":
                drafting.part_delete(
                    user=request.user, version=draft, revision=revision, part=existing
                )
                draft.refresh_from_db()
                return with_etag(Response(status=status.HTTP_204_NO_CONTENT), draft)
            serializer = serializer_class(
                existing,
                data=request.data,
                partial=request.method == "PATCH",
                context={"request": request, "version": draft},
            )
            serializer.is_valid(raise_exception=True)
            part = save(
                user=request.user,
                version=draft,
                revision=revision,
                existing=existing,
                **serializer.validated_data,
            )
        draft.refresh_from_db()
        code = status.HTTP_201_CREATED if existing is None else status.HTTP_200_OK
        if model is SpendingLine:
            lines = {line["id"]: line for line in VersionSerializer(draft).data["lines"]}
            return with_etag(Response(lines[part.pk], status=code), draft)
        return with_etag(Response(serializer_class(part).data, status=code), draft)

    @extend_schema(methods=["GET"], responses=SpendingLineSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=SpendingLineSerializer,
        responses={201: SpendingLineSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["get", "post"], url_path="spending-lines", pagination_class=None)
    def spending_lines(self, request, pk=None):
        """The spending plan's lines, priced; POST adds one to the draft."""
        return self._parts(request, SpendingLine, SpendingLineSerializer, drafting.line_save)

    @extend_schema(
        request=SpendingLineSerializer, responses=SpendingLineSerializer, parameters=[IF_MATCH]
    )
    @action(
        detail=True,
        methods=["get", "put", "patch", "delete"],
        url_path=rf"spending-lines/(?P<line_id>{ID_PATTERN})",
    )
    def spending_line(self, request, pk=None, line_id=None):
        return self._parts(
            request, SpendingLine, SpendingLineSerializer, drafting.line_save, int(line_id)
        )

    @extend_schema(methods=["GET"], responses=OutcomeSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=OutcomeSerializer,
        responses={201: OutcomeSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def outcomes(self, request, pk=None):
        return self._parts(request, Outcome, OutcomeSerializer, drafting.outcome_save)

    @extend_schema(request=OutcomeSerializer, responses=OutcomeSerializer, parameters=[IF_MATCH])
    @action(
        detail=True,
        methods=["get", "put", "patch", "delete"],
        url_path=rf"outcomes/(?P<outcome_id>{ID_PATTERN})",
    )
    def outcome(self, request, pk=None, outcome_id=None):
        return self._parts(
            request, Outcome, OutcomeSerializer, drafting.outcome_save, int(outcome_id)
        )

    @extend_schema(methods=["GET"], responses=RiskSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=RiskSerializer,
        responses={201: RiskSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def risks(self, request, pk=None):
        return self._parts(request, Risk, RiskSerializer, drafting.risk_save)

    @extend_schema(request=RiskSerializer, responses=RiskSerializer, parameters=[IF_MATCH])
    @action(
        detail=True,
        methods=["get", "put", "patch", "delete"],
        url_path=rf"risks/(?P<risk_id>{ID_PATTERN})",
    )
    def risk(self, request, pk=None, risk_id=None):
        return self._parts(request, Risk, RiskSerializer, drafting.risk_save, int(risk_id))

    # -- Submission and decisions --------------------------------------------------------------

    @extend_schema(request=None, responses=SubmittedSerializer, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Freeze the draft and route it by the 15% rule."""
        draft = self._draft(self._plan())
        with plan_errors():
            submitted = decisions.submit(
                user=request.user, version=draft, revision=revision_of(request, draft)
            )
        return Response(SubmittedSerializer(submitted).data)

    @extend_schema(request=DecisionRequestSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Sign off (facilitator), approve (commissioner) or return (with a reason) the
        version waiting for a decision."""
        plan = self._plan()
        serializer = DecisionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        waiting = plan.versions_newest_first[0]
        if waiting.status == PlanStatus.DRAFT and len(plan.versions_newest_first) > 1:
            waiting = plan.versions_newest_first[1]
        with plan_errors():
            decision = decisions.decide(
                user=request.user,
                version=waiting,
                kind=serializer.validated_data["decision"],
                reason=serializer.validated_data["reason"],
            )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=ReconsiderationSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ReconsiderationSerializer,
        responses={201: ReconsiderationSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def reconsiderations(self, request, pk=None):
        """Requests that a decision be looked at again, with the answers."""
        plan = self._plan()
        if request.method == "GET":
            asked = selectors.reconsiderations_of(plan)
            return Response(ReconsiderationSerializer(asked, many=True).data)
        serializer = ReconsiderationSerializer(
            data=request.data, context={"request": request, "plan": plan}
        )
        serializer.is_valid(raise_exception=True)
        review = serializer.validated_data.get("review")
        if review is not None:
            subject = {"review": review}
        else:
            decision = (
                Decision.objects.filter(version__plan=plan).order_by("-decided_at", "-pk").first()
            )
            if decision is None:
                raise ValidationError(
                    {"reasons": "There is no decision on this plan to reconsider."}
                )
            subject = {"decision": decision}
        asked = decisions.reconsideration_request(
            user=request.user, reasons=serializer.validated_data["reasons"], **subject
        )
        return Response(ReconsiderationSerializer(asked).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswerSerializer, responses=ReconsiderationSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"reconsiderations/(?P<reconsideration_id>{ID_PATTERN})/answer",
    )
    def answer(self, request, pk=None, reconsideration_id=None):
        plan = self._plan()
        asked = get_object_or_404(selectors.reconsiderations_of(plan), pk=reconsideration_id)
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with plan_errors():
            answered = decisions.reconsideration_answer(
                user=request.user, reconsideration=asked, **serializer.validated_data
            )
        return Response(ReconsiderationSerializer(answered).data)


@extend_schema(tags=["care plans"])
class SignOffQueueView(AuditedCareRecordsMixin, ListAPIView):
    """Versions waiting for the user's decision, oldest first: a facilitator's (within
    15%) or a commissioner's (all of their organisation's)."""

    serializer_class = QueueItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CarePlanVersion.objects.none()
        return selectors.sign_off_queue(self.request.user)
