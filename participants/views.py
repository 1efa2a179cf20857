"""The pages of the people a team supports: thin views over ``participants.services``.

Every page about one person finds them through ``participants_visible_to``
(so someone outside the user's scope is 404, never 403), checks the ``rules``
permission for what the page does (403 for a person the user can see but may
not change), and logs the view in the audit trail.
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import DetailView, FormView, TemplateView
from django_filters.views import FilterView

from audit.mixins import RecordViewMixin
from audit.services import record_view
from costing.core import care
from costing.core.money import format_pounds
from costing.forms import add_entry_errors, add_service_errors
from costing.models import Intervention
from participants.cost_of_care import cost_of_care_by_year
from participants.filters import ParticipantFilter
from participants.forms import (
    ClusterAssignForm,
    DirectPaymentForm,
    ImportForm,
    ParticipantForm,
    ServiceUseForm,
)
from participants.imports import (
    ImportInvalid,
    check_direct_payments,
    check_service_use,
    import_direct_payments,
    import_service_use,
)
from participants.sections import person_page_context
from participants.services import (
    DirectPaymentEntry,
    EntriesInvalid,
    ServiceUseEntry,
    cluster_assign,
    direct_payments_record,
    participant_create,
    participant_update,
    participants_visible_to,
    service_use_record,
)

PAGE_SIZE = 50
EVENTS_PER_PAGE = 25
PAYMENTS_SHOWN = 50
UNIT_PLURALS = {Intervention.Unit.CONTACT: "contacts", Intervention.Unit.BED_DAY: "bed days"}


def visible_participants(user):
    """The people ``user`` may see, with what the pages show of them in the same query."""
    return participants_visible_to(user).select_related("team", "care_coordinator", "cluster")


def long_date(day) -> str:
    """``date(2010, 10, 1)`` -> ``"1 October 2010"``."""
    return f"{day.day} {day:%B %Y}"


def units(intervention: Intervention | None, quantity: int) -> str:
    if intervention is None:
        return "units"
    if quantity == 1:
        return intervention.get_unit_display()
    return UNIT_PLURALS.get(intervention.unit, intervention.get_unit_display())


class ParticipantPageMixin:
    """A page about one person: 404 outside the user's scope, 403 without ``permission``.

    The person is loaded once per request, and a page read (GET) is logged as
    a view of their record.
    """

    permission: str | None = None

    def dispatch(self, request, *args, **kwargs):
        self.participant = get_object_or_404(visible_participants(request.user), pk=kwargs["pk"])
        if self.permission and not request.user.has_perm(self.permission, self.participant):
            raise PermissionDenied
        if request.method == "GET":
            record_view(user=request.user, obj=self.participant, request=request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)

    def detail_url(self) -> str:
        return reverse("participants:detail", args=[self.participant.pk])


# -- The list ----------------------------------------------------------------------------------


class ParticipantListView(FilterView):
    """The people of the user's team (or organisation), searchable and filtered, 50 a page."""

    template_name = "participants/participant_list.html"
    filterset_class = ParticipantFilter
    paginate_by = PAGE_SIZE
    context_object_name = "participants"

    def get_queryset(self):
        return visible_participants(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_add=user.has_perm("participants.add_participant"), **kwargs
        )


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
                **form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error, {"start": "cluster_start"})
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

    def get_context_data(self, **kwargs):
        participant = self.object
        user = self.request.user
        events = participant.service_events.select_related(
            "intervention", "tariff_price", "entered_by"
        )
        events_page = Paginator(events, EVENTS_PER_PAGE).get_page(self.request.GET.get("page"))
        payments = list(participant.direct_payments.select_related("entered_by")[:PAYMENTS_SHOWN])
        payment_count = (
            len(payments) if len(payments) < PAYMENTS_SHOWN else participant.direct_payments.count()
        )
        return super().get_context_data(
            cluster_history=participant.cluster_history.select_related("cluster"),
            page_obj=events_page,
            events=[
                {"event": event, "units": units(event.intervention, event.quantity)}
                for event in events_page.object_list
            ],
            payments=payments,
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

    def get_context_data(self, **kwargs):
        history = self.participant.cluster_history.select_related("cluster")
        return super().get_context_data(cluster_history=history, **kwargs)

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


# -- Recording service use and direct payments for one person -----------------------------------


class ServiceUseCreateView(ParticipantPageMixin, FormView):
    template_name = "participants/service_use_form.html"
    form_class = ServiceUseForm
    permission = "participants.record_service_use"

    def form_valid(self, form):
        data = form.cleaned_data
        entry = ServiceUseEntry(
            participant=self.participant,
            intervention=data["intervention"],
            date=data["date"],
            quantity=data["quantity"],
        )
        try:
            [event] = service_use_record(user=self.request.user, entries=[entry])
        except EntriesInvalid as invalid:
            add_entry_errors(form, invalid.errors.get(0, {}))
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Recorded {event.quantity} {units(event.intervention, event.quantity)} of "
            f"{event.intervention.name} on {long_date(event.date)}, at "
            f"{format_pounds(event.tariff_price.price)} a {event.intervention.get_unit_display()}.",
        )
        return redirect(self.detail_url())


class DirectPaymentCreateView(ParticipantPageMixin, FormView):
    template_name = "participants/direct_payment_form.html"
    form_class = DirectPaymentForm
    permission = "participants.record_service_use"

    def form_valid(self, form):
        data = form.cleaned_data
        entry = DirectPaymentEntry(
            participant=self.participant,
            date=data["date"],
            amount=data["amount"],
            description=data["description"],
        )
        try:
            [payment] = direct_payments_record(user=self.request.user, entries=[entry])
        except EntriesInvalid as invalid:
            add_entry_errors(form, invalid.errors.get(0, {}))
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Recorded a direct payment of {format_pounds(payment.amount)} "
            f"on {long_date(payment.date)}.",
        )
        return redirect(self.detail_url())


# -- CSV imports ----------------------------------------------------------------------------------


class ImportView(TemplateView):
    """Upload (or paste) a CSV file, see every row as it would be kept, or every bad row; import.

    The preview posts the same text back; importing checks it all again and
    keeps every row or none.
    """

    template_name = "participants/import.html"
    columns = ""
    title = ""
    what: tuple[str, str] = ("row", "rows")
    kind = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("participants.add_participant"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def check(self, text: str):
        raise NotImplementedError

    def record(self, text: str) -> list:
        raise NotImplementedError

    def preview_rows(self, checked) -> list[dict]:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ImportForm(columns=self.columns))
        return super().get_context_data(
            columns=self.columns, title=self.title, what=self.what, kind=self.kind, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST:
            return self.confirm(request.POST.get("csv_text", ""))
        form = ImportForm(request.POST, request.FILES, columns=self.columns)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        text = form.cleaned_data["csv_text"]
        checked = self.check(text)
        if not checked.ok:
            return self.render_to_response(self.get_context_data(problems=checked.problems))
        return self.render_to_response(
            self.get_context_data(rows=self.preview_rows(checked), csv_text=text)
        )

    def confirm(self, text: str):
        try:
            recorded = self.record(text)
        except ImportInvalid as invalid:
            return self.render_to_response(self.get_context_data(problems=invalid.problems))
        count = len(recorded)
        messages.success(self.request, f"Imported {count} {self.what[count != 1]}.")
        return redirect(self.request.path)


class ServiceUseImportView(ImportView):
    columns = "nhs_number, intervention, date, quantity"
    title = "Import service use"
    what = ("row of service use", "rows of service use")
    kind = "service_use"

    def check(self, text):
        return check_service_use(user=self.request.user, text=text)

    def record(self, text):
        return import_service_use(user=self.request.user, text=text)

    def preview_rows(self, checked) -> list[dict]:
        rows = []
        for line, entry, price in zip(checked.lines, checked.entries, checked.prices, strict=True):
            [priced] = care.cost_lines(
                [care.PricedUse(entry.intervention.code, price.price, entry.quantity)]
            )
            rows.append(
                {
                    "line": line,
                    "entry": entry,
                    "units": units(entry.intervention, entry.quantity),
                    "unit_price": priced.unit_price,
                    "cost": priced.cost,
                }
            )
        return rows


class DirectPaymentImportView(ImportView):
    columns = "nhs_number, date, amount, description"
    title = "Import direct payments"
    what = ("direct payment", "direct payments")
    kind = "direct_payments"

    def check(self, text):
        return check_direct_payments(user=self.request.user, text=text)

    def record(self, text):
        return import_direct_payments(user=self.request.user, text=text)

    def preview_rows(self, checked) -> list[dict]:
        return [
            {"line": line, "entry": entry}
            for line, entry in zip(checked.lines, checked.entries, strict=True)
        ]
