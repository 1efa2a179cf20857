"""Reviews and review packs as JSON: the same services and scopes as the pages."""

from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.mixins import AuditedCareRecordsMixin, AuditedObjectMixin
from audit.reads import get_visible_or_404, note_read
from careplans.selectors import plans_visible_to
from common.ids import ID_PATTERN, UUID_PATTERN
from reviews import packs, services
from reviews.models import ReviewPack
from reviews.serializers import (
    CallReviewSerializer,
    OverdueSerializer,
    ReviewPackRequestSerializer,
    ReviewPackSerializer,
    ReviewSerializer,
)
from reviews.storage import private_storage


def pack_download(request, pack: ReviewPack) -> FileResponse:
    """The PDF as an attachment streamed from private storage (never a URL to it), never
    cached; the download is in the audit trail."""
    storage = private_storage()
    name = pack.file_name
    if pack.status != ReviewPack.Status.READY or not name or not storage.exists(name):
        raise Http404("The review pack is not ready.")
    note_read(request, pack, download=True)
    response = FileResponse(
        storage.open(name, "rb"),
        as_attachment=True,
        filename=pack.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@extend_schema(tags=["reviews"])
class ReviewViewSet(
    AuditedCareRecordsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Reviews of the plans the user may see; recording one sets the next review's date."""

    serializer_class = ReviewSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return (
            services.reviews_visible_to(self.request.user)
            .select_related("version", "recorded_by")
            .prefetch_related("progress", "spending", "budget_changes__indicative_budget")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        review = services.review_record(
            user=self.request.user,
            plan=plan,
            progress=[services.Progress(**p) for p in data.pop("progress")],
            spending=[services.Spent(**s) for s in data.pop("spending")],
            taper=[(t["year"], t["amount"]) for t in data.pop("taper")],
            **data,
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)

    @extend_schema(responses=OverdueSerializer(many=True))
    @action(detail=False, methods=["get"])
    def overdue(self, request):
        """Plans whose review is overdue, most overdue first: the team's for coordinators and
        facilitators, the organisation's for commissioners."""
        today = timezone.localdate()
        plans = services.overdue_reviews(request.user, today)
        page = self.paginate_queryset(plans)
        return self.get_paginated_response(
            OverdueSerializer(page, many=True, context={"today": today}).data
        )


class CallReviewView(APIView):
    @extend_schema(tags=["reviews"], request=CallReviewSerializer, responses=OverdueSerializer)
    def post(self, request, pk: int):
        """Call a review of the plan for a date (sooner than it would otherwise fall)."""
        plan = get_visible_or_404(request, plans_visible_to(request.user), pk=pk)
        serializer = CallReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.review_call(user=request.user, plan=plan, **serializer.validated_data)
        return Response(OverdueSerializer(plan, context={"today": timezone.localdate()}).data)


class ReviewPackRequestView(APIView):
    @extend_schema(
        tags=["reviews"], request=ReviewPackRequestSerializer, responses={202: ReviewPackSerializer}
    )
    def post(self, request, pk: int):
        """Ask for a review pack of a version of the plan (and a review). Answers 202 with the
        pack: a new one queued for a worker, or the one already queued, rendering or ready."""
        plan = get_visible_or_404(request, plans_visible_to(request.user), pk=pk)
        serializer = ReviewPackRequestSerializer(
            data=request.data, context={"request": request, "plan": plan}
        )
        serializer.is_valid(raise_exception=True)
        number = serializer.validated_data.get("version")
        versions = plan.versions.order_by("-number")
        version = versions.filter(number=number).first() if number else versions.first()
        if version is None:
            raise ValidationError({"version": f"The plan has no version {number}."})
        review = serializer.validated_data.get("review")
        pack, _ = packs.pack_request(user=request.user, version=version, review=review)
        return Response(ReviewPackSerializer(pack).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["reviews"])
class ReviewPackViewSet(AuditedObjectMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A review pack's status; its PDF once ready."""

    serializer_class = ReviewPackSerializer
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self):
        return packs.packs_visible_to(self.request.user).select_related("version")

    def retrieve(self, request, *args, **kwargs):
        """The pack's status. A pack left waiting (its task was lost) is sent again."""
        pack = self.get_object()
        packs.pack_resend_if_stalled(pack)
        return Response(self.get_serializer(pack).data)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return pack_download(request, self.get_object())
