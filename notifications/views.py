"""The user's notifications page (newest first, sortable, as CSV), marking them read, and
the email preference; opening one marks it read and goes to its page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView, View

from common.tables import Column, Table, day_text, table_download
from notifications import services
from notifications.forms import EmailPreferenceForm
from notifications.models import Notification


def notifications_table(request, rows: list[Notification]) -> Table:
    return Table(
        request,
        "notifications",
        "Your notifications",
        [
            Column("text", "Notification", lambda n: n.text, show=_open_link),
            Column("kind", "Kind", lambda n: n.get_kind_display()),
            Column(
                "created",
                "Received",
                lambda n: n.created_at,
                show=lambda n: day_text(n.created_at),
                text=lambda n: n.created_at.isoformat(timespec="minutes"),
            ),
            Column("read", "Read", lambda n: n.read_at is not None, show=_read_tag),
        ],
        rows,
        default="-created",
    )


def _open_link(notification: Notification) -> str:
    return format_html(
        '<a href="{}?id={}">{}</a>',
        reverse("notifications:open"),
        notification.pk,
        notification.text,
    )


def _read_tag(notification: Notification) -> str:
    if notification.read_at is None:
        return format_html('<strong class="nhsuk-tag nhsuk-tag--blue">{}</strong>', "New")
    return "Read"


class NotificationListView(TemplateView):
    """The latest notifications of the user: one query for them, whatever their number."""

    template_name = "notifications/list.html"

    def get(self, request, *args, **kwargs):
        table = self.table()
        download = table_download(request, [table], "notifications")
        if download is not None:
            return download
        form = EmailPreferenceForm(initial={"send_email": services.wants_email(request.user)})
        return self.render_to_response(self.get_context_data(table=table, form=form))

    def post(self, request, *args, **kwargs):
        if "mark_all_read" in request.POST:
            count = services.all_read(user=request.user)
            messages.success(
                request,
                "All your notifications are marked as read."
                if count
                else "You had no unread notifications.",
            )
            return redirect("notifications:list")
        form = EmailPreferenceForm(request.POST)
        if form.is_valid():
            wanted = form.cleaned_data["send_email"]
            services.email_preference_set(user=request.user, send_email=wanted)
            messages.success(
                request,
                "You will be emailed your notifications."
                if wanted
                else "You will not be emailed your notifications: they stay on this page.",
            )
            return redirect("notifications:list")
        return self.render_to_response(self.get_context_data(table=self.table(), form=form))

    def table(self) -> Table:
        rows = list(services.notifications_of(self.request.user)[: services.LIST_LIMIT])
        return notifications_table(self.request, rows)

    def get_context_data(self, **kwargs):
        return super().get_context_data(limit=services.LIST_LIMIT, **kwargs)


class NotificationOpenView(View):
    """``?id=`` names one of the user's notifications: mark it read and go to its page.
    Anyone else's, or none, is 404."""

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("id", "")
        if not raw.isdigit() or len(raw) > 18:
            raise Http404
        notification = services.notification_open(user=request.user, pk=int(raw))
        if notification is None or not url_has_allowed_host_and_scheme(
            notification.link, allowed_hosts=None
        ):
            raise Http404
        return redirect(notification.link)
