"""Spending lines in the draft editor, with the totals as they would be.

The spending plan's totals always come from ``spending_plan`` (the costing core):
while a line is typed, htmx posts the form to ``LineTotalsView``, which prices the
unsaved line with the others and returns the totals partial.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import View

from careplans.drafting import line_save
from careplans.forms.lines import SpendingLineForm
from careplans.models import CarePlanVersion, SpendingLine
from careplans.presenters import describe_totals, line_saved_message
from careplans.pricing import clinical_unit_price, lines_of, spending_plan
from careplans.views.draft_editor import DraftPartView
from careplans.views.mixins import DraftMixin
from costing.models import Intervention


def clinical_unit_cost(intervention: Intervention, on: date | None) -> tuple[Decimal | None, str]:
    """The tariff price of a clinical line, as ``line_save`` prices it, or why there is none."""
    try:
        return clinical_unit_price(intervention, on), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


def typed_line(
    version: CarePlanVersion, form: SpendingLineForm
) -> tuple[SpendingLine | None, list[str]]:
    """The line being typed, unsaved and with the outcomes it serves; or why it cannot be
    priced yet. Call after ``form.is_valid``."""
    reasons = form.cost_errors()
    if reasons:
        return None, reasons
    values = form.values()
    if values["kind"] == SpendingLine.Kind.CLINICAL:
        unit_cost, reason = clinical_unit_cost(values["intervention"], version.start_date)
        if reason:
            return None, [reason]
        values.update(unit_cost=unit_cost, frequency="yearly")
    typed = SpendingLine(
        version=version,
        kind=values["kind"],
        description=values["description"] or "This line",
        intervention=values.get("intervention"),
        category=values.get("category", ""),
        provider=values.get("provider", ""),
        unit_cost=values["unit_cost"],
        quantity=values["quantity"],
        frequency=values["frequency"],
        funding_route=values.get("funding_route") or "",
        restriction=values.get("restriction", ""),
        is_contingency=values.get("is_contingency", False),
    )
    typed.served = list(form.cleaned_data.get("outcomes") or [])
    return typed, []


def live_totals(
    version: CarePlanVersion, form: SpendingLineForm, editing: SpendingLine | None
) -> dict[str, Any]:
    """The totals with the line being typed in place of (or added to) the saved lines.

    The line is priced with the others by ``spending_plan``; nothing is kept.
    """
    form.is_valid()
    lines = list(lines_of(version))
    typed, reasons = typed_line(version, form)
    if typed is not None:
        index = None
        if editing is not None:
            index = next((i for i, line in enumerate(lines) if line.pk == editing.pk), None)
        if index is not None:
            lines[index] = typed
        else:
            lines.append(typed)
    priced = spending_plan(version, lines=lines)
    typed_priced = next((p for p in priced.lines if p.line is typed), None)
    return {
        **describe_totals(priced.totals),
        "typed": typed_priced,
        "not_counted": reasons,
        "live": True,
    }


class LineView(DraftPartView):
    """Add or change a spending line, with the totals as they would be (live with htmx;
    without it, "Update the totals" shows the same)."""

    model = SpendingLine
    form_class = SpendingLineForm
    template_name = "careplans/line_form.html"
    inline_template = "careplans/_line_inline.html"
    noun = "spending line"
    anchor = "spending-plan"

    def make_form(self, version, data=None, initial=None):
        return SpendingLineForm(
            data,
            initial=initial,
            version=version,
            participant=self.participant,
            **self.form_ids(),
        )

    def initial(self, part) -> dict[str, Any]:
        return SpendingLineForm.initial_for(part)

    def wants_save(self) -> bool:
        return self.request.POST.get("action") != "check"

    def save(self, version, form, part):
        return line_save(
            user=self.request.user,
            version=version,
            revision=form.cleaned_data["revision"],
            existing=part,
            outcomes=list(form.cleaned_data["outcomes"]),
            **form.values(),
        )

    def saved_message(self, saved, part) -> str:
        totals = spending_plan(saved.version).totals
        return line_saved_message(saved, totals, changed=bool(part))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, version, part = context["form"], context["version"], context.get("part")
        if form.is_bound:
            context.update(live_totals(version, form, part))
        else:
            priced = spending_plan(version)
            context.update(describe_totals(priced.totals))
        if part is not None:
            context["totals_url"] = reverse(
                "careplans:line_totals_edit", args=[self.plan.pk, part.pk]
            )
        else:
            context["totals_url"] = reverse("careplans:line_totals", args=[self.plan.pk])
        return context


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class LineTotalsView(DraftMixin, View):
    """The totals partial for the line form as it stands (htmx); nothing is kept.

    It only reads, so it takes no write transaction: requests fired while someone types
    do not queue behind each other.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        version = self.posted_version()
        editing = None
        if "part_pk" in kwargs:
            editing = get_object_or_404(SpendingLine, pk=kwargs["part_pk"], version__plan=self.plan)
        form = SpendingLineForm(request.POST, version=version, participant=self.participant)
        context = live_totals(version, form, editing)
        return render(request, "careplans/_line_totals_response.html", context)
