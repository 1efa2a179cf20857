"""What the apps above participants add to the list of people.

The list belongs to participants, but a person's plan status and next review date belong
to careplans, which participants may not import. A higher app registers a ``ListExtension``
on ``participant_list_extensions`` in its ``AppConfig.ready()``: the annotations it adds to
the list's query (subqueries, so the queries do not grow with the number of people), its
columns, and the filters it offers (``?show=<key>``, which the home pages link to).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from common.hooks import Hook
from common.tables import Column


@dataclass(frozen=True)
class ListFilter:
    key: str
    label: str
    """As the list's filter names it: "Plans with a draft"."""
    apply: Callable[[QuerySet, date], QuerySet]
    """Narrows the (annotated) people to those it shows, as of the given day."""


@dataclass(frozen=True)
class ListExtension:
    annotate: Callable[[QuerySet], QuerySet]
    columns: Sequence[Column]
    filters: Sequence[ListFilter] = field(default_factory=tuple)


participant_list_extensions: Hook[ListExtension] = Hook("columns of the list of people")


def annotated(queryset: QuerySet) -> QuerySet:
    for extension in participant_list_extensions:
        queryset = extension.annotate(queryset)
    return queryset


def extra_columns() -> list[Column]:
    return [column for extension in participant_list_extensions for column in extension.columns]


def list_filters() -> list[ListFilter]:
    return [found for extension in participant_list_extensions for found in extension.filters]


def shown(queryset: QuerySet, key: str, today: date) -> QuerySet:
    """The people that filter ``key`` shows (all of them for a key no extension offers)."""
    for found in list_filters():
        if found.key == key:
            return found.apply(annotated(queryset), today)
    return queryset
