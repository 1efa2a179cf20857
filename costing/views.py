"""Tariffs and clusters: commissioners set them; care teams may read them.

Thin views over ``costing.services``: a new price from a date, a new
intervention, a cluster's annual cost for a year.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from common.tables import table_download
from costing import usage
from costing.core.money import format_pounds
from costing.core.years import FinancialYear
from costing.forms import (
    ClusterCostForm,
    InterventionForm,
    TariffPriceForm,
    add_service_errors,
)
from costing.models import Cluster, ClusterCost, Intervention, TariffPrice
from costing.permissions import MANAGE, is_change, tariffs_refusal
from costing.services import cluster_cost_set, intervention_create, tariff_price_add
from costing.tables import clusters_table, prices_table, tariffs_table


def _long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


class TariffsMixin:
    """Commissioners and care teams read tariffs and clusters; only commissioners change them
    (``costing.permissions``, as the API)."""

    manage_only = False

    def dispatch(self, request, *args, **kwargs):
        changing = self.manage_only or is_change(request.method)
        refusal = tariffs_refusal(request.user, changing=changing)
        if refusal:
            raise PermissionDenied(refusal)
        self.can_manage = request.user.has_perm(MANAGE)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=self.can_manage, **kwargs)


class InterventionListView(TariffsMixin, TemplateView):
    """Every intervention with the price in force today."""

    template_name = "costing/intervention_list.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        interventions = Intervention.objects.prefetch_related(
            Prefetch("prices", queryset=TariffPrice.objects.order_by("valid_from"))
        )
        rows = []
        for intervention in interventions:
            prices = list(intervention.prices.all())
            current = next((p for p in prices if p.as_dated_price().in_force_on(today)), None)
            upcoming = next((p for p in prices if p.valid_from > today), None)
            rows.append({"intervention": intervention, "current": current, "upcoming": upcoming})
        return super().get_context_data(
            table=tariffs_table(self.request, rows, today), today=today, **kwargs
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return table_download(request, [context["table"]], "tariffs") or self.render_to_response(
            context
        )


class InterventionDetailView(TariffsMixin, FormView):
    """An intervention's price history, and (for commissioners) a new price from a date."""

    template_name = "costing/intervention_detail.html"
    form_class = TariffPriceForm

    @cached_property
    def intervention(self) -> Intervention:
        return get_object_or_404(Intervention, code=self.kwargs["code"])

    def get_context_data(self, **kwargs):
        prices = list(self.intervention.prices.order_by("-valid_from"))
        counts = usage.use_counts(price.pk for price in prices)
        for price in prices:
            price.event_count = counts[price.pk]
        return super().get_context_data(
            intervention=self.intervention,
            prices=prices,
            table=prices_table(self.request, prices),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        name = f"tariff-{self.intervention.code}"
        return table_download(request, [context["table"]], name) or self.render_to_response(context)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            price = tariff_price_add(
                intervention=self.intervention, price=data["price"], valid_from=data["valid_from"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{self.intervention.name}: {format_pounds(price.price)} from "
            f"{_long_date(price.valid_from)}.",
        )
        return redirect("costing:intervention", self.intervention.code)


class InterventionCreateView(TariffsMixin, FormView):
    template_name = "costing/intervention_form.html"
    form_class = InterventionForm
    manage_only = True

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            intervention = intervention_create(
                code=data["code"],
                name=data["name"],
                unit=data["unit"],
                acute_or_crisis=data["acute_or_crisis"],
                price=data["price"],
                valid_from=data["valid_from"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{intervention.name} has been added.")
        return redirect("costing:intervention", intervention.code)


class ClusterListView(TariffsMixin, FormView):
    """The care clusters, with their maximum review periods and annual costs by financial year."""

    template_name = "costing/cluster_list.html"
    form_class = ClusterCostForm

    def get_initial(self):
        return {"year": FinancialYear.of(timezone.localdate()).label}

    def get_context_data(self, **kwargs):
        costs: dict[int, dict[int, ClusterCost]] = defaultdict(dict)
        years: set[int] = set()
        for cost in ClusterCost.objects.all():
            costs[cost.cluster_id][cost.year] = cost
            years.add(cost.year)
        ordered_years = [FinancialYear(y) for y in sorted(years)]
        rows = [
            {
                "cluster": cluster,
                "costs": [costs[cluster.pk].get(year.start_year) for year in ordered_years],
            }
            for cluster in Cluster.objects.all()
        ]
        return super().get_context_data(
            table=clusters_table(self.request, rows, ordered_years), years=ordered_years, **kwargs
        )

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(**kwargs)
        return table_download(request, [context["table"]], "clusters") or self.render_to_response(
            context
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            cost = cluster_cost_set(
                cluster=data["cluster"], year=data["year"], annual_cost=data["annual_cost"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Cluster {cost.cluster.number} costs {format_pounds(cost.annual_cost)} "
            f"a year in {cost.financial_year}.",
        )
        return redirect("costing:clusters")
