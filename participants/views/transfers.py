"""Transfers between teams: the list of requests, asking for a person, and a request's page,
where those who may decide it agree or refuse. Thin views over ``participants.transfers``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView, TemplateView

from audit.reads import get_visible_or_404, note_read
from common.tables import table_download
from costing.forms import add_service_errors
from participants import transfers
from participants.forms import TransferAskForm, TransferDecisionForm
from participants.models import TransferRequest
from participants.services import participants_visible_to
from participants.views.transfer_tables import transfer_table
from people.models import TEAM_ROLES, Role

SHOWN = 50


def _with_parties(requests):
    return requests.select_related(
        "participant", "holding_team", "asking_team", "asked_by", "decided_by"
    )


class TransferListView(TemplateView):
    """Requests waiting for the user's decision, and those the user's team asked for."""

    template_name = "participants/transfer_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.role not in {*TEAM_ROLES, Role.COMMISSIONER}:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        user = request.user
        tables = {
            "to_decide": transfer_table(
                request,
                "to_decide",
                "Requests waiting for your decision",
                _with_parties(transfers.transfers_to_decide(user))[:SHOWN],
                holding_side=True,
                default="asked_on",
            ),
            "asked": transfer_table(
                request,
                "asked",
                "Requests your team has made",
                _with_parties(transfers.asked_by_the_team(user))[:SHOWN],
                holding_side=False,
                default="-asked_on",
            ),
            "decided": transfer_table(
                request,
                "decided",
                "Requests that are no longer waiting",
                _with_parties(transfers.decided_for(user))[:SHOWN],
                holding_side=True,
                default="-asked_on",
            ),
        }
        download = table_download(request, list(tables.values()), "transfers")
        note_read(
            request,
            [row for table in tables.values() for row in table.rows],
            download=download is not None,
        )
        if download is not None:
            return download
        context = self.get_context_data(
            **tables, can_ask=user.has_perm("participants.ask_for_transfer")
        )
        return self.render_to_response(context)


class TransferAskView(FormView):
    """Ask for a person by NHS number. The page that adds a person offers it, with the
    number already typed (``prefill``), when another team holds them."""

    template_name = "participants/transfer_ask.html"
    form_class = TransferAskForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("participants.ask_for_transfer"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if "prefill" in request.POST:
            form = TransferAskForm(initial={"nhs_number": request.POST.get("nhs_number", "")})
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            transfer = transfers.transfer_ask(
                user=self.request.user, request=self.request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Your request has been sent to the team that holds the person. You will see "
            "the person here once that team agrees.",
        )
        return redirect("transfers:detail", transfer.pk)


class TransferDetailView(TemplateView):
    """One request: 404 for anyone who may not see it. Those who may decide a waiting
    request agree or refuse it here; of two decisions at once, one wins."""

    template_name = "participants/transfer_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.transfer = get_visible_or_404(
            request, _with_parties(transfers.transfers_visible_to(request.user)), pk=kwargs["pk"]
        )
        self.may_decide = transfers.may_decide(request.user, self.transfer)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.page_context(TransferDecisionForm()))

    def post(self, request, *args, **kwargs):
        if not self.may_decide:
            raise PermissionDenied
        form = TransferDecisionForm(request.POST)
        status = 200
        if form.is_valid():
            try:
                decided = transfers.transfer_decide(
                    user=request.user,
                    transfer=self.transfer,
                    agree=form.cleaned_data["decision"] == "agree",
                    reason=form.cleaned_data["reason"],
                )
            except transfers.AlreadyDecided as error:
                form.add_error(None, str(error))
                status = 409
                self.transfer.refresh_from_db()
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.decided_message(decided))
                return redirect("transfers:detail", decided.pk)
        return self.render_to_response(self.page_context(form), status=status)

    def decided_message(self, transfer: TransferRequest) -> str:
        name = transfer.participant.full_name
        if transfer.status == TransferRequest.Status.AGREED:
            return f"Agreed: {name} is now with {transfer.asking_team.name}, with their plans."
        return f"Refused: {name} stays with {transfer.holding_team.name}."

    def page_context(self, form: TransferDecisionForm):
        transfer = self.transfer
        person_visible = (
            participants_visible_to(self.request.user).filter(pk=transfer.participant_id).exists()
        )
        waiting = transfer.status == TransferRequest.Status.WAITING
        return self.get_context_data(
            transfer=transfer,
            person_visible=person_visible,
            holding_side=self.may_decide,
            form=form,
            decide_now=self.may_decide and waiting,
        )
