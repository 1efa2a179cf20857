"""The sign-off queue as a sortable table with its CSV: the columns, what each sorts on
and shows, and the same order asked of the database so that a page of 50 is the right 50.

Oldest first (longest waiting) unless the address asks for another column."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.functions import Cast, Lower, NullIf
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince

from careplans.models import CarePlanVersion
from careplans.presenters import against_budget, signs_off
from common.tables import Column, Table, day_text
from costing.core.money import format_pounds, percent_change

NAME = "queue"
DEFAULT = "-waiting"
"""Longest waiting first: the oldest submission at the top."""
FOUR_EYES_NOTE = "You drafted, edited or submitted it: another facilitator decides."


@dataclass(frozen=True)
class QueueRow:
    version: CarePlanVersion
    waited: timedelta
    waiting: str
    yours: bool
    """The user shaped this version, so may not decide it."""

    @property
    def participant(self):
        return self.version.plan.participant

    @property
    def percent(self) -> Decimal | None:
        indicative = self.version.submitted_indicative
        return percent_change(indicative, self.version.submitted_total) if indicative else None


def queue_rows(versions: Iterable[CarePlanVersion], now: datetime, yours) -> list[QueueRow]:
    return [
        QueueRow(
            version=v,
            waited=now - v.submitted_at,
            waiting=timesince(v.submitted_at, now, depth=1),
            yours=yours(v),
        )
        for v in versions
    ]


_ORDER = {
    # column: (expression, whether it runs the other way to the column's value), ...
    "participant": (
        (Lower("plan__participant__given_name"), False),
        (Lower("plan__participant__family_name"), False),
    ),
    "total": ((F("submitted_total"), False),),
    "indicative": ((F("submitted_indicative"), False),),
    "against": ((F("against_ratio"), False),),
    "signs": ((F("route"), False),),
    "waiting": ((F("submitted_at"), True),),  # the longer the wait, the earlier the date
}


def ordered(queue: QuerySet[CarePlanVersion], asked: str) -> QuerySet[CarePlanVersion]:
    """The queue in the order the table's address asks for (the default if it asks for
    none it knows), so that each page holds the right rows. Unknown values go last, as
    the table puts them."""
    if asked.removeprefix("-") not in _ORDER:
        asked = DEFAULT
    descending = asked.startswith("-")
    order = [
        expression.desc(nulls_last=True)
        if descending != reverse_of
        else expression.asc(nulls_last=True)
        for expression, reverse_of in _ORDER[asked.removeprefix("-")]
    ]
    # In floating point only to sort: SQLite would divide whole pounds as integers.
    queue = queue.annotate(
        against_ratio=Cast("submitted_total", FloatField())
        / NullIf(Cast("submitted_indicative", FloatField()), Value(0.0))
    )
    return queue.order_by(*order, "pk")


def _person(row: QueueRow) -> str:
    version = row.version
    details = [
        f"{row.participant.team.name}, version {version.number}, "
        f"submitted by {version.submitted_by}"
    ]
    if row.yours:
        details.append(FOUR_EYES_NOTE)
    return format_html(
        '<a href="{}">{}<span class="nhsuk-u-visually-hidden">: decide on version {}</span></a>{}',
        reverse("careplans:decide", args=[version.plan_id]),
        row.participant.full_name,
        version.number,
        format_html_join(
            "", '<span class="nhsuk-body-s app-line-detail">{}</span>', ((d,) for d in details)
        ),
    )


def queue_table(request, rows: Iterable[QueueRow]) -> Table:
    return Table(
        request,
        NAME,
        "Plans waiting for a decision",
        [
            Column("participant", "Person", lambda r: r.participant.full_name, show=_person),
            Column(
                "total",
                "Total",
                lambda r: r.version.submitted_total,
                show=lambda r: format_pounds(r.version.submitted_total),
                numeric=True,
            ),
            Column(
                "indicative",
                "Indicative budget",
                lambda r: r.version.submitted_indicative,
                show=lambda r: format_pounds(r.version.submitted_indicative),
                numeric=True,
            ),
            Column(
                "against",
                "Against budget",
                lambda r: r.percent,
                show=lambda r: against_budget(
                    r.version.submitted_total, r.version.submitted_indicative
                ),
                text=lambda r: against_budget(
                    r.version.submitted_total, r.version.submitted_indicative
                ),
                numeric=True,
            ),
            Column("signs", "Who signs it off", lambda r: signs_off(r.version.route)),
            Column(
                "waiting",
                "Waiting",
                lambda r: r.waited,
                show=lambda r: r.waiting,
                text=lambda r: f"{r.waiting} (submitted {day_text(r.version.submitted_at)})",
            ),
        ],
        rows,
        default=DEFAULT,
    )
