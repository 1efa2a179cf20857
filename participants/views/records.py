"""Adding and changing a person, their page and their cluster."""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView

from audit.mixins import RecordViewMixin
from audit.reads import note_read
from common.csv import csv_response
from common.tables import database_order
from costing.forms import add_service_errors
from costing.models import Intervention
from participants.cost_of_care import cost_of_care_by_year
from participants.forms import (
    ClusterAssignForm,
    ParticipantForm,
)
from participants.sections import person_page_context
from participants.services import (
    KnownToAnotherTeam,
    cluster_assign,
    participant_create,
    participant_update,
)
from participants.views.base import (
    ParticipantPageMixin,
    long_date,
    units,
    visible_participants,
)
from participants.views.person_tables import (
    EVENT_COLUMNS,
    PAYMENT_COLUMNS,
    clusters_table,
    events_table,
    payments_table,
)

EVENTS_PER_PAGE = 25
PAYMENTS_SHOWN = 50


# -- Adding and changing a person ----------------------------------------------------------------


class ParticipantCreateView(FormView):
    template_name = "participants/participant_form.html"
    form_class = ParticipantForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("participants.add_participant"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.request.user.team, "adding": True}

    def form_valid(self, form):
        try:
            participant = participant_create(
                user=self.request.user,
                cluster=form.cleaned_data["cluster"],
                cluster_start=form.cleaned_data["cluster_start"],
                request=self.request,
                **form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error, {"start": "cluster_start"})
            if isinstance(error, KnownToAnotherTeam):
                # The page offers to ask for the person, with the number already typed.
                typed = form.data.get("nhs_number", "")
                return self.render_to_response(
                    self.get_context_data(form=form, known_elsewhere=typed)
                )
            return self.form_invalid(form)
        messages.success(self.request, f"{participant.full_name} has been added.")
        return redirect("participants:detail", participant.pk)


class ParticipantUpdateView(ParticipantPageMixin, FormView):
    template_name = "participants/participant_form.html"
    form_class = ParticipantForm
    permission = "participants.change_participant"

    def get_initial(self):
        return ParticipantForm.initial_for(self.participant)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "team": self.participant.team, "adding": False}

    def form_valid(self, form):
        try:
            # A copy: a refused change must not show on the page as if it were kept.
            participant_update(
                user=self.request.user,
                participant=copy.copy(self.participant),
                request=self.request,
                **form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The changes have been saved.")
        return redirect(self.detail_url())


# -- The person's page ----------------------------------------------------------------------------


def _cost_of_care_tables(participant_id: int) -> list[dict]:
    """Cost of care per financial year, in the layout of the pilot's Tables 9 and 10."""
    interventions = {i.code: i for i in Intervention.objects.all()}
    tables = []
    for year, cost in sorted(cost_of_care_by_year(participant_id).items()):
        lines = []
        for line in cost.lines:
            intervention = interventions.get(line.intervention)
            lines.append(
                {
                    "name": intervention.name if intervention else line.intervention,
                    "quantity": line.quantity,
                    "units": units(intervention, line.quantity),
                    "unit": intervention.get_unit_display() if intervention else "unit",
                    "unit_price": line.unit_price,
                    "cost": line.cost,
                }
            )
        tables.append({"year": year, "cost": cost, "lines": lines})
    return tables


class ParticipantDetailView(RecordViewMixin, DetailView):
    """Everything about one person: details, clusters, service use, cost of care, and the
    sections the apps above add (care plans, indicative budgets: ``participants.sections``).

    The number of queries does not grow with the number of events: cost of
    care comes from aggregate queries, and service use is shown a page at a time.
    """

    template_name = "participants/participant_detail.html"
    context_object_name = "participant"

    def get_queryset(self):
        return visible_participants(self.request.user)

    def _events(self):
        order = database_order(self.request, "service_use", EVENT_COLUMNS, "-date")
        return self.object.service_events.select_related(
            "intervention", "tariff_price", "entered_by"
        ).order_by(*order)

    def _payments(self):
        order = database_order(self.request, "direct_payments", PAYMENT_COLUMNS, "-date")
        return self.object.direct_payments.select_related("entered_by").order_by(*order)

    def _history(self):
        return self.object.cluster_history.select_related("cluster")

    def get(self, request, *args, **kwargs):
        wanted = request.GET.get("csv")
        if wanted not in ("cluster_history", "service_use", "direct_payments"):
            return super().get(request, *args, **kwargs)
        self.object = self.get_object()
        if wanted == "cluster_history":
            records = list(self._history())
            table = clusters_table(request, records)
        elif wanted == "service_use":
            records = list(self._events())
            table = events_table(request, records)
        else:
            records = list(self._payments())
            table = payments_table(request, records)
        note_read(request, records, download=True)
        name = f"participant-{self.object.pk}-{wanted.replace('_', '-')}.csv"
        return csv_response(table.csv_rows(), name)

    def get_context_data(self, **kwargs):
        participant = self.object
        user = self.request.user
        events_page = Paginator(self._events(), EVENTS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        payments = list(self._payments()[:PAYMENTS_SHOWN])
        payment_count = (
            len(payments) if len(payments) < PAYMENTS_SHOWN else participant.direct_payments.count()
        )
        return super().get_context_data(
            clusters=clusters_table(self.request, self._history()),
            page_obj=events_page,
            events=events_table(self.request, events_page.object_list),
            payments=payments_table(self.request, payments),
            payment_count=payment_count,
            cost_tables=_cost_of_care_tables(participant.pk),
            **person_page_context(self.request, participant),
            can_change=user.has_perm("participants.change_participant", participant),
            can_record=user.has_perm("participants.record_service_use", participant),
            **kwargs,
        )


class ClusterAssignView(ParticipantPageMixin, FormView):
    """Move the person to another cluster from a date; the history is kept."""

    template_name = "participants/cluster_form.html"
    form_class = ClusterAssignForm
    permission = "participants.change_participant"

    def get(self, request, *args, **kwargs):
        if request.GET.get("csv") == "cluster_history":
            history = list(self.participant.cluster_history.select_related("cluster"))
            note_read(request, history, download=True)
            name = f"participant-{self.participant.pk}-cluster-history.csv"
            return csv_response(clusters_table(request, history).csv_rows(), name)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        history = self.participant.cluster_history.select_related("cluster")
        return super().get_context_data(clusters=clusters_table(self.request, history), **kwargs)

    def form_valid(self, form):
        cluster = form.cleaned_data["cluster"]
        try:
            cluster_assign(
                participant=self.participant, cluster=cluster, start=form.cleaned_data["start"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{self.participant.full_name} is in cluster {cluster.number} "
            f"from {long_date(form.cleaned_data['start'])}.",
        )
        return redirect(self.detail_url())
