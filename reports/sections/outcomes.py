"""Outcomes chosen (the pilot's Table 3): how many people chose each kind of outcome in
the plans in force in the period. A person counts once in a category, however many of
their outcomes fall in it."""

from django.db.models import Count

from careplans.choices import OutcomeCategory
from careplans.models import Outcome
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.core.stats import share
from reports.filters import ReportScope
from reports.sections.budgets import budgets_in_force

PERSON = "version__plan__participant"
ORDER = {category.value: index for index, category in enumerate(OutcomeCategory)}
LABELS = dict(OutcomeCategory.choices)


def outcomes_report(scope: ReportScope) -> Report:
    """Two queries: people per category, and people with any outcome."""
    outcomes = Outcome.objects.filter(version__in=budgets_in_force(scope))
    counted = outcomes.values("category").annotate(people=Count(PERSON, distinct=True)).order_by()
    people = outcomes.aggregate(people=Count(PERSON, distinct=True))["people"]
    found = sorted(
        ((row["category"], row["people"]) for row in counted),
        key=lambda found: (-found[1], ORDER.get(found[0], len(ORDER)), found[0]),
    )
    rows = [
        {
            "category": LABELS.get(category, category),
            "people": count,
            "share": share(count, people),
        }
        for category, count in found
    ]
    choices = sum(count for _, count in found)
    period = scope.period.name
    table = ReportTable(
        "by_category",
        f"Outcomes chosen in the plans in force in {period}: people per kind of outcome",
        (
            ReportColumn("category", "Outcome"),
            ReportColumn("people", "People", Kind.COUNT),
            ReportColumn("share", "Of the people with outcomes", Kind.PERCENT),
        ),
        tuple(rows),
        footer=(
            {"category": "Choices (a person once a kind of outcome)", "people": choices},
            {"category": "People with outcomes", "people": people},
        ),
        chart=Chart("bars", "category", ("people",)),
        default_sort="",
        note=(
            "A person counts once for each kind of outcome they chose, however many of their "
            "outcomes are of that kind. Each plan counts with its version in force last in "
            "the period."
        ),
    )
    summary = (
        ("People with outcomes in plans in force", format_value(Kind.COUNT, people)),
        ("Outcomes chosen (a person once a kind)", format_value(Kind.COUNT, choices)),
    )
    return Report("outcomes", "Outcomes chosen", (table,), summary=summary)
