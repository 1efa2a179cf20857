"""The peer audit's results for a financial year: a table per quarter of each team's
plans qualified, drawn, audited and passed (and the organisation's), how each question
was answered, and the overall ratings; the whole as CSV."""

from django import forms
from django.utils import timezone
from django.views.generic import TemplateView

from common.csv import csv_response
from common.forms import NHSUKFormMixin
from common.tables import Column, Table, table_download
from costing.core.years import FinancialYear
from peer_audit.core.checklist import Rating
from peer_audit.core.rollup import Figures, QuarterFigures, QuestionFigures, csv_rows, percent
from peer_audit.results import peer_audit_results, results_file_name, years_with_rounds
from peer_audit.views.commissioner import CommissionerPageMixin

RATING_NAMES = {
    Rating.OUTSTANDING: "Outstanding",
    Rating.GOOD: "Good",
    Rating.REQUIRES_IMPROVEMENT: "Requires improvement",
    Rating.INADEQUATE: "Inadequate",
}
ORGANISATION_ROW = "All teams"


class YearForm(NHSUKFormMixin, forms.Form):
    year = forms.ChoiceField(
        label="Financial year", error_messages={"invalid_choice": "Choose a year from the list"}
    )

    def __init__(self, *args, years: list[FinancialYear], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year.label, year.label) for year in years]


class ResultsView(CommissionerPageMixin, TemplateView):
    template_name = "peer_audit/results.html"

    def get(self, request, *args, **kwargs):
        organisation = request.user.organisation
        today = timezone.localdate()
        years = years_with_rounds(organisation) or [FinancialYear.of(today)]
        form = YearForm(request.GET or {"year": years[0].label}, years=years)
        if not form.is_valid():
            context = self.get_context_data(form=form, year=None, quarters=[])
            return self.render_to_response(context, status=400)
        year = FinancialYear.parse(form.cleaned_data["year"])
        rollup = peer_audit_results(organisation, year)
        if request.GET.get("format") == "csv":
            return csv_response(
                csv_rows(rollup, organisation=ORGANISATION_ROW), results_file_name(year, today)
            )
        quarters = [_quarter_tables(request, quarter) for quarter in rollup.quarters]
        tables = [table for quarter in quarters for table in quarter["tables"]]
        if download := table_download(request, tables, f"peer-audit-results-{year.label}"):
            return download
        return self.render_to_response(
            self.get_context_data(form=form, year=year, quarters=quarters)
        )


def _team(figures: Figures) -> str:
    return ORGANISATION_ROW if figures.team is None else figures.team


def _figures_table(request, name: str, quarter: QuarterFigures) -> Table:
    return Table(
        request,
        name,
        f"{quarter.label}: plans qualified, drawn, audited and passed, by team",
        [
            Column("team", "Team", _team),
            Column("qualified", "Qualified", lambda f: f.qualified, numeric=True),
            Column("drawn", "Drawn", lambda f: f.drawn, numeric=True),
            Column("audited", "Audited", lambda f: f.audited, numeric=True),
            Column("passed", "Passed", lambda f: f.passed, numeric=True),
            Column(
                "rate",
                "Pass rate",
                lambda f: f.pass_rate,
                show=lambda f: percent(f.pass_rate, none="No audits"),
                numeric=True,
            ),
        ],
        quarter.teams,
        default="team",
        footer=[quarter.organisation],
    )


def _ratings_table(request, name: str, quarter: QuarterFigures) -> Table:
    ratings = [
        Column(rating.value, label, lambda f, rating=rating: f.ratings[rating], numeric=True)
        for rating, label in RATING_NAMES.items()
    ]
    return Table(
        request,
        name,
        f"{quarter.label}: overall ratings of the plans audited, by team",
        [Column("team", "Team", _team), *ratings],
        quarter.teams,
        default="team",
        footer=[quarter.organisation],
    )


def _questions_table(request, name: str, caption: str, figures: Figures) -> Table:
    shares = [
        Column(
            attribute,
            label,
            lambda q, a=attribute: getattr(q[1], f"{a}_share"),
            show=lambda q, a=attribute: percent(getattr(q[1], f"{a}_share"), none="–"),
            numeric=True,
        )
        for attribute, label in (
            ("met", "Met"),
            ("partly_met", "Partly met"),
            ("not_met", "Not met"),
        )
    ]
    return Table(
        request,
        name,
        caption,
        [
            Column("position", "Number", lambda q: q[0], numeric=True),
            Column("question", "Question", lambda q: q[1].text),
            *shares,
            Column("applicable", "Applied to", lambda q: q[1].applicable, numeric=True),
            Column("not_applicable", "Not applicable", lambda q: q[1].not_applicable, numeric=True),
        ],
        _in_order(figures.questions),
        default="position",
    )


def _in_order(questions: tuple[QuestionFigures, ...]) -> list[tuple[int, QuestionFigures]]:
    return list(enumerate(questions, start=1))


def _quarter_tables(request, quarter: QuarterFigures) -> dict:
    key = f"q{quarter.quarter[1]}"
    figures = _figures_table(request, key, quarter)
    ratings = _ratings_table(request, f"{key}-ratings", quarter)
    organisation = _questions_table(
        request,
        f"{key}-questions",
        f"{quarter.label}: how each question was answered, all teams (share of the plans it "
        "applied to)",
        quarter.organisation,
    )
    teams = [
        (
            team.team,
            _questions_table(
                request,
                f"{key}-team{n}",
                f"{quarter.label}: how each question was answered, {team.team}",
                team,
            ),
        )
        for n, team in enumerate(quarter.teams, start=1)
    ]
    return {
        "quarter": quarter,
        "figures": figures,
        "ratings": ratings,
        "questions": organisation,
        "teams": teams,
        "tables": [figures, ratings, organisation, *(table for _, table in teams)],
    }
