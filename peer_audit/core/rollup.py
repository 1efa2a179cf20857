"""The audit's results by team and financial quarter, and for the whole organisation:
plans that qualified, were drawn, audited and passed (the pass rate is a target
commissioners pay against), each question's answers and the overall ratings.

Only submitted audits count as audited. Shares are exact Decimals (met over applicable,
passed over audited), None when there is nothing to divide by; rounding is for display
(``percent``).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Context, Decimal

from peer_audit.core.checklist import Answer, Rating

Quarter = tuple[int, int]
"""(the year the financial year starts, quarter 1-4): Q1 is April to June, Q4 January to
March of the next calendar year."""

# One context for every share, whatever the caller's thread has set.
_CONTEXT = Context(prec=28)
_TENTH = Decimal("0.1")


def quarter_of(day: date) -> Quarter:
    """1 February 2013 is in (2012, 4): the fourth quarter of 2012-13."""
    if day.month >= 4:
        return day.year, (day.month - 4) // 3 + 1
    return day.year - 1, 4


def quarter_label(quarter: Quarter) -> str:
    """(2012, 4) is "Q4 2012-13"."""
    year, number = quarter
    return f"Q{number} {year}-{(year + 1) % 100:02d}"


def quarter_days(quarter: Quarter) -> tuple[date, date]:
    """The first and last day of a quarter: (2012, 4) is 1 January to 31 March 2013."""
    year, number = quarter
    if number not in (1, 2, 3, 4):
        raise ValueError(f"A quarter is numbered 1 to 4: {number}")
    after = _first_day(year, number + 1) if number < 4 else _first_day(year + 1, 1)
    return _first_day(year, number), after - timedelta(days=1)


def _first_day(year: int, number: int) -> date:
    return date(year, 3 * number + 1, 1) if number < 4 else date(year + 1, 1, 1)


def percent(share: Decimal | None, none: str = "") -> str:
    """A share as a percentage to one decimal place, half up: 2/3 is "66.7%". ``none``
    stands for no share (nothing to divide by)."""
    if share is None:
        return none
    return f"{(share * 100).quantize(_TENTH, rounding=ROUND_HALF_UP)}%"


def _share(part: int, whole: int) -> Decimal | None:
    return _CONTEXT.divide(Decimal(part), Decimal(whole)) if whole else None


@dataclass(frozen=True)
class AuditRow:
    """One audit of the round: its plan's team, the quarter it counts in, and (once
    submitted) whether the plan passed, the overall rating and the answers by question."""

    team: str
    quarter: Quarter
    submitted: bool
    passed: bool | None
    rating: str
    answers: Mapping[str, str]


@dataclass(frozen=True)
class PopulationRow:
    """A team's plans that qualified for a round counting in ``quarter``, and how many
    were drawn. Two rounds in a quarter are two rows: they add up."""

    team: str
    quarter: Quarter
    qualified: int
    drawn: int


@dataclass(frozen=True)
class QuestionFigures:
    """How one question was answered in the audited plans. Shares are of the applicable
    answers (met, partly met, not met)."""

    key: str
    text: str
    met: int = 0
    partly_met: int = 0
    not_met: int = 0
    not_applicable: int = 0

    @property
    def applicable(self) -> int:
        return self.met + self.partly_met + self.not_met

    @property
    def met_share(self) -> Decimal | None:
        return _share(self.met, self.applicable)

    @property
    def partly_met_share(self) -> Decimal | None:
        return _share(self.partly_met, self.applicable)

    @property
    def not_met_share(self) -> Decimal | None:
        return _share(self.not_met, self.applicable)


@dataclass(frozen=True)
class Figures:
    """A team's figures for a quarter, or the organisation's (``team`` None)."""

    team: str | None
    qualified: int
    drawn: int
    audited: int
    passed: int
    ratings: Mapping[Rating, int]
    """Every rating, best first, with how many audited plans had it."""
    questions: tuple[QuestionFigures, ...]

    @property
    def pass_rate(self) -> Decimal | None:
        """Passed over audited; None when none was audited."""
        return _share(self.passed, self.audited)


@dataclass(frozen=True)
class QuarterFigures:
    quarter: Quarter
    teams: tuple[Figures, ...]
    """By team name."""
    organisation: Figures

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def rows(self) -> tuple[Figures, ...]:
        """The teams, then the organisation."""
        return (*self.teams, self.organisation)


@dataclass(frozen=True)
class RollUp:
    questions: tuple[tuple[str, str], ...]
    """(key, text) of each question, in the checklist's order."""
    quarters: tuple[QuarterFigures, ...]
    """Earliest first."""


def _figures(
    team: str | None,
    populations: Sequence[PopulationRow],
    audits: Sequence[AuditRow],
    questions: Sequence[tuple[str, str]],
) -> Figures:
    audited = [audit for audit in audits if audit.submitted]
    ratings = dict.fromkeys(Rating, 0)
    for audit in audited:
        if audit.rating:
            ratings[Rating(audit.rating)] += 1
    figures = []
    for key, text in questions:
        counts = dict.fromkeys(Answer, 0)
        for audit in audited:
            answer = audit.answers.get(key)
            if answer:
                counts[Answer(answer)] += 1
        figures.append(
            QuestionFigures(
                key=key,
                text=text,
                met=counts[Answer.MET],
                partly_met=counts[Answer.PARTLY_MET],
                not_met=counts[Answer.NOT_MET],
                not_applicable=counts[Answer.NOT_APPLICABLE],
            )
        )
    return Figures(
        team=team,
        qualified=sum(p.qualified for p in populations),
        drawn=sum(p.drawn for p in populations),
        audited=len(audited),
        passed=sum(1 for audit in audited if audit.passed),
        ratings=ratings,
        questions=tuple(figures),
    )


def roll_up(
    populations: Iterable[PopulationRow],
    audits: Iterable[AuditRow],
    questions: Sequence[tuple[str, str]],
) -> RollUp:
    """Figures per quarter (earliest first): a row per team that had plans qualify or
    audited in it (by name), then the organisation's. An answer or rating that is not
    one of the checklist's is an error, not a figure quietly left out."""
    populations = list(populations)
    audits = list(audits)
    questions = tuple((key, text) for key, text in questions)
    if len({key for key, _ in questions}) != len(questions):
        raise ValueError("A question is given twice")
    quarters = sorted({p.quarter for p in populations} | {a.quarter for a in audits})
    rolled = []
    for quarter in quarters:
        quarter_days(quarter)  # a quarter numbered 1 to 4
        in_populations = [p for p in populations if p.quarter == quarter]
        in_audits = [a for a in audits if a.quarter == quarter]
        teams = sorted({p.team for p in in_populations} | {a.team for a in in_audits})
        rolled.append(
            QuarterFigures(
                quarter=quarter,
                teams=tuple(
                    _figures(
                        team,
                        [p for p in in_populations if p.team == team],
                        [a for a in in_audits if a.team == team],
                        questions,
                    )
                    for team in teams
                ),
                organisation=_figures(None, in_populations, in_audits, questions),
            )
        )
    return RollUp(questions=questions, quarters=tuple(rolled))


_RATING_NAMES = {
    Rating.OUTSTANDING: "Outstanding",
    Rating.GOOD: "Good",
    Rating.REQUIRES_IMPROVEMENT: "Requires improvement",
    Rating.INADEQUATE: "Inadequate",
}


def csv_rows(rollup: RollUp, *, organisation: str = "All teams") -> list[list[str]]:
    """A header, then a row per quarter per team and one for the organisation: counts,
    the pass rate, each question's met / partly met / not met percentages, and the
    count of each overall rating. No share is an empty cell."""
    header = ["Quarter", "Team", "Qualified", "Drawn", "Audited", "Passed", "Pass rate"]
    for _, text in rollup.questions:
        header += [f"{text}: met", f"{text}: partly met", f"{text}: not met"]
    header += list(_RATING_NAMES.values())
    rows = [header]
    for quarter in rollup.quarters:
        for figures in quarter.rows:
            row = [
                quarter.label,
                organisation if figures.team is None else figures.team,
                str(figures.qualified),
                str(figures.drawn),
                str(figures.audited),
                str(figures.passed),
                percent(figures.pass_rate),
            ]
            for question in figures.questions:
                row += [
                    percent(question.met_share),
                    percent(question.partly_met_share),
                    percent(question.not_met_share),
                ]
            row += [str(figures.ratings[rating]) for rating in _RATING_NAMES]
            rows.append(row)
    return rows
