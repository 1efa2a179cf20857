from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.generics import RetrieveAPIView

from audit.mixins import AuditedObjectMixin
from audit.models import AuditEvent
from common.ids import ID_PATTERN
from people.access import teams_visible_to
from people.models import ApiToken, User
from people.selectors import tokens_of
from people.serializers import ApiTokenSerializer, MeSerializer, TeamSerializer
from people.services import token_revoke


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
class TeamViewSet(AuditedObjectMixin, viewsets.ReadOnlyModelViewSet):
    """The teams the user may see: their own, their organisation's, or all."""

    serializer_class = TeamSerializer
    lookup_value_regex = ID_PATTERN

    def get_queryset(self):
        return teams_visible_to(self.request.user)


@extend_schema(tags=["me"])
@extend_schema_view(
    list=extend_schema(summary="Your API tokens, newest first (never their keys)"),
    retrieve=extend_schema(summary="One of your API tokens"),
    destroy=extend_schema(summary="Revoke one of your API tokens"),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The signed-in user's own API tokens: see and revoke them. Tokens are made on the
    API tokens page, not here, so that a token cannot renew itself."""

    serializer_class = ApiTokenSerializer

    def get_queryset(self):
        return tokens_of(self.request.user)

    def perform_destroy(self, instance: ApiToken) -> None:
        token_revoke(
            token=instance,
            by=self.request.user,
            request=self.request,
            channel=AuditEvent.Channel.API,
        )
