"""The user's own notifications as JSON, newest first (read-only)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from notifications.models import Notification
from notifications.services import notifications_of


class NotificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "text", "link", "created_at", "read_at"]
        read_only_fields = fields


@extend_schema(tags=["me"])
class NotificationListView(ListAPIView):
    """The signed-in user's notifications, newest first. ``link`` is the path of the page
    each is about; the text names a person by their initials at most."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notifications_of(self.request.user)
