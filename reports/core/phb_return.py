"""The national quarterly return of personal health budgets: who is counted, and where.

Plain Python on plain records, no Django. A person's record says when a PHB of theirs was
in force and how it was managed then (the funding routes of the spending lines of the
plan versions in force: notional, third party, direct payment).

For a quarter of a financial year (``reports.core.periods``: Q1 April to June ... Q4
January to March) the return counts people two ways:

- **in force at any time in the year to date**: on at least one day from 1 April to the
  quarter's last day;
- **in force at the quarter's end**: on the quarter's last day.

Each is split by management option, by category, and into adults and children and young
people:

- a person is counted **once in the total**, however many plans or options they have;
- under **each management option** they held in the period (as the national guidance
  counts them), so the options add up to at least the total;
- under their **category**, once, so the categories add up to the total;
- as a **child or young person** if under 18 on the quarter's last day: one whose 18th
  birthday falls on or before it is an adult. So adults and children add up to the total.

Counts of 1 to 7 are shown as ``*`` in a return marked for publication (``publishable``).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from reports.core.periods import Period, PeriodError

OPTIONS = ("notional", "third_party", "direct_payment")
"""The management options, in the return's order."""
OPTION_LABELS = {
    "notional": "Notional",
    "third_party": "Third party",
    "direct_payment": "Direct payment",
}
ADULT_FROM = 18
SMALL_NUMBER_MAX = 7
"""Counts from 1 to this are not published."""
HIDDEN = "*"


def parse_quarter(label: str) -> Period:
    """The quarter ``2012-13-Q4`` names (``PeriodError`` for anything else, a whole year
    too: the return is for a quarter)."""
    period = Period.parse(label)
    if period.quarter is None:
        raise PeriodError(f"“{label}” is a year: the return is for a quarter such as 2012-13-Q4")
    return period


def year_to_date(quarter: Period) -> tuple[date, date]:
    """1 April of the quarter's financial year to the quarter's last day."""
    return quarter.year.first_day, quarter.last_day


@dataclass(frozen=True, slots=True)
class InForce:
    """A stretch of days when a person's PHB was in force: from ``start`` to the day
    before ``until`` (None: still in force), managed in each of ``options``."""

    start: date
    until: date | None
    options: frozenset[str]

    def overlaps(self, first: date, last: date) -> bool:
        """In force on at least one day from ``first`` to ``last`` inclusive."""
        return self.start <= last and (self.until is None or self.until > first)


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    category: str
    date_of_birth: date
    in_force: tuple[InForce, ...]

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Measure(StrEnum):
    YEAR_TO_DATE = "year_to_date"
    QUARTER_END = "quarter_end"

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self]


MEASURE_LABELS = {
    Measure.YEAR_TO_DATE: "In force at any time in the year to date",
    Measure.QUARTER_END: "In force at the quarter’s end",
}


class Split(StrEnum):
    """How a measure is broken down: the total, then by option, category and age."""

    TOTAL = "total"
    OPTION = "option"
    CATEGORY = "category"
    AGE = "age"


AGE_GROUPS = ("adults", "children")
AGE_LABELS = {"adults": "Adults", "children": "Children and young people"}


@dataclass(frozen=True, slots=True)
class Cell:
    """One count of the return and the people behind it: ``key`` is ``total``, an
    option, a category or an age group."""

    measure: Measure
    split: Split
    key: str
    people: frozenset[int]

    @property
    def count(self) -> int:
        return len(self.people)


@dataclass(frozen=True)
class PhbReturn:
    """The return for ``quarter``: its cells in the return's order, for each measure the
    total, each option, each category (in ``categories``' order), adults and children."""

    quarter: Period
    categories: tuple[str, ...]
    cells: tuple[Cell, ...]

    def cell(self, measure: Measure, split: Split, key: str = "total") -> Cell:
        for cell in self.cells:
            if (cell.measure, cell.split, cell.key) == (measure, split, key):
                return cell
        raise KeyError((measure, split, key))

    def count(self, measure: Measure, split: Split, key: str = "total") -> int:
        return self.cell(measure, split, key).count

    def in_measure(self, measure: Measure) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.measure == measure)


def _options_held(person: Person, first: date, last: date) -> frozenset[str] | None:
    """The options of the stretches in force in the period (None: not in force in it)."""
    found = [s.options for s in person.in_force if s.overlaps(first, last)]
    if not found:
        return None
    return frozenset().union(*found)


def _check(people: Sequence[Person], categories: Sequence[str]) -> None:
    seen: set[int] = set()
    for person in people:
        if person.id in seen:
            raise ValueError(f"Person {person.id} is given twice: give each person once")
        seen.add(person.id)
        if person.category not in categories:
            raise ValueError(f"Person {person.id}'s category {person.category!r} is not known")
        for stretch in person.in_force:
            if stretch.until is not None and stretch.until <= stretch.start:
                raise ValueError(f"Person {person.id} has a stretch in force for no day")
            unknown = stretch.options - set(OPTIONS)
            if unknown:
                raise ValueError(f"Unknown management options: {', '.join(sorted(unknown))}")


def _cells(
    measure: Measure,
    held: dict[int, frozenset[str]],
    people: dict[int, Person],
    categories: Sequence[str],
    on: date,
) -> list[Cell]:
    def cell(split: Split, key: str, ids: Iterable[int]) -> Cell:
        return Cell(measure, split, key, frozenset(ids))

    children = {i for i in held if people[i].age_on(on) < ADULT_FROM}
    return [
        cell(Split.TOTAL, "total", held),
        *(cell(Split.OPTION, o, (i for i, opts in held.items() if o in opts)) for o in OPTIONS),
        *(
            cell(Split.CATEGORY, c, (i for i in held if people[i].category == c))
            for c in categories
        ),
        cell(Split.AGE, "adults", set(held) - children),
        cell(Split.AGE, "children", children),
    ]


def phb_return(people: Iterable[Person], quarter: Period, categories: Sequence[str]) -> PhbReturn:
    """Count ``people`` for ``quarter``; ``categories`` are the category codes in the
    return's order (a person of a category not among them is an error, not left out)."""
    if quarter.quarter is None:
        raise ValueError(f"The return is for a quarter, not the year {quarter.label}")
    people = list(people)
    _check(people, categories)
    by_id = {p.id: p for p in people}
    first, last = year_to_date(quarter)
    cells: list[Cell] = []
    for measure, start in ((Measure.YEAR_TO_DATE, first), (Measure.QUARTER_END, last)):
        held = {}
        for person in people:
            options = _options_held(person, start, last)
            if options is not None:
                held[person.id] = options
        cells += _cells(measure, held, by_id, categories, last)
    return PhbReturn(quarter=quarter, categories=tuple(categories), cells=tuple(cells))


def publishable(count: int) -> str:
    """A count as published: 1 to 7 hidden as ``*`` (the small-number rule), 0 and 8 up
    as they are."""
    if count < 0:
        raise ValueError(f"A count cannot be negative: {count}")
    return HIDDEN if 1 <= count <= SMALL_NUMBER_MAX else str(count)
