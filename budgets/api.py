"""A person's indicative budgets, as JSON (``participants/{id}/indicative-budgets/``).

The route hangs on the person; ``phb/urls.py`` mounts it beside the
participants' own routes.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from budgets.models import IndicativeBudget
from budgets.person_page import PERMISSION
from budgets.serializers import IndicativeBudgetSerializer
from budgets.services import indicative_budget_set
from common.ids import ID_PATTERN
from participants.api import ParticipantFilter, PersonSubResourceMixin
from participants.services import participants_visible_to


@extend_schema(tags=["participants"])
class PersonIndicativeBudgetViewSet(PersonSubResourceMixin, viewsets.GenericViewSet):
    # The same filter class as the person's other routes, so the schema describes this
    # route as it did when it was one of ParticipantViewSet's actions.
    filterset_class = ParticipantFilter
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return participants_visible_to(self.request.user)

    @extend_schema(
        request=IndicativeBudgetSerializer, responses=IndicativeBudgetSerializer(many=True)
    )
    @action(detail=True, methods=["get", "post"], url_path="indicative-budgets")
    def indicative_budgets(self, request, pk=None):
        """Every indicative budget calculated for the person, latest first; POST works one
        out and keeps it."""
        if request.method == "GET":
            participant = self._participant()
            budgets = IndicativeBudget.objects.filter(participant=participant).select_related(
                "set_by"
            )
            page = self.paginate_queryset(budgets)
            return self.get_paginated_response(IndicativeBudgetSerializer(page, many=True).data)
        participant = self._participant(PERMISSION)
        serializer = IndicativeBudgetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        budget = indicative_budget_set(
            user=request.user, participant=participant, **serializer.validated_data
        )
        return Response(IndicativeBudgetSerializer(budget).data, status=status.HTTP_201_CREATED)
