from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from costing import services
from costing.models import Cluster, ClusterCost, Intervention, TariffPrice
from costing.permissions import TariffsPermission
from costing.serializers import (
    ClusterCostSerializer,
    ClusterSerializer,
    InterventionSerializer,
    TariffPriceSerializer,
)

PERMISSIONS = [IsAuthenticated, TariffsPermission]


@extend_schema(tags=["tariffs"])
class InterventionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Priced interventions with their price history; commissioners add new ones."""

    permission_classes = PERMISSIONS

    serializer_class = InterventionSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,30}"  # a slug, as the model's code
    queryset = Intervention.objects.prefetch_related(
        Prefetch("prices", TariffPrice.objects.order_by("valid_from"))
    )

    def perform_create(self, serializer):
        serializer.instance = services.intervention_create(**serializer.validated_data)


@extend_schema(
    tags=["tariffs"],
    parameters=[OpenApiParameter("intervention", str, description="An intervention's code")],
)
class TariffPriceViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Every dated price. A commissioner's new price from a date closes the current one
    the day before."""

    permission_classes = PERMISSIONS

    serializer_class = TariffPriceSerializer
    filterset_fields = {"intervention__code": ["exact"]}

    def get_queryset(self):
        prices = TariffPrice.objects.select_related("intervention").order_by(
            "intervention_id", "valid_from"
        )
        code = self.request.query_params.get("intervention")
        return prices.filter(intervention__code=code) if code else prices

    def perform_create(self, serializer):
        serializer.instance = services.tariff_price_add(**serializer.validated_data)


@extend_schema(tags=["tariffs"])
class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    """The care clusters, with their annual costs by financial year."""

    permission_classes = PERMISSIONS

    serializer_class = ClusterSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,2}"
    queryset = Cluster.objects.prefetch_related(
        Prefetch("costs", ClusterCost.objects.order_by("-year"))
    )

    @extend_schema(request=ClusterCostSerializer, responses=ClusterCostSerializer)
    @action(detail=True, methods=["post"])
    def costs(self, request, number=None):
        """Set the cluster's annual cost for a financial year (commissioners)."""
        cluster = self.get_object()
        serializer = ClusterCostSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cost = services.cluster_cost_set(cluster=cluster, **serializer.validated_data)
        return Response(ClusterCostSerializer(cost).data, status=status.HTTP_201_CREATED)
