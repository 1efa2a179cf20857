"""The tables of a person's page (``common.tables``): their clusters, service use (paged,
sorted by the database) and direct payments, each sorted by any column and as CSV (every
row, not only the page shown). Amounts are plain pounds in the CSV."""

from django.utils.html import format_html

from common.tables import Column, Table, day_text
from costing.core.money import format_pounds
from participants.views.base import units


def _day(value) -> str:
    return format_html('<span class="app-nowrap">{}</span>', day_text(value))


def clusters_table(request, history) -> Table:
    return Table(
        request,
        "cluster_history",
        "Clusters",
        [
            Column(
                "cluster",
                "Cluster",
                lambda p: p.cluster.number,
                show=lambda p: f"{p.cluster.number} – {p.cluster.name}",
                text=lambda p: f"{p.cluster.number} – {p.cluster.name}",
            ),
            Column("start", "From", lambda p: p.start, show=lambda p: _day(p.start)),
            Column(
                "end",
                "To",
                lambda p: p.end,
                show=lambda p: _day(p.end) if p.end else "Now",
                text=lambda p: p.end or "Now",
            ),
        ],
        history,
        default="-start",
    )


EVENT_COLUMNS = [
    Column("date", "Date", lambda e: e.date, show=lambda e: _day(e.date)),
    Column(
        "intervention",
        "Intervention",
        lambda e: e.intervention.name,
        order_by=("intervention__name",),
    ),
    Column(
        "quantity",
        "Quantity",
        lambda e: e.quantity,
        show=lambda e: f"{e.quantity} {units(e.intervention, e.quantity)}",
        numeric=True,
    ),
    Column(
        "unit_price",
        "Unit price",
        lambda e: e.tariff_price.price,
        show=lambda e: format_pounds(e.tariff_price.price),
        numeric=True,
        order_by=("tariff_price__price",),
    ),
    Column(
        "entered_by",
        "Recorded by",
        lambda e: str(e.entered_by) if e.entered_by else None,
        order_by=("entered_by__last_name", "entered_by__first_name"),
    ),
]


def events_table(request, events) -> Table:
    return Table(
        request,
        "service_use",
        "Service use",
        EVENT_COLUMNS,
        events,
        default="-date",
        presorted=True,
    )


PAYMENT_COLUMNS = [
    Column("date", "Date", lambda p: p.date, show=lambda p: _day(p.date)),
    Column("description", "What it was for", lambda p: p.description),
    Column(
        "amount",
        "Amount",
        lambda p: p.amount,
        show=lambda p: format_pounds(p.amount),
        numeric=True,
    ),
    Column(
        "entered_by",
        "Recorded by",
        lambda p: str(p.entered_by) if p.entered_by else None,
        order_by=("entered_by__last_name", "entered_by__first_name"),
    ),
]


def payments_table(request, payments) -> Table:
    return Table(
        request,
        "direct_payments",
        "Direct payments",
        PAYMENT_COLUMNS,
        payments,
        default="-date",
        presorted=True,
    )
