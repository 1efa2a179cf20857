"""Views of records through the audited path (``audit.reads``): pages and API alike."""

from audit.reads import get_visible_or_404, note_read


class RecordViewMixin:
    """For a ``DetailView``: the record is found in the user's scope (404 outside it, and
    a refusal noted if it exists) and noted as read."""

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        return get_visible_or_404(self.request, queryset, pk=self.kwargs[self.pk_url_kwarg])


class RecordListMixin:
    """For a ``ListView`` (or ``FilterView``): the records a page shows are noted as read."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        note_read(self.request, context["object_list"])
        return context


class AuditedObjectMixin:
    """For a DRF view: ``get_object`` goes through the audited path on every action."""

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        record = get_visible_or_404(
            self.request, queryset, **{self.lookup_field: self.kwargs[lookup_url_kwarg]}
        )
        self.check_object_permissions(self.request, record)
        return record


class AuditedCareRecordsMixin(AuditedObjectMixin):
    """For a DRF viewset of care records: one record, or the page of a list, is noted."""

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        note_read(self.request, page if page is not None else queryset)
        return page
