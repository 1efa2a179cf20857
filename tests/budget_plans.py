"""Plans for the reports' tests, straight into the database (as ``tests.approved_plans``):
approved budgets of a given total, cluster and management option, and plans that wait, are
drafts or were returned; and one hand-worked set of them for the budgets report."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from careplans.models import CarePlan, CarePlanVersion, Decision, PlanStatus
from costing.models import Cluster
from people.models import Team, User
from tests.approved_plans import approved_again, approved_plan, at_noon
from tests.factories import ParticipantFactory


def budget(
    team: Team,
    by: User,
    *,
    on: date,
    total: str,
    option: str = "notional",
    cluster: int | None = None,
    over_limit: bool = False,
    indicative: str | None = None,
) -> CarePlanVersion:
    """A person of ``team`` (in care cluster ``cluster``) whose plan's version 1, of
    ``total`` a year (against an indicative budget of ``indicative``), was decided on
    ``on``."""
    version = approved_plan(team, by, on=on, over_limit=over_limit, management_option=option)
    CarePlanVersion.objects.filter(pk=version.pk).update(
        submitted_total=Decimal(total),
        submitted_indicative=None if indicative is None else Decimal(indicative),
    )
    if cluster is not None:
        person = version.plan.participant
        person.cluster = Cluster.objects.get(number=cluster)
        person.save(update_fields=["cluster"])
    version.refresh_from_db()
    return version


def budget_again(version: CarePlanVersion, by: User, *, on: date, total: str) -> CarePlanVersion:
    """The plan's next version, of ``total`` a year, signed off on ``on``."""
    again = approved_again(version, by, on=on)
    CarePlanVersion.objects.filter(pk=again.pk).update(submitted_total=Decimal(total))
    again.refresh_from_db()
    return again


def ended(version: CarePlanVersion, *, on: date) -> None:
    CarePlan.objects.filter(pk=version.plan_id).update(ended_at=at_noon(on))


def undecided_plan(
    team: Team,
    by: User,
    *,
    status: str,
    total: str | None = None,
    submitted_on: date | None = None,
    route: str = "facilitator",
) -> CarePlanVersion:
    """A person of ``team`` whose plan's only version is a draft, waits for a decision
    (submitted on ``submitted_on``) or was returned."""
    person = ParticipantFactory(team=team)
    plan = CarePlan.objects.create(participant=person, created_by=by)
    version = CarePlanVersion.objects.create(
        plan=plan, number=1, drafted_by=by, last_edited_by=by, route=route
    )
    submitted_at = at_noon(submitted_on) if submitted_on else timezone.now()
    CarePlanVersion.objects.filter(pk=version.pk).update(
        status=status,
        submitted_total=None if total is None else Decimal(total),
        submitted_at=None if status == PlanStatus.DRAFT else submitted_at,
        submitted_by=None if status == PlanStatus.DRAFT else by,
    )
    if status == PlanStatus.RETURNED:
        Decision.objects.create(
            version=version, kind=Decision.Kind.RETURN, decided_by=by, reason="Too vague."
        )
    version.refresh_from_db()
    return version


@dataclass
class Budgets:
    """The hand-worked set (see ``budgets_in_2012_13``)."""

    riverside_notional: CarePlanVersion
    riverside_direct: CarePlanVersion
    riverside_third_party: CarePlanVersion
    hillside_ended: CarePlanVersion
    hillside_first: CarePlanVersion
    hillside_second: CarePlanVersion


def budgets_in_2012_13(people) -> Budgets:
    """Five budgets in force in 2012-13 (£17,300.00 in all), and plans that are not:

    | plan | team | cluster | managed | a year | decided | in force in 2012-13 |
    | --- | --- | --- | --- | --- | --- | --- |
    | 1 | Riverside | 4 | notional | £4,800 | 1 May 2012 | yes |
    | 2 | Riverside | 4 | direct payment | £3,000 | 1 Jun 2012 | yes |
    | 3 | Riverside | 11 | third party | £6,000 | 2 Jan 2013 (approved) | yes, Q4 |
    | 4 | Hillside | none | notional | £2,000 | 10 Oct 2012, ended 1 Dec 2012 | yes, Q3 |
    | 5 | Hillside | 11 | notional | £1,000, then £1,500 | 2 Apr 2012, 3 Sep 2012 | £1,500 |
    | 6 | Riverside | 4 | notional | £9,000 | 1 Apr 2013 | no: next year |
    | 7 | Riverside | none | notional | £8,000 | 3 Jan 2012, ended 15 Mar 2012 | no |
    | 8 | Seaview (elsewhere) | 4 | notional | £9,999 | 1 May 2012 | never counted |

    and, today, one plan waiting (Riverside, £2,500), one returned (Riverside, £700) and
    one draft (Hillside)."""
    by, river, hill = people.facilitator, people.team, people.other_team
    made = Budgets(
        riverside_notional=budget(river, by, on=date(2012, 5, 1), total="4800.00", cluster=4),
        riverside_direct=budget(
            river, by, on=date(2012, 6, 1), total="3000.00", option="direct_payment", cluster=4
        ),
        riverside_third_party=budget(
            river,
            by,
            on=date(2013, 1, 2),
            total="6000.00",
            option="third_party",
            cluster=11,
            over_limit=True,
        ),
        hillside_ended=budget(hill, by, on=date(2012, 10, 10), total="2000.00"),
        hillside_first=budget(hill, by, on=date(2012, 4, 2), total="1000.00", cluster=11),
        hillside_second=None,  # set below
    )
    ended(made.hillside_ended, on=date(2012, 12, 1))
    made.hillside_second = budget_again(
        made.hillside_first, by, on=date(2012, 9, 3), total="1500.00"
    )
    budget(river, by, on=date(2013, 4, 1), total="9000.00", cluster=4)
    before = budget(river, by, on=date(2012, 1, 3), total="8000.00")
    ended(before, on=date(2012, 3, 15))
    budget(people.foreign_team, by, on=date(2012, 5, 1), total="9999.00", cluster=4)
    undecided_plan(river, by, status=PlanStatus.SUBMITTED, total="2500.00")
    undecided_plan(river, by, status=PlanStatus.RETURNED, total="700.00")
    undecided_plan(hill, by, status=PlanStatus.DRAFT)
    return made
