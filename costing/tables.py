"""The tariffs' and clusters' tables (``common.tables``): sorted by any column, and as CSV
(amounts as plain numbers, so that a spreadsheet adds them)."""

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.tables import Column, Table, day_text
from costing.core.money import format_pounds
from costing.core.years import FinancialYear


def _intervention(row: dict[str, Any]) -> str:
    intervention = row["intervention"]
    return format_html(
        '<a href="{}">{}</a>{}',
        reverse("costing:intervention", args=[intervention.code]),
        intervention.name,
        format_html(
            ' <strong class="nhsuk-tag nhsuk-tag--orange">{}</strong>', "Crisis or inpatient"
        )
        if intervention.acute_or_crisis
        else "",
    )


def _in_force(row: dict[str, Any]) -> str:
    current, upcoming = row["current"], row["upcoming"]
    parts = [day_text(current.valid_from)] if current else []
    if upcoming:
        parts.append(f"{format_pounds(upcoming.price)} from {day_text(upcoming.valid_from)}")
    return "; ".join(parts)


def tariffs_table(request, rows: list[dict[str, Any]], today) -> Table:
    """Every intervention with its price today (rows of ``intervention``, ``current``,
    ``upcoming``)."""
    return Table(
        request,
        "tariffs",
        f"Interventions and their prices on {day_text(today)}",
        [
            Column(
                "intervention", "Intervention", lambda r: r["intervention"].name, show=_intervention
            ),
            Column(
                "code",
                "Code",
                lambda r: r["intervention"].code,
                show=lambda r: format_html(
                    '<code class="app-code">{}</code>', r["intervention"].code
                ),
            ),
            Column("unit", "Unit", lambda r: r["intervention"].get_unit_display()),
            Column(
                "price",
                "Price today",
                lambda r: r["current"].price if r["current"] else None,
                show=lambda r: (
                    format_pounds(r["current"].price) if r["current"] else "None in force"
                ),
                numeric=True,
            ),
            Column(
                "from",
                "In force from",
                lambda r: r["current"].valid_from if r["current"] else None,
                show=lambda r: format_html('<span class="app-nowrap">{}</span>', _in_force(r)),
                text=_in_force,
            ),
        ],
        rows,
        default="intervention",
    )


def _cost_column(index: int, year: FinancialYear) -> Column:
    def value(row):
        cost = row["costs"][index]
        return cost.annual_cost if cost else None

    def show(row):
        cost = row["costs"][index]
        if cost is None:
            return mark_safe('<span class="nhsuk-u-visually-hidden">Not set</span>–')
        return format_pounds(cost.annual_cost)

    return Column(f"cost_{year.label}", f"Annual cost {year}", value, show=show, numeric=True)


def clusters_table(request, rows: list[dict[str, Any]], years: list[FinancialYear]) -> Table:
    """The clusters with their review periods and annual costs by year (rows of
    ``cluster`` and ``costs``, one a year)."""
    return Table(
        request,
        "clusters",
        "Clusters, review periods and annual costs by financial year",
        [
            Column(
                "cluster",
                "Cluster",
                lambda r: r["cluster"].number,
                show=lambda r: f"{r['cluster'].number} – {r['cluster'].name}",
                text=lambda r: f"{r['cluster'].number} – {r['cluster'].name}",
            ),
            Column(
                "review",
                "Review at least every",
                lambda r: r["cluster"].review_period_weeks,
                show=lambda r: format_html(
                    '<span class="app-nowrap">{} weeks</span>', r["cluster"].review_period_weeks
                ),
                text=lambda r: f"{r['cluster'].review_period_weeks} weeks",
                numeric=True,
            ),
            *(_cost_column(index, year) for index, year in enumerate(years)),
        ],
        rows,
        default="cluster",
    )


def prices_table(request, prices) -> Table:
    """An intervention's price history (each price with its ``event_count``), latest first
    unless sorted otherwise."""
    return Table(
        request,
        "prices",
        "Price history",
        [
            Column(
                "from",
                "From",
                lambda p: p.valid_from,
                show=lambda p: format_html(
                    '<span class="app-nowrap">{}</span>', day_text(p.valid_from)
                ),
            ),
            Column(
                "to",
                "To",
                lambda p: p.valid_to,
                show=lambda p: (
                    format_html('<span class="app-nowrap">{}</span>', day_text(p.valid_to))
                    if p.valid_to
                    else "Until further notice"
                ),
                text=lambda p: p.valid_to or "Until further notice",
            ),
            Column(
                "price",
                "Price",
                lambda p: p.price,
                show=lambda p: format_pounds(p.price),
                numeric=True,
            ),
            Column("events", "Events priced at it", lambda p: p.event_count, numeric=True),
        ],
        prices,
        default="-from",
    )
