"""Recording service use and direct payments for one person, a form at a time."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView

from costing.core.money import format_pounds
from costing.forms import add_entry_errors, add_service_errors
from participants.forms import (
    DirectPaymentForm,
    ServiceUseForm,
)
from participants.services import (
    DirectPaymentEntry,
    EntriesInvalid,
    ServiceUseEntry,
    direct_payments_record,
    service_use_record,
)
from participants.views.base import (
    ParticipantPageMixin,
    long_date,
    units,
)

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
