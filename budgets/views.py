"""The indicative budget calculator: the workings and amount from the server as the user types.

The amount is always worked out by ``budgets.services`` (never in the page's
JavaScript): htmx posts the form to the preview endpoint, which returns the
workings; without JavaScript, "Check the amount" shows the same preview.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import FormView, View

from budgets.forms import IndicativeBudgetForm
from budgets.person_page import PERMISSION
from budgets.services import indicative_budget_calculate, indicative_budget_set
from costing.core.indicative import Calculation, Method
from costing.core.money import format_pounds
from costing.core.years import FinancialYear
from costing.forms import add_service_errors
from costing.models import Intervention
from participants.views.base import ParticipantPageMixin


class CalculatorMixin(ParticipantPageMixin):
    permission = PERMISSION

    def make_form(self, data=None) -> IndicativeBudgetForm:
        participant = self.participant
        initial = {
            "method": Method.SERVICE.value,
            "year": FinancialYear.of(timezone.localdate()).label,
            "cluster": str(participant.cluster.number) if participant.cluster_id else "",
            "community_share": "100",
        }
        return IndicativeBudgetForm(
            data,
            initial=initial,
            participant=participant,
            interventions=list(Intervention.objects.all()),
        )

    def calculate(self, form: IndicativeBudgetForm) -> Calculation | None:
        """The calculation for a valid form, or ``None`` with the service's errors on the form."""
        if not form.is_valid():
            return None
        data = form.cleaned_data
        try:
            return indicative_budget_calculate(
                participant=self.participant,
                method=data["method"],
                year=data["year"],
                inputs=form.inputs(),
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error, form.service_field_names())
            return None


class IndicativeBudgetView(CalculatorMixin, FormView):
    template_name = "budgets/calculator.html"

    def get_form(self, form_class=None):
        return self.make_form(self.request.POST if self.request.method == "POST" else None)

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        calculation = self.calculate(form)
        if calculation is not None and request.POST.get("action") == "save":
            data = form.cleaned_data
            try:
                budget = indicative_budget_set(
                    user=request.user,
                    participant=self.participant,
                    method=data["method"],
                    year=data["year"],
                    inputs=form.inputs(),
                    reason=data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error, form.service_field_names())
            else:
                messages.success(
                    request,
                    f"The indicative budget for {budget.financial_year} is now "
                    f"{format_pounds(budget.amount)}.",
                )
                return redirect(self.detail_url())
            calculation = None
        return self.render_to_response(
            self.get_context_data(form=form, calculation=calculation, checked=True)
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("checked", False)
        context = super().get_context_data(**kwargs)
        context["year"] = context["form"]["year"].value()
        return context


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class IndicativeBudgetPreviewView(CalculatorMixin, View):
    """The workings and amount for the form as it stands (an htmx partial); nothing is kept."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = self.make_form(request.POST)
        calculation = self.calculate(form)
        return render(
            request,
            "budgets/_preview.html",
            {
                "form": form,
                "calculation": calculation,
                "checked": True,
                "year": form["year"].value(),
            },
        )
