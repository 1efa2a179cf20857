"""The cost summaries checked against the events and payments they sum, and rebuilt from them.

Each is set-based: one grouped query per summary, whatever the number of rows. A bulk load
that writes events with SQL of its own (``COPY``) rebuilds the summaries afterwards;
``manage.py check_cost_summaries`` checks them (and ``--repair`` rebuilds them).
"""

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, ExtractYear, Round

from costing.core.years import FinancialYear
from participants.cost_of_care import quantity_sum
from participants.models import (
    CareCostSummary,
    DirectPayment,
    DirectPaymentSummary,
    ServiceEvent,
)
from participants.summaries import Key, Summary


def financial_year_of(field: str) -> ExpressionWrapper:
    """SQL for the financial year (its first calendar year) of a date column."""
    return ExpressionWrapper(
        ExtractYear(field)
        - Case(When(**{f"{field}__month__lt": 4}, then=Value(1)), default=Value(0)),
        output_field=IntegerField(),
    )


def _use_summed() -> QuerySet:
    """Service events summed per person, financial year and price, as the summary keeps them."""
    return (
        ServiceEvent.objects.annotate(year=financial_year_of("date"))
        .values("participant_id", "year", "tariff_price_id", "intervention_id")
        .annotate(total=quantity_sum())
        .order_by()
    )


def _payments_summed() -> QuerySet:
    """Direct payments summed per person and financial year, in pennies."""
    pennies = Cast(Round(F("amount") * 100), BigIntegerField())
    return (
        DirectPayment.objects.annotate(year=financial_year_of("date"))
        .values("participant_id", "year")
        .annotate(total=Sum(pennies, output_field=BigIntegerField()))
        .order_by()
    )


@dataclass(frozen=True)
class Source:
    """A summary and the grouped query of what it sums."""

    name: str
    summary: type[Summary]
    summed: Callable[[], QuerySet]
    columns: tuple[str, ...]
    """The grouped query's columns in the order of the summary's key, extras and total."""


SOURCES = (
    Source(
        "service use",
        CareCostSummary,
        _use_summed,
        ("participant_id", "year", "tariff_price_id", "intervention_id", "total"),
    ),
    Source(
        "direct payments",
        DirectPaymentSummary,
        _payments_summed,
        ("participant_id", "year", "total"),
    ),
)


@dataclass(frozen=True)
class Difference:
    """A key whose summary row does not hold the sum of the rows it summarises."""

    source: str
    key: Key
    in_summary: int
    summed: int

    def __str__(self) -> str:
        person, year, *price = self.key
        at = f", price {price[0]} (intervention {price[1]})" if price else ""
        return (
            f"{self.source.capitalize()} of person {person} in {FinancialYear(year)}{at}: "
            f"the summary holds {self.in_summary}, the rows sum to {self.summed}"
        )


@contextlib.contextmanager
def _one_snapshot() -> Iterator[None]:
    """Read the summaries and the rows as of one moment, while others go on writing."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def cost_summary_differences() -> list[Difference]:
    """Every key where a summary and the events or payments it sums disagree."""
    differences = []
    with _one_snapshot():
        for source in SOURCES:
            summed = {
                row[:-1]: int(row[-1]) for row in source.summed().values_list(*source.columns)
            }
            model = source.summary
            fields = (*model.key_fields, *model.extra_fields, model.total_field)
            kept = {row[:-1]: int(row[-1]) for row in model.objects.values_list(*fields)}
            differences.extend(
                Difference(source.name, key, kept.get(key, 0), summed.get(key, 0))
                for key in sorted(summed.keys() | kept.keys())
                if kept.get(key, 0) != summed.get(key, 0)
            )
    return differences


@transaction.atomic
def rebuild_cost_summaries() -> None:
    """Make every summary again from the events and payments (two grouped inserts).

    On PostgreSQL, events and payments cannot be written until it is done (the tables are
    locked in share mode), so nothing recorded meanwhile is missed or counted twice.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            tables = ", ".join(quote(m._meta.db_table) for m in (ServiceEvent, DirectPayment))
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        for source in SOURCES:
            model = source.summary
            model.objects.all().delete()
            names = (*model.key_fields, *model.extra_fields, model.total_field)
            into = ", ".join(quote(model._meta.get_field(name).column) for name in names)
            select, params = source.summed().query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {quote(model._meta.db_table)} ({into}) "  # noqa: S608 (names only)
                f"SELECT {', '.join(quote(c) for c in source.columns)} FROM ({select}) AS summed",
                params,
            )
