"""Peer audit: the pass rate by team and quarter of the financial year, from the peer
audit's own results (``peer_audit.results``): a round counts in the quarter its period
ends in; the pass rate is the plans that passed over those audited."""

from peer_audit.core.rollup import Figures, QuarterFigures, quarter_label
from peer_audit.results import peer_audit_results
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.core.stats import share
from reports.filters import ReportScope

ALL_TEAMS = "All teams"
HUNDRED = 100


def _rate(figures: Figures | None):
    if figures is None or figures.pass_rate is None:
        return None
    return figures.pass_rate * HUNDRED


def _quarters(scope: ReportScope) -> list[tuple[int, int]]:
    """The quarters asked for, as the roll-up names them: (the year's first year, 1-4)."""
    numbers = [scope.period.quarter] if scope.period.quarter else [1, 2, 3, 4]
    return [(scope.period.year.start_year, number) for number in numbers]


def _shown(quarter: QuarterFigures, scope: ReportScope) -> list[Figures]:
    """The teams' figures (only the team asked for, if one is), then the organisation's."""
    if scope.team is not None:
        return [figures for figures in quarter.teams if figures.team == scope.team.name]
    return list(quarter.rows)


def peer_audit_report(scope: ReportScope) -> Report:
    """Five queries (the peer audit's results for the year)."""
    rollup = peer_audit_results(scope.user.organisation, scope.period.year)
    wanted = _quarters(scope)
    found = {quarter.quarter: quarter for quarter in rollup.quarters if quarter.quarter in wanted}
    keys = {quarter: f"q{quarter[1]}" for quarter in wanted}
    by_team: dict[str, dict] = {}
    detail = []
    for quarter in wanted:
        if quarter not in found:
            continue
        for figures in _shown(found[quarter], scope):
            team = figures.team or ALL_TEAMS
            by_team.setdefault(team, {"team": team})[keys[quarter]] = _rate(figures)
            detail.append(
                {
                    "quarter": quarter_label(quarter),
                    "team": team,
                    "qualified": figures.qualified,
                    "drawn": figures.drawn,
                    "audited": figures.audited,
                    "passed": figures.passed,
                    "pass_rate": _rate(figures),
                }
            )
    everyone = by_team.pop(ALL_TEAMS, None)
    quarter_columns = tuple(
        ReportColumn(keys[quarter], quarter_label(quarter), Kind.PERCENT) for quarter in wanted
    )
    period = scope.period.name
    note = (
        "A round counts in the quarter its period ends in; the pass rate is the plans that "
        "passed over the plans audited."
    )
    if scope.cluster is not None or scope.management_option:
        note += " The care cluster and how budgets are managed do not narrow these figures."
    tables = (
        ReportTable(
            "pass_rates",
            f"Peer audit pass rate by team and quarter, {period}",
            (ReportColumn("team", "Team"), *quarter_columns),
            tuple(sorted(by_team.values(), key=lambda row: row["team"].casefold())),
            footer=(everyone,) if everyone else (),
            chart=Chart(
                "bars",
                "team",
                tuple(column.key for column in quarter_columns),
                names=tuple(f"Q{quarter[1]}" for quarter in wanted),
            ),
            note=note,
        ),
        ReportTable(
            "by_quarter",
            f"Peer audit by team and quarter, {period}: plans qualified, drawn, audited and passed",
            (
                ReportColumn("quarter", "Quarter"),
                ReportColumn("team", "Team"),
                ReportColumn("qualified", "Qualified", Kind.COUNT),
                ReportColumn("drawn", "Drawn", Kind.COUNT),
                ReportColumn("audited", "Audited", Kind.COUNT),
                ReportColumn("passed", "Passed", Kind.COUNT),
                ReportColumn("pass_rate", "Pass rate", Kind.PERCENT),
            ),
            tuple(detail),
            default_sort="",
        ),
    )
    counted = [row for row in detail if (row["team"] == ALL_TEAMS) == (scope.team is None)]
    audited = sum(row["audited"] for row in counted)
    passed = sum(row["passed"] for row in counted)
    rate = share(passed, audited)
    summary = (
        ("Peer audit pass rate", format_value(Kind.PERCENT, rate) if audited else "None audited"),
        ("Plans audited", format_value(Kind.COUNT, audited)),
    )
    return Report("peer-audit", "Peer audit", tables, summary=summary)
