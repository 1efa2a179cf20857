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
        return AuditEvent.objects.select_related("content_type")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "events": describe_events(context["object_list"], user=self.request.user),
        }


class ChangeListView(TrailPermissionMixin, TemplateView):
    """Every create, update and delete of a tracked record, newest first."""

    template_name = "audit/changes.html"

    def get_context_data(self, **kwargs):
        model_label = self.request.GET.get("model", "")
        page = Paginator(changes(model_label=model_label), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            page_obj=page,
            changes=describe_changes(list(page.object_list), user=self.request.user),
            models=list(tracked_models()),
            model_label=model_label,
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
