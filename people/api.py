from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.generics import RetrieveAPIView

from audit.mixins import AuditedRetrieveMixin
from common.ids import ID_PATTERN
from people.access import teams_visible_to
from people.models import User
from people.serializers import MeSerializer, TeamSerializer


class MeView(RetrieveAPIView):
    """The signed-in user, with role, team and organisation."""

    serializer_class = MeSerializer

    def get_object(self) -> User:
        return (
            User.objects.select_related("team__organisation", "organisation")
            .filter(pk=self.request.user.pk)
            .get()
        )


@extend_schema(tags=["teams"])
class TeamViewSet(AuditedRetrieveMixin, viewsets.ReadOnlyModelViewSet):
    """The teams the user may see: their own, their organisation's, or all."""

    serializer_class = TeamSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return teams_visible_to(self.request.user)
