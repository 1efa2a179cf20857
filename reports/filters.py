"""What every report is asked for: a financial year or a quarter, and optionally a team, a
care cluster and how the budget is managed. One form reads them for the pages and the API,
and gives the scope the reports read from: the people and plans of the user's
organisation that match."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from careplans.choices import ManagementOption
from careplans.models import CarePlanVersion
from common.forms import NHSUKFormMixin
from costing.core.years import FinancialYear
from costing.models import Cluster, TariffPrice
from participants.models import Participant
from people.access import caseload_scope, teams_visible_to
from people.models import Team, User
from reports.core.periods import QUARTER_NAMES, Period, PeriodError


@dataclass(frozen=True)
class ReportScope:
    """Who asks, for which period, and which of their organisation's people."""

    user: User
    period: Period
    team: Team | None = None
    cluster: Cluster | None = None
    management_option: str = ""
    today: date | None = None

    @property
    def start(self) -> date:
        return self.period.first_day

    @property
    def end(self) -> date:
        return self.period.last_day

    @property
    def team_ids(self) -> tuple[int, ...]:
        """The ids of the teams in scope: the user's organisation's, or the one asked for
        (a small query each time, so that a report's queries are the same every time).
        The reports filter people by these numbers rather than by a subquery of people or
        of teams, which PostgreSQL misjudged and checked person by person."""
        teams = Team.objects.filter(caseload_scope(self.user, team_path=""))
        if self.team is not None:
            teams = teams.filter(pk=self.team.pk)
        return tuple(teams.values_list("pk", flat=True))

    def people(self, path: str = "plan__participant__") -> Q:
        """A filter for the people in scope, from a model ``path`` leads to them by."""
        people = Q(**{f"{path}team_id__in": self.team_ids})
        if self.cluster is not None:
            people &= Q(**{f"{path}cluster": self.cluster})
        return people

    def participants(self) -> QuerySet[Participant]:
        return Participant.objects.filter(self.people(path=""))

    def versions(
        self, versions: QuerySet[CarePlanVersion] | None = None
    ) -> QuerySet[CarePlanVersion]:
        """Versions (all of them, or those given) of the people in scope, of the management
        option asked for."""
        versions = CarePlanVersion.objects.all() if versions is None else versions
        versions = versions.filter(self.people())
        if self.management_option:
            versions = versions.filter(management_option=self.management_option)
        return versions

    def describe(self) -> dict[str, str]:
        """The filters as the API echoes them."""
        return {
            "period": self.period.label,
            "team": self.team.name if self.team else "",
            "cluster": str(self.cluster.number) if self.cluster else "",
            "management_option": self.management_option,
        }


def report_years(today: date) -> list[FinancialYear]:
    """The years a report can be asked for, newest first: from the first year the service
    has a tariff price for, to this one."""
    first = TariffPrice.objects.aggregate(first=Min("valid_from"))["first"]
    current = FinancialYear.of(today)
    start = FinancialYear.of(first) if first else current
    years = [FinancialYear(y) for y in range(start.start_year, current.start_year + 1)]
    return list(reversed(years))


QUARTER_NAMES_BY_TEXT = {str(q): name for q, name in QUARTER_NAMES.items()}


class ReportFilterForm(NHSUKFormMixin, forms.Form):
    year = forms.CharField(label="Financial year", required=False, widget=forms.Select)
    quarter = forms.CharField(
        label="Quarter",
        required=False,
        widget=forms.Select(
            choices=[("", "The whole year")]
            + [(str(q), f"Q{q} ({name})") for q, name in QUARTER_NAMES.items()]
        ),
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        required=False,
        empty_label="All teams",
        error_messages={"invalid_choice": "Choose a team from the list"},
    )
    cluster = forms.ModelChoiceField(
        label="Care cluster",
        queryset=Cluster.objects.order_by("number"),
        to_field_name="number",
        required=False,
        empty_label="All clusters",
        error_messages={"invalid_choice": "Choose a care cluster from the list"},
    )
    management_option = forms.ChoiceField(
        label="How the budget is managed",
        choices=[("", "Every way"), *ManagementOption.choices],
        required=False,
        error_messages={"invalid_choice": "Choose how the budget is managed from the list"},
    )

    def __init__(self, *args, user: User, today: date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.today = user, today
        self.fields["team"].queryset = teams_visible_to(user)
        self.fields["team"].label_from_instance = lambda team: team.name
        self.fields["cluster"].label_from_instance = lambda c: f"{c.number} – {c.name}"
        self.years = report_years(today)
        self.fields["year"].widget.choices = [(year.label, year.label) for year in self.years]

    def _offer(self, year: FinancialYear) -> None:
        """A year asked for by its address, outside the usual list: shown chosen."""
        self.years = sorted({*self.years, year}, reverse=True)
        self.fields["year"].widget.choices = [(y.label, y.label) for y in self.years]

    def clean(self):
        cleaned = super().clean()
        year, quarter = cleaned.get("year") or "", cleaned.get("quarter") or ""
        field = "quarter" if "-" in quarter else "year"
        try:
            if "-" in quarter:
                period = Period.parse(quarter)
                if period.quarter is None:
                    raise PeriodError("Give a quarter such as 2012-13-Q4")
                if year and year != period.year.label:
                    raise PeriodError(f"{quarter} is not a quarter of {year}")
            else:
                base = Period.parse(year) if year else Period(FinancialYear.of(self.today))
                if base.year not in self.years:
                    self._offer(base.year)
                if base.quarter is not None:
                    raise PeriodError("Give the financial year such as 2012-13")
                if quarter and quarter not in QUARTER_NAMES_BY_TEXT:
                    field = "quarter"
                    raise PeriodError("Choose a quarter from the list, or the whole year")
                period = Period(base.year, int(quarter)) if quarter else base
        except PeriodError as error:
            self.add_error(field, str(error))
            return cleaned
        cleaned["period"] = period
        return cleaned

    def scope(self) -> ReportScope:
        data = self.cleaned_data
        return ReportScope(
            user=self.user,
            period=data["period"],
            team=data.get("team"),
            cluster=data.get("cluster"),
            management_option=data.get("management_option") or "",
            today=self.today,
        )


def scope_from(params, user: User) -> tuple[ReportScope | None, ReportFilterForm]:
    """The scope a page's or call's query asks for, or None and the form with its errors."""
    today = timezone.localdate()
    form = ReportFilterForm(params, user=user, today=today)
    if not form.is_valid():
        return None, form
    return form.scope(), form
