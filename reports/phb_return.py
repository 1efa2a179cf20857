"""The national quarterly return of personal health budgets, from the database.

One query reads, for the organisation's people (or one team's), every plan version in
force at some time in the financial year to date (``careplans.in_force``) with the days
it was in force, the funding routes of its spending lines, and the person's category and
date of birth; the counting is ``reports.core.phb_return``'s. The number of queries does
not grow with the people or their plans.

A person belongs to the team that holds them now: a person who moved teams during the
year is counted under their team of today, with all of their plans.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import F

from careplans.in_force import versions_in_force
from participants.models import Participant
from people.models import Organisation, Team
from reports.core.periods import Period
from reports.core.phb_return import Cell, InForce, Person, PhbReturn, year_to_date
from reports.core.phb_return import phb_return as count_return

CATEGORIES = tuple(Participant.PhbCategory.values)


def _in_force_rows(organisation: Organisation, quarter: Period, team: Team | None):
    first, last = year_to_date(quarter)
    versions = versions_in_force(first, last).filter(
        plan__participant__team__organisation=organisation
    )
    if team is not None:
        versions = versions.filter(plan__participant__team=team)
    return versions.values(
        "pk",
        "in_force_from",
        "replaced_on",
        "ended_on",
        "lines__funding_route",
        person=F("plan__participant_id"),
        category=F("plan__participant__phb_category"),
        born=F("plan__participant__date_of_birth"),
    ).distinct()


def people_in_force(
    organisation: Organisation, quarter: Period, *, team: Team | None = None
) -> list[Person]:
    """The plain records the return counts: each person with a version in force in the
    year to date, the stretches in force and their management options (one query)."""
    stretches: dict[int, tuple[int, date, date | None]] = {}  # version: person, start, until
    details: dict[int, tuple[str, date]] = {}  # person: category, date of birth
    routes: dict[int, set[str]] = defaultdict(set)  # version: funding routes
    for row in _in_force_rows(organisation, quarter, team):
        ends = [day for day in (row["replaced_on"], row["ended_on"]) if day is not None]
        stretches[row["pk"]] = (row["person"], row["in_force_from"], min(ends) if ends else None)
        details[row["person"]] = (row["category"], row["born"])
        if row["lines__funding_route"]:
            routes[row["pk"]].add(row["lines__funding_route"])
    by_person: dict[int, list[InForce]] = defaultdict(list)
    for version, (person, start, until) in sorted(stretches.items()):
        by_person[person].append(InForce(start, until, frozenset(routes[version])))
    return [Person(pk, *details[pk], tuple(in_force)) for pk, in_force in sorted(by_person.items())]


def phb_return(
    organisation: Organisation, quarter: Period, *, team: Team | None = None
) -> PhbReturn:
    """The return of ``organisation`` (or of one of its teams) for ``quarter``."""
    return count_return(people_in_force(organisation, quarter, team=team), quarter, CATEGORIES)


@dataclass(frozen=True)
class Behind:
    """A count of the return and the people it counts, by family name."""

    cell: Cell
    people: list[Participant]


def people_behind(
    organisation: Organisation, quarter: Period, *, team: Team | None = None
) -> list[Behind]:
    """Every count of the return, in its order, with the people behind it (two queries)."""
    counted = phb_return(organisation, quarter, team=team)
    ids = frozenset().union(*(cell.people for cell in counted.cells))
    found = list(
        Participant.objects.filter(pk__in=ids)
        .select_related("team")
        .order_by("family_name", "given_name", "pk")
    )
    order = {p.pk: index for index, p in enumerate(found)}
    by_id = {p.pk: p for p in found}
    return [
        Behind(cell, [by_id[pk] for pk in sorted(cell.people, key=order.__getitem__)])
        for cell in counted.cells
    ]
