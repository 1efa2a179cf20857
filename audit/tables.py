"""The audit trail's tables (``common.tables``): sorted by the database by any column (the
trail is long and paged), and as CSV. A download holds at most ``CSV_LIMIT`` rows, the
first of the sort and filter asked for."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from audit.selectors import Change, EventRow
from common.tables import Column, Table

CSV_LIMIT = 10_000


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "j M Y H:i:s")


def _record(row: EventRow) -> str:
    event = row.event
    if not event.content_type:
        return ""
    named = f"{event.content_type.name[:1].upper()}{event.content_type.name[1:]} {event.object_id}"
    return f"{named}: {row.record}" if row.record else named


EVENT_COLUMNS = [
    Column(
        "when",
        "When",
        lambda row: row.event.at,
        show=lambda row: format_html('<span class="app-nowrap">{}</span>', _moment(row.event.at)),
        text=lambda row: timezone.localtime(row.event.at).isoformat(timespec="seconds"),
        order_by=("at",),
    ),
    Column("who", "Who", lambda row: row.event.username, order_by=("username",)),
    Column("what", "What", lambda row: row.event.get_kind_display(), order_by=("kind",)),
    Column(
        "record",
        "Record",
        _record,
        order_by=("content_type__model", "object_id"),
    ),
    Column("via", "Via", lambda row: row.event.get_channel_display(), order_by=("channel",)),
    Column("from", "From", lambda row: row.event.ip_address or "", order_by=("ip_address",)),
]


def events_table(request, rows: list[EventRow]) -> Table:
    return Table(request, "events", "Events", EVENT_COLUMNS, rows, default="-when", presorted=True)


def _fields(change: Change) -> str:
    if change.fields:
        return ", ".join(f"{field[:1].upper()}{field[1:]}" for field in change.fields)
    return "First version" if change.action == "Created" else "None"


CHANGE_COLUMNS = [
    Column(
        "when",
        "When",
        lambda change: change.at,
        show=lambda change: format_html(
            '<a class="app-nowrap" href="{}">{}</a>',
            reverse("audit:change", args=[change.model_label, change.history_id]),
            _moment(change.at),
        ),
        text=lambda change: timezone.localtime(change.at).isoformat(timespec="seconds"),
        order_by=("history_date", "history_id"),
    ),
    Column("who", "Who", lambda change: change.user, sortable=False),
    Column("what", "What", lambda change: change.action, order_by=("history_type",)),
    Column(
        "record",
        "Record",
        lambda change: (
            f"{change.model_label} {change.object_id}"
            + (f": {change.record}" if change.record else "")
        ),
        order_by=("model_label", "object_id"),
    ),
    Column("fields", "Fields changed", _fields, sortable=False),
]


def changes_table(request, rows: list[Change]) -> Table:
    return Table(
        request, "changes", "Changes", CHANGE_COLUMNS, rows, default="-when", presorted=True
    )
