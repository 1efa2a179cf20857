"""The list of people: searched and filtered, sorted by any column (by the database, as it
is paged), 50 a page, and as CSV (every person it finds, sorted the same way). The apps
above add columns (plan status, next review) through ``participants.list_columns``; the
number of queries does not grow with the number of people."""

from django.urls import reverse
from django.utils.html import format_html
from django_filters.views import FilterView

from audit.mixins import RecordListMixin
from audit.reads import note_read
from common.csv import csv_response
from common.tables import Column, Table, database_order, day_text
from participants.filters import ParticipantFilter
from participants.list_columns import annotated, extra_columns
from participants.models import Participant
from participants.views.base import visible_participants

PAGE_SIZE = 50
TABLE = "participants"
"""The table's name: ``?participants_sort=<column>``, ``?csv=participants``."""


def _name(person: Participant) -> str:
    return format_html(
        '<a href="{}">{}, {}</a>',
        reverse("participants:detail", args=[person.pk]),
        person.family_name,
        person.given_name,
    )


def _nowrap(text: str) -> str:
    return format_html('<span class="app-nowrap">{}</span>', text)


def columns() -> list[Column]:
    return [
        Column(
            "name",
            "Name",
            lambda p: f"{p.family_name}, {p.given_name}",
            show=_name,
            order_by=("family_name", "given_name"),
        ),
        Column(
            "nhs_number",
            "NHS number",
            lambda p: p.nhs_number,
            show=lambda p: _nowrap(p.nhs_number_display),
            text=lambda p: p.nhs_number_display,
        ),
        Column(
            "date_of_birth",
            "Date of birth",
            lambda p: p.date_of_birth,
            show=lambda p: _nowrap(day_text(p.date_of_birth)),
            text=lambda p: p.date_of_birth.isoformat(),
        ),
        Column("team", "Team", lambda p: p.team.name, order_by=("team__name",)),
        Column(
            "care_coordinator",
            "Care coordinator",
            lambda p: str(p.care_coordinator) if p.care_coordinator else None,
            show=lambda p: str(p.care_coordinator) if p.care_coordinator else "Not yet chosen",
            order_by=("care_coordinator__last_name", "care_coordinator__first_name"),
        ),
        Column(
            "cluster",
            "Cluster",
            lambda p: p.cluster.number if p.cluster else None,
            show=lambda p: str(p.cluster.number) if p.cluster else "None",
            order_by=("cluster__number",),
        ),
        *extra_columns(),
    ]


def participant_table(request, people) -> Table:
    return Table(
        request,
        TABLE,
        "Participants you can see",
        columns(),
        people,
        default="name",
        presorted=True,
    )


class ParticipantListView(RecordListMixin, FilterView):
    """The people of the user's team (or organisation), searchable and filtered, 50 a page."""

    template_name = "participants/participant_list.html"
    filterset_class = ParticipantFilter
    paginate_by = PAGE_SIZE
    context_object_name = "participants"

    def get_queryset(self):
        order = database_order(self.request, TABLE, columns(), "name")
        return annotated(visible_participants(self.request.user)).order_by(*order)

    def get(self, request, *args, **kwargs):
        if request.GET.get("csv") != TABLE:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        people = list(filterset.qs) if filterset.is_valid() else []
        note_read(request, people, download=True)
        return csv_response(participant_table(request, people).csv_rows(), "participants.csv")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = user.has_perm("participants.add_participant")
        context["table"] = participant_table(self.request, context["object_list"])
        context["sort"] = self.request.GET.get(f"{TABLE}_sort", "")
        return context
