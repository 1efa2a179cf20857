"""Participants and what hangs on them, as JSON. Same services and scopes as the pages."""

from contextlib import contextmanager

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from audit.mixins import AuditedCareRecordsMixin
from audit.models import AuditEvent
from audit.reads import get_visible_or_404
from common.api import MAX_LIST_ITEMS, Conflict
from common.ids import ID_PATTERN, MAX_ID
from costing.core.years import FinancialYear, FinancialYearError
from participants import services, transfers
from participants.cost_of_care import cost_of_care
from participants.filters import search_participants
from participants.models import ClusterAssignment, DirectPayment, Participant, ServiceEvent
from participants.serializers import (
    ClusterAssignmentSerializer,
    CostOfCareSerializer,
    DirectPaymentSerializer,
    ParticipantListSerializer,
    ParticipantSerializer,
    ServiceEventSerializer,
    TransferAskSerializer,
    TransferDecisionSerializer,
    TransferRequestSerializer,
)


class WholeNumberFilter(django_filters.NumberFilter):
    """A number filter that takes whole numbers no larger than an id: anything else is a
    400 naming the parameter, never a query the database cannot run."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ParticipantFilter(django_filters.FilterSet):
    team = WholeNumberFilter(field_name="team_id")
    cluster = WholeNumberFilter(field_name="cluster__number", label="Current cluster")
    cohort = django_filters.ChoiceFilter(choices=Participant.Cohort.choices)
    search = django_filters.CharFilter(method="filter_search", label="Name or NHS number")

    class Meta:
        model = Participant
        fields = ["team", "cluster", "cohort", "search"]

    def filter_search(self, queryset, name, value):
        return search_participants(queryset, value)


def one_or_a_list(component: str) -> dict:
    """The schema of a body that is one item or a list of them (all or nothing)."""
    item = {"$ref": f"#/components/schemas/{component}"}
    return {"oneOf": [item, {"type": "array", "items": item, "maxItems": MAX_LIST_ITEMS}]}


def _year_param(request, name: str) -> FinancialYear:
    value = request.query_params.get(name)
    if not value:
        raise ValidationError({name: "Give the financial year, such as 2010-11."})
    try:
        return FinancialYear.parse(value)
    except FinancialYearError as error:
        raise ValidationError({name: str(error)}) from None


def _as_list(errors, count: int) -> list[dict]:
    """Errors of a list, one entry per item sent (``{}`` for a good one)."""
    if isinstance(errors, dict):
        return [errors.get(str(i), errors.get(i, {})) for i in range(count)]
    return list(errors)


def _validated_rows(serializer_class, data) -> tuple[list[dict], bool]:
    """Check one item or a list of them; a bad list answers with an error per item."""
    many = isinstance(data, list)
    serializer = serializer_class(data=data, many=many)
    if not serializer.is_valid():
        if not many:
            raise ValidationError(serializer.errors)
        if isinstance(serializer.errors, dict) and "non_field_errors" in serializer.errors:
            raise ValidationError(serializer.errors)
        raise ValidationError(_as_list(serializer.errors, len(data)))
    return (serializer.validated_data if many else [serializer.validated_data]), many


def _entries_invalid(invalid: services.EntriesInvalid, count: int, many: bool) -> ValidationError:
    if not many:
        return ValidationError(invalid.errors[0])
    return ValidationError(_as_list(invalid.errors, count))


@contextmanager
def _transfer_hint():
    """Say, in the API's terms, how to ask for the transfer of a person another team holds."""
    try:
        yield
    except services.KnownToAnotherTeam:
        raise services.KnownToAnotherTeam(
            {
                "nhs_number": f"{services.KNOWN_ELSEWHERE} Ask with POST /api/v1/transfers/, "
                "giving the NHS number and your reason."
            }
        ) from None


class PersonSubResourceMixin:
    """For a viewset whose actions hang on a person (``participants/{id}/...``)."""

    def _participant(self, permission: str | None = None) -> Participant:
        """The person a sub-resource hangs on: 404 outside the user's scope. Reading their
        service use, payments, cost of care or budgets is a read of their record."""
        participant = get_visible_or_404(
            self.request, services.participants_visible_to(self.request.user), pk=self.kwargs["pk"]
        )
        if permission and not self.request.user.has_perm(permission, participant):
            raise PermissionDenied("Only the person’s own team can do this.")
        return participant


@extend_schema(tags=["participants"])
class ParticipantViewSet(
    PersonSubResourceMixin,
    AuditedCareRecordsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The people of the teams the user may see. Another team's person is not found (404)."""

    filterset_class = ParticipantFilter
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        people = services.participants_visible_to(self.request.user).select_related("cluster")
        if self.action == "retrieve":
            people = people.prefetch_related(
                Prefetch(
                    "cluster_history",
                    ClusterAssignment.objects.select_related("cluster").order_by("-start"),
                )
            )
        return people

    def get_serializer_class(self):
        return ParticipantListSerializer if self.action == "list" else ParticipantSerializer

    def perform_create(self, serializer):
        if not self.request.user.has_perm("participants.add_participant"):
            raise PermissionDenied("Only a coordinator or facilitator can add a person.")
        with _transfer_hint():
            serializer.instance = services.participant_create(
                user=self.request.user,
                request=self.request,
                channel=AuditEvent.Channel.API,
                **serializer.validated_data,
            )

    def perform_update(self, serializer):
        participant = serializer.instance
        if not self.request.user.has_perm("participants.change_participant", participant):
            raise PermissionDenied("Only the person’s own team can change their record.")
        data = dict(serializer.validated_data)
        cluster = data.pop("cluster", participant.cluster)
        data.pop("cluster_start", None)
        if cluster != participant.cluster:
            raise ValidationError(
                {"cluster": "Change the cluster through cluster-history, from a date."}
            )
        with _transfer_hint():
            serializer.instance = services.participant_update(
                user=self.request.user,
                participant=participant,
                request=self.request,
                channel=AuditEvent.Channel.API,
                **data,
            )

    @extend_schema(methods=["GET"], responses=ServiceEventSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"application/json": one_or_a_list("ServiceEvent")},
        responses={201: one_or_a_list("ServiceEvent")},
    )
    @action(detail=True, methods=["get", "post"], url_path="service-events")
    def service_events(self, request, pk=None):
        """The person's service use, latest first. POST one event, or a list: all or nothing."""
        if request.method == "GET":
            participant = self._participant()
            events = ServiceEvent.objects.filter(participant=participant).select_related(
                "intervention", "tariff_price", "entered_by"
            )
            page = self.paginate_queryset(events)
            return self.get_paginated_response(ServiceEventSerializer(page, many=True).data)
        participant = self._participant("participants.record_service_use")
        rows, many = _validated_rows(ServiceEventSerializer, request.data)
        entries = [
            services.ServiceUseEntry(participant, row["intervention"], row["date"], row["quantity"])
            for row in rows
        ]
        try:
            events = services.service_use_record(user=request.user, entries=entries)
        except services.EntriesInvalid as invalid:
            raise _entries_invalid(invalid, len(entries), many) from None
        data = ServiceEventSerializer(events, many=True).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=DirectPaymentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request={"application/json": one_or_a_list("DirectPayment")},
        responses={201: one_or_a_list("DirectPayment")},
    )
    @action(detail=True, methods=["get", "post"], url_path="direct-payments")
    def direct_payments(self, request, pk=None):
        """Direct payments made for alternative goods and services. POST one or a list."""
        if request.method == "GET":
            participant = self._participant()
            payments = DirectPayment.objects.filter(participant=participant).select_related(
                "entered_by"
            )
            page = self.paginate_queryset(payments)
            return self.get_paginated_response(DirectPaymentSerializer(page, many=True).data)
        participant = self._participant("participants.record_service_use")
        rows, many = _validated_rows(DirectPaymentSerializer, request.data)
        entries = [
            services.DirectPaymentEntry(participant, row["date"], row["amount"], row["description"])
            for row in rows
        ]
        try:
            payments = services.direct_payments_record(user=request.user, entries=entries)
        except services.EntriesInvalid as invalid:
            raise _entries_invalid(invalid, len(entries), many) from None
        data = DirectPaymentSerializer(payments, many=True).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("year", str, required=True, description="e.g. 2010-11")],
        responses=CostOfCareSerializer,
    )
    @action(detail=True, methods=["get"], url_path="cost-of-care")
    def cost_of_care(self, request, pk=None):
        """The cost of care for a financial year: a line per intervention and unit price,
        direct payments and the total."""
        participant = self._participant()
        year = _year_param(request, "year")
        return Response(CostOfCareSerializer(cost_of_care(participant.pk, year)).data)

    @extend_schema(methods=["GET"], responses=ClusterAssignmentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=ClusterAssignmentSerializer,
        responses={201: ClusterAssignmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="cluster-history", pagination_class=None)
    def cluster_history(self, request, pk=None):
        """The person's clusters over time; POST moves them to a cluster from a date."""
        if request.method == "GET":
            participant = self._participant()
            history = participant.cluster_history.select_related("cluster").order_by("-start")
            return Response(ClusterAssignmentSerializer(history, many=True).data)
        participant = self._participant("participants.change_participant")
        serializer = ClusterAssignmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = services.cluster_assign(participant=participant, **serializer.validated_data)
        return Response(
            ClusterAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["transfers"])
class TransferViewSet(
    AuditedCareRecordsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Transfers between teams of one organisation: the requests the user's team asked for,
    and those the user may decide (a facilitator of the team that holds the person, or a
    commissioner). Anyone else gets 404."""

    serializer_class = TransferRequestSerializer

    def get_queryset(self):
        user = self.request.user
        visible = services.participants_visible_to(user).filter(pk=OuterRef("participant_id"))
        return (
            transfers.transfers_visible_to(user)
            .select_related("participant", "holding_team", "asking_team", "asked_by", "decided_by")
            .annotate(person_visible=Exists(visible))
        )

    def _answer(self, transfer, code=status.HTTP_200_OK) -> Response:
        shown = self.get_queryset().get(pk=transfer.pk)
        return Response(self.get_serializer(shown).data, status=code)

    @extend_schema(request=TransferAskSerializer, responses={201: TransferRequestSerializer})
    def create(self, request, *args, **kwargs):
        """Ask for the person with this NHS number to move to your team, with your reason."""
        asked = TransferAskSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        transfer = transfers.transfer_ask(
            user=request.user,
            request=request,
            channel=AuditEvent.Channel.API,
            **asked.validated_data,
        )
        return self._answer(transfer, status.HTTP_201_CREATED)

    @extend_schema(request=TransferDecisionSerializer, responses=TransferRequestSerializer)
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        """Agree (the person moves to the asking team) or refuse (with a reason). 403 for the
        asking team; 409 if someone has decided it already."""
        transfer = self.get_object()
        decided = TransferDecisionSerializer(data=request.data)
        decided.is_valid(raise_exception=True)
        try:
            transfers.transfer_decide(
                user=request.user,
                transfer=transfer,
                agree=decided.validated_data["decision"] == "agree",
                reason=decided.validated_data["reason"],
            )
        except transfers.AlreadyDecided as error:
            raise Conflict(str(error)) from None
        return self._answer(transfer)
