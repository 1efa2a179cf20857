"""Attach the audit trail to a page or an API endpoint that shows one record."""

from audit.models import AuditEvent
from audit.services import record_view


class RecordViewMixin:
    """For a ``DetailView``: the record shown is logged as viewed."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        record_view(user=self.request.user, obj=obj, request=self.request)
        return obj


class AuditedRetrieveMixin:
    """For a DRF viewset: a record read through ``retrieve`` is logged as viewed."""

    def get_object(self):
        obj = super().get_object()
        if self.action == "retrieve":
            record_view(
                user=self.request.user,
                obj=obj,
                request=self.request,
                channel=AuditEvent.Channel.API,
            )
        return obj
