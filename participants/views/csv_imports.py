"""CSV imports of service use, direct payments and PHB categories: check, preview, then all
or nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import TemplateView

from costing.core import care
from participants.forms import (
    ImportForm,
)
from participants.imports import (
    ImportInvalid,
    check_categories,
    check_direct_payments,
    check_service_use,
    import_categories,
    import_direct_payments,
    import_service_use,
)
from participants.models import Participant
from participants.views.base import (
    units,
)

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
        messages.success(self.request, self.done_message(recorded))
        return redirect(self.request.path)

    def done_message(self, recorded: list) -> str:
        count = len(recorded)
        return f"Imported {count} {self.what[count != 1]}."


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


class CategoryImportView(ImportView):
    columns = "nhs_number, phb_category"
    title = "Import PHB categories"
    what = ("person’s category", "people’s categories")
    kind = "categories"

    def check(self, text):
        return check_categories(user=self.request.user, text=text)

    def record(self, text):
        return import_categories(user=self.request.user, text=text)

    def preview_rows(self, checked) -> list[dict]:
        return [
            {"line": line, "entry": entry}
            for line, entry in zip(checked.lines, checked.entries, strict=True)
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(categories=Participant.PhbCategory.choices, **kwargs)

    def done_message(self, recorded: list) -> str:
        count = len(recorded)
        if not count:
            return "Every person already had that category: nothing changed."
        return f"Changed the category of {count} {'person' if count == 1 else 'people'}."
