"""The transfer requests' tables (``common.tables``): sorted by any column, and as CSV."""

from django.urls import reverse
from django.utils.html import format_html

from common.tables import Column, Table, day_text
from participants.models import TransferRequest


def _person(holding_side: bool):
    def show(transfer: TransferRequest) -> str:
        return format_html(
            '<a href="{}">{}<span class="nhsuk-u-visually-hidden">: see the request</span></a>',
            reverse("transfers:detail", args=[transfer.pk]),
            transfer.participant.full_name if holding_side else transfer.nhs_number_display,
        )

    return show


def transfer_table(
    request, name: str, caption: str, requests, *, holding_side: bool, default: str
) -> Table:
    """``holding_side``: the user's side holds the person, so sees who they are; the asking
    team sees only the NHS number it typed."""
    if holding_side:
        first = [
            Column(
                "person", "Person", lambda t: t.participant.full_name, show=_person(holding_side)
            ),
            Column("holding_team", "Held by", lambda t: t.holding_team.name),
        ]
    else:
        first = [
            Column(
                "nhs_number",
                "NHS number asked for",
                lambda t: t.nhs_number_display,
                show=_person(holding_side),
            )
        ]
    return Table(
        request,
        name,
        caption,
        [
            *first,
            Column("asked_by", "Asked by", lambda t: str(t.asked_by)),
            Column("asking_team", "Asking team", lambda t: t.asking_team.name),
            Column(
                "asked_on",
                "Asked on",
                lambda t: t.asked_at,
                show=lambda t: format_html(
                    '<span class="app-nowrap">{}</span>', day_text(t.asked_at)
                ),
                text=lambda t: day_text(t.asked_at),
            ),
            Column("status", "Status", lambda t: t.get_status_display()),
        ],
        requests,
        default=default,
    )
