"""The national quarterly return as CSV rows, in the return's layout: a row per count.

Columns: the organisation, the team (``All teams`` for the organisation's return), the
quarter, the measure (in force at any time in the year to date, or at the quarter's end),
what it is broken down by, the breakdown, and the count. For each measure the rows run:
the total; notional, third party, direct payment; each PHB category; adults, children and
young people. Marked for publication, counts of 1 to 7 read ``*``; for the organisation's
own use they are the real counts.
"""

from participants.models import Participant
from people.models import Organisation, Team
from reports.core.periods import Period
from reports.core.phb_return import (
    AGE_LABELS,
    OPTION_LABELS,
    Cell,
    PhbReturn,
    Split,
    publishable,
)

HEADER = ("Organisation", "Team", "Quarter", "Measure", "Breakdown by", "Breakdown", "Count")
ALL_TEAMS = "All teams"
SPLIT_LABELS = {
    Split.TOTAL: "All people",
    Split.OPTION: "Management option",
    Split.CATEGORY: "PHB category",
    Split.AGE: "Age at the quarter’s end",
}
_CATEGORY_LABELS = dict(Participant.PhbCategory.choices)


def breakdown_label(cell: Cell) -> str:
    """What a count is of: ``Total``, ``Notional``, a category's name, ``Adults``..."""
    if cell.split == Split.TOTAL:
        return "Total"
    if cell.split == Split.OPTION:
        return OPTION_LABELS[cell.key]
    if cell.split == Split.CATEGORY:
        return _CATEGORY_LABELS[cell.key]
    return AGE_LABELS[cell.key]


def return_rows(
    organisation: Organisation,
    counted: PhbReturn,
    *,
    team: Team | None = None,
    for_publication: bool = False,
) -> list[list[str | int]]:
    """The header and a row per count of ``counted``, in its order."""
    team_name = team.name if team is not None else ALL_TEAMS
    rows: list[list[str | int]] = [list(HEADER)]
    for cell in counted.cells:
        rows.append(
            [
                organisation.name,
                team_name,
                counted.quarter.label,
                cell.measure.label,
                SPLIT_LABELS[cell.split],
                breakdown_label(cell),
                publishable(cell.count) if for_publication else cell.count,
            ]
        )
    return rows


def return_filename(quarter: Period, *, for_publication: bool = False) -> str:
    """``phb-return-2012-13-Q4.csv``, or ``phb-return-2012-13-Q4-for-publication.csv``."""
    suffix = "-for-publication" if for_publication else ""
    return f"phb-return-{quarter.label}{suffix}.csv"
