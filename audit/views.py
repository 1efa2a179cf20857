from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.views.generic import TemplateView
from django_filters.views import FilterView

from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from audit.selectors import (
    change_detail,
    changes,
    describe_changes,
    describe_events,
    tracked_models,
)
from audit.tables import CHANGE_COLUMNS, CSV_LIMIT, EVENT_COLUMNS, changes_table, events_table
from common.csv import csv_response
from common.tables import database_order

PAGE_SIZE = 50


class TrailPermissionMixin(PermissionRequiredMixin):
    permission_required = "audit.view_trail"
    raise_exception = True


class AuditEventListView(TrailPermissionMixin, FilterView):
    """Views of records, downloads and sign-ins, newest first."""

    model = AuditEvent
    filterset_class = AuditEventFilter
    paginate_by = PAGE_SIZE
    template_name = "audit/events.html"

    def get_queryset(self):
        order = database_order(self.request, "events", EVENT_COLUMNS, "-when")
        return AuditEvent.objects.select_related("content_type").order_by(*order)

    def get(self, request, *args, **kwargs):
        if request.GET.get("csv") != "events":
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        events = list(filterset.qs[:CSV_LIMIT]) if filterset.is_valid() else []
        rows = describe_events(events, user=request.user)
        return csv_response(events_table(request, rows).csv_rows(), "audit-events.csv")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = describe_events(context["object_list"], user=self.request.user)
        return {**context, "events": rows, "table": events_table(self.request, rows)}


class ChangeListView(TrailPermissionMixin, TemplateView):
    """Every create, update and delete of a tracked record, newest first."""

    template_name = "audit/changes.html"

    def _changes(self):
        order = database_order(
            self.request, "changes", CHANGE_COLUMNS, "-when", tiebreak="history_id"
        )
        return changes(model_label=self.request.GET.get("model", "")).order_by(*order)

    def get(self, request, *args, **kwargs):
        if request.GET.get("csv") != "changes":
            return super().get(request, *args, **kwargs)
        rows = describe_changes(list(self._changes()[:CSV_LIMIT]), user=request.user)
        return csv_response(changes_table(request, rows).csv_rows(), "audit-changes.csv")

    def get_context_data(self, **kwargs):
        page = Paginator(self._changes(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = describe_changes(list(page.object_list), user=self.request.user)
        return super().get_context_data(
            page_obj=page,
            changes=rows,
            table=changes_table(self.request, rows),
            models=list(tracked_models()),
            model_label=self.request.GET.get("model", ""),
            **kwargs,
        )


class ChangeDetailView(TrailPermissionMixin, TemplateView):
    """One change: the record as it was then, and the fields it changed."""

    template_name = "audit/change_detail.html"

    def get_context_data(self, **kwargs):
        try:
            change = change_detail(
                model_label=kwargs["model_label"],
                history_id=kwargs["history_id"],
                user=self.request.user,
            )
        except (KeyError, ObjectDoesNotExist) as error:
            raise Http404("No such change.") from error
        return super().get_context_data(change=change, **kwargs)
