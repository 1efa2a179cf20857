from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.html import format_html
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView, TemplateView

from audit.mixins import RecordViewMixin
from common.csv import csv_response
from common.tables import Column, Table, database_order, table_download
from people.access import teams_visible_to
from people.forms import TokenCreateForm
from people.models import User
from people.sections import home_page_context
from people.selectors import locked_accounts, tokens_of
from people.services import account_unlock, token_create, token_revoke


class HomeView(TemplateView):
    """The first page after sign-in: what the user's role needs to see."""

    def get_template_names(self) -> list[str]:
        return [f"home/{self.request.user.role}.html", "home/default.html"]

    def get_context_data(self, **kwargs):
        teams = teams_visible_to(self.request.user).annotate(member_count=Count("members"))
        return super().get_context_data(teams=teams, **home_page_context(self.request), **kwargs)


def _team_link(team) -> str:
    return format_html('<a href="{}">{}</a>', reverse("people:team", args=[team.pk]), team.name)


TEAM_COLUMNS = [
    Column("team", "Team", lambda team: team.name, show=_team_link, order_by=("name",)),
    Column(
        "organisation",
        "Organisation",
        lambda team: team.organisation.name,
        order_by=("organisation__name",),
    ),
    Column(
        "members",
        "Members",
        lambda team: team.member_count,
        numeric=True,
        order_by=("member_count",),
    ),
]


class TeamListView(ListView):
    """The teams the user can see: sorted by any column (by the database, 50 a page), and
    as CSV."""

    template_name = "people/team_list.html"
    context_object_name = "teams"
    paginate_by = 50

    def get_queryset(self):
        order = database_order(self.request, "teams", TEAM_COLUMNS, "organisation")
        return (
            teams_visible_to(self.request.user)
            .annotate(member_count=Count("members"))
            .order_by(*order)
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("csv") == "teams":
            return csv_response(self._table(self.get_queryset()).csv_rows(), "teams.csv")
        return super().get(request, *args, **kwargs)

    def _table(self, teams) -> Table:
        return Table(
            self.request,
            "teams",
            "Teams you can see",
            TEAM_COLUMNS,
            teams,
            default="organisation",
            presorted=True,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["table"] = self._table(context["object_list"])
        return context


def members_table(request, members) -> Table:
    return Table(
        request,
        "members",
        "Members",
        [
            Column("name", "Name", lambda member: str(member)),
            Column("role", "Role", lambda member: member.get_role_display()),
        ],
        members,
        default="name",
    )


class TeamDetailView(RecordViewMixin, DetailView):
    template_name = "people/team_detail.html"
    context_object_name = "team"

    def get_queryset(self):
        return teams_visible_to(self.request.user)

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        members = self.object.members.filter(is_active=True).order_by("last_name", "first_name")
        table = members_table(request, members)
        download = table_download(request, [table], f"team-{self.object.pk}")
        if download is not None:
            return download
        return self.render_to_response(self.get_context_data(object=self.object, table=table))


class ManageUsersMixin(PermissionRequiredMixin):
    permission_required = "people.manage_users"
    raise_exception = True


def _button(request, action: str, text: str, hidden: str) -> str:
    """A table cell's small button that posts to ``action``."""
    return format_html(
        '<form method="post" action="{}" novalidate>'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
        '<button class="nhsuk-button nhsuk-button--secondary nhsuk-button--small '
        'app-table-button" type="submit" data-module="nhsuk-button">{}'
        '<span class="nhsuk-u-visually-hidden"> {}</span></button></form>',
        action,
        get_token(request),
        text,
        hidden,
    )


def _moment(value) -> str:
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "j M Y H:i")


def locked_table(request, accounts) -> Table:
    def unlock(account) -> str:
        return _button(
            request,
            reverse("people:account_unlock", args=[account.user.pk]),
            "Unlock",
            f"{account.user} ({account.user.username})",
        )

    return Table(
        request,
        "locked",
        "Accounts locked now",
        [
            Column("name", "Name", lambda a: str(a.user)),
            Column("username", "Username", lambda a: a.user.username),
            Column("role", "Role", lambda a: a.user.get_role_display()),
            Column("failures", "Failed attempts", lambda a: a.failures, numeric=True),
            Column(
                "until",
                "Locked until",
                lambda a: a.locked_until,
                show=lambda a: format_html(
                    '<span class="app-nowrap">{}</span>', _moment(a.locked_until)
                ),
                text=lambda a: timezone.localtime(a.locked_until).isoformat(timespec="minutes"),
            ),
            Column("action", "Action", lambda a: "", show=unlock, sortable=False, in_csv=False),
        ],
        accounts,
        default="until",
    )


class LockedAccountListView(ManageUsersMixin, TemplateView):
    """For administrators: the accounts locked after failed sign-ins, to unlock; sorted by
    any column, and as CSV."""

    template_name = "people/locked_accounts.html"

    def get(self, request, *args, **kwargs):
        table = locked_table(request, locked_accounts())
        download = table_download(request, [table], "locked-accounts")
        if download is not None:
            return download
        return self.render_to_response(
            self.get_context_data(
                table=table,
                accounts=table.rows,
                failure_limit=settings.AXES_FAILURE_LIMIT,
                cool_off_minutes=int(get_cool_off().total_seconds() // 60),
            )
        )


class AccountUnlockView(ManageUsersMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = get_object_or_404(User, pk=pk)
        if account_unlock(account=account, by=request.user, request=request):
            messages.success(request, f"{account}’s account is unlocked: they can sign in now.")
        else:
            messages.info(request, f"{account}’s account was not locked.")
        return redirect("people:locked_accounts")


def tokens_table(request, tokens) -> Table:
    def expires(token) -> str:
        tag = (
            format_html('<strong class="nhsuk-tag nhsuk-tag--grey">{}</strong> ', "Expired")
            if token.expired
            else ""
        )
        return format_html('<span class="app-nowrap">{}{}</span>', tag, _moment(token.expires))

    def revoke(token) -> str:
        return _button(
            request,
            reverse("people:token_revoke", args=[token.pk]),
            "Revoke",
            f"the token {token.name}",
        )

    return Table(
        request,
        "tokens",
        "Your API tokens",
        [
            Column("name", "Name", lambda t: t.name),
            Column(
                "prefix",
                "Starts with",
                lambda t: t.prefix,
                show=lambda t: format_html('<code class="app-code">{}…</code>', t.prefix),
            ),
            Column("created", "Made", lambda t: t.created, show=lambda t: _moment(t.created)),
            Column("expires", "Expires", lambda t: t.expires, show=expires),
            Column(
                "last_used",
                "Last used",
                lambda t: t.last_used,
                show=lambda t: _moment(t.last_used) or "Never",
            ),
            Column("action", "Action", lambda t: "", show=revoke, sortable=False, in_csv=False),
        ],
        tokens,
        default="-created",
    )


# A page that shows a token's key once must not be kept by a browser or a proxy.
@method_decorator(never_cache, name="dispatch")
class TokenListView(View):
    """The signed-in user's API tokens; make one (its key shown this once)."""

    template_name = "people/tokens.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("csv") == "tokens":
            return table_download(request, [tokens_table(request, tokens_of(request.user))], "api")
        return self._render(request, TokenCreateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenCreateForm(request.POST)
        new_key = ""
        if form.is_valid():
            try:
                _, new_key = token_create(
                    user=request.user, name=form.cleaned_data["name"], request=request
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                form = TokenCreateForm()
        return self._render(request, form, new_key=new_key)

    def _render(self, request: HttpRequest, form: TokenCreateForm, new_key: str = ""):
        return render(
            request,
            self.template_name,
            {
                "tokens": tokens_of(request.user),
                "table": tokens_table(request, tokens_of(request.user)),
                "form": form,
                "new_key": new_key,
                "token_days": settings.API_TOKEN_DAYS,
            },
        )


class TokenRevokeView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(tokens_of(request.user), pk=pk)
        token_revoke(token=token, by=request.user, request=request)
        messages.success(request, f"The token {token} is revoked: it signs nothing in now.")
        return redirect("people:tokens")
