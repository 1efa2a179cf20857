"""Cost of care (the pilot's Tables 5 to 8): budget holders and the comparison group, the
period's financial year against the year before, split by whether each person used crisis
or inpatient care in the year before, with the change in per cent. The figures are
``participants.cost_of_care``'s, as a person's own page gives them."""

from costing.core.years import FinancialYear
from participants.cost_of_care import CostOfCareReport, ReportGroup, cost_of_care_report
from participants.models import Participant
from reports.core.report import Chart, Kind, Report, ReportColumn, ReportTable, format_value
from reports.filters import ReportScope

COHORTS = (
    # (cohort, the group's name, the table's name)
    (Participant.Cohort.BUDGET_HOLDER, "Budget holders", "budget_holders"),
    (Participant.Cohort.CONTROL, "Comparison group", "comparison_group"),
)


def years_compared(scope: ReportScope) -> tuple[FinancialYear, FinancialYear]:
    """The year before the period's financial year, and that year."""
    compare = scope.period.year
    return FinancialYear(compare.start_year - 1), compare


def _money_columns(baseline: FinancialYear, compare: FinancialYear) -> tuple[ReportColumn, ...]:
    return (
        ReportColumn("baseline", f"Cost of care {baseline.label}", Kind.MONEY),
        ReportColumn("compare", f"Cost of care {compare.label}", Kind.MONEY),
        ReportColumn("change", "Change", Kind.CHANGE),
    )


def _group_name(name: str, group: ReportGroup, baseline: FinancialYear) -> str:
    did = "used" if group.used_acute_or_crisis else "did not use"
    return f"{name}: {did} crisis or inpatient care in {baseline.label}"


def _group_rows(name: str, report: CostOfCareReport) -> list[dict]:
    """Who used crisis or inpatient care, who did not (as Tables 5 and 6, 7 and 8), then the
    whole cohort."""
    rows = [
        {
            "group": _group_name(name, group, report.baseline_year),
            "people": len(group.rows),
            "baseline": group.baseline,
            "compare": group.compare,
            "change": group.change_percent,
        }
        for group in sorted(report.groups, key=lambda group: not group.used_acute_or_crisis)
    ]
    rows.append(
        {
            "group": f"{name}: all",
            "people": sum(len(group.rows) for group in report.groups),
            "baseline": report.baseline,
            "compare": report.compare,
            "change": report.change_percent,
        }
    )
    return rows


def _people_table(
    table_name: str, name: str, report: CostOfCareReport, columns: tuple[ReportColumn, ...]
) -> ReportTable:
    baseline = report.baseline_year
    rows = [
        {
            "name": row.label,
            "used": "Yes" if row.used_acute_or_crisis else "No",
            "baseline": row.baseline,
            "compare": row.compare,
            "change": row.change_percent,
        }
        for group in report.groups
        for row in group.rows
    ]
    rows.sort(key=lambda row: row["name"].casefold())
    total = {
        "name": f"{name}: all",
        "used": "",
        "baseline": report.baseline,
        "compare": report.compare,
        "change": report.change_percent,
    }
    return ReportTable(
        table_name,
        f"{name}: cost of care per person, {baseline.label} and {report.compare_year.label}",
        (
            ReportColumn("name", "Name"),
            ReportColumn("used", f"Used crisis or inpatient care in {baseline.label}"),
            *columns,
        ),
        tuple(rows),
        footer=(total,) if rows else (),
        chart=Chart(
            "bars",
            "name",
            ("baseline", "compare"),
            names=(baseline.label, report.compare_year.label),
        ),
        default_sort="name",
    )


def _summary_text(report: CostOfCareReport) -> str:
    people = sum(len(group.rows) for group in report.groups)
    if not people:
        return "No one in this group"
    return (
        f"{format_value(Kind.MONEY, report.baseline)} to "
        f"{format_value(Kind.MONEY, report.compare)} "
        f"({format_value(Kind.CHANGE, report.change_percent)})"
    )


def cost_of_care_section(scope: ReportScope) -> Report:
    baseline, compare = years_compared(scope)
    people = scope.participants()
    reports = {
        cohort: cost_of_care_report(people, cohort=cohort, baseline=baseline, compare=compare)
        for cohort, _, _ in COHORTS
    }
    columns = _money_columns(baseline, compare)
    notes = [
        f"Each person's cost of care in {baseline.label} and {compare.label}: their service "
        "use at the tariff in force on each day, and direct payments. Who used crisis or "
        f"inpatient care is read from their own service use in {baseline.label}."
    ]
    if scope.period.quarter is not None:
        notes.append(f"Cost of care is by financial year: this is {compare.label}'s.")
    if scope.management_option:
        notes.append(
            "How budgets are managed does not narrow this report: the comparison group holds "
            "no budget."
        )
    groups = ReportTable(
        "groups",
        f"Cost of care, {baseline.label} and {compare.label}, by use of crisis or inpatient "
        f"care in {baseline.label}",
        (ReportColumn("group", "Group"), ReportColumn("people", "People", Kind.COUNT), *columns),
        tuple(row for cohort, name, _ in COHORTS for row in _group_rows(name, reports[cohort])),
        chart=Chart(
            "bars", "group", ("baseline", "compare"), names=(baseline.label, compare.label)
        ),
        default_sort="",
        note=" ".join(notes),
    )
    people_tables = tuple(
        _people_table(table_name, name, reports[cohort], columns)
        for cohort, name, table_name in COHORTS
    )
    shown = tuple(
        row.participant_id
        for report in reports.values()
        for group in report.groups
        for row in group.rows
    )
    summary = tuple(
        (
            f"Cost of care, {baseline.label} to {compare.label}: {name.lower()}",
            _summary_text(reports[cohort]),
        )
        for cohort, name, _ in COHORTS
    )
    return Report(
        "cost-of-care",
        "Cost of care",
        (groups, *people_tables),
        summary=summary,
        people_shown=shown,
    )
