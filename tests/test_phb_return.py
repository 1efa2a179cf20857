"""The national quarterly return from the database, on a data set worked by hand, and its
CSV checked cell by cell.

2012-13-Q4 is 1 January to 31 March 2013; its year to date runs from 1 April 2012.

- Ash (Riverside, mental health, adult): signed off in May 2012 with notional and
  direct payment lines: in both measures, once in the total and under both options;
- Birch (Hillside, EHCP, born 14 February 1995): third party from June 2012: in both,
  and 18 within the quarter, so an adult at its end;
- Cedar (Hillside, wheelchair, born 2000): approved in September 2012: in both, a child;
- Dale (Riverside, NHS Continuing Healthcare): signed off in April 2012, the plan ended on
  30 November 2012: in the year to date only;
- Elm (Riverside, learning disability and autism): third party from May 2012, replaced
  on 1 February 2013 by a direct payment: in both, third party in the year only;
- Fir (adult fast track): approved on 2 April 2013, after the quarter: not counted;
- Gorse (other): returned in July 2012, never in force: not counted;
- Hazel (mental health): signed off in March 2013 to start on 15 April 2013: not counted;
- Ivy (another organisation's team): signed off in May 2012: not in Northshire's return.
"""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from careplans.models import (
    CarePlan,
    CarePlanVersion,
    Decision,
    PlanStatus,
    SpendingLine,
)
from participants.models import Participant
from reports.core.phb_return import Measure, Split, parse_quarter
from reports.phb_return import people_behind, phb_return
from reports.phb_return_csv import HEADER, return_filename, return_rows
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

Q4 = parse_quarter("2012-13-Q4")
YTD, END = Measure.YEAR_TO_DATE, Measure.QUARTER_END
KIND_STATUS = {
    Decision.Kind.SIGN_OFF: PlanStatus.SIGNED_OFF,
    Decision.Kind.APPROVE: PlanStatus.APPROVED,
    Decision.Kind.RETURN: PlanStatus.RETURNED,
}


def at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def decided(
    person,
    by,
    *,
    on: date,
    routes: tuple[str, ...] = ("notional",),
    kind: str = Decision.Kind.SIGN_OFF,
    start: date | None = None,
    plan: CarePlan | None = None,
) -> CarePlanVersion:
    """A version of the person's plan (a new plan unless given) with a line for each funding
    route, decided on ``on``."""
    plan = plan or CarePlan.objects.create(participant=person, created_by=by)
    version = CarePlanVersion.objects.create(
        plan=plan,
        number=plan.versions.count() + 1,
        drafted_by=by,
        last_edited_by=by,
        start_date=start,
    )
    for route in routes:
        SpendingLine.objects.create(
            version=version,
            kind=SpendingLine.Kind.PURCHASE,
            description=f"Support ({route})",
            unit_cost=Decimal("100.00"),
            quantity=1,
            frequency="yearly",
            funding_route=route,
        )
    CarePlanVersion.objects.filter(pk=version.pk).update(status=KIND_STATUS[kind])
    decision = Decision.objects.create(version=version, kind=kind, decided_by=by)
    Decision.objects.filter(pk=decision.pk).update(decided_at=at_noon(on))
    return version


@pytest.fixture
def data(people):
    """The people of the table above, by name."""
    by = people.facilitator

    def someone(name: str, team, category: str, born: date):
        return ParticipantFactory(
            team=team, given_name="Pat", family_name=name, phb_category=category, date_of_birth=born
        )

    riverside, hillside = people.team, people.other_team
    made = {
        "Ash": someone("Ash", riverside, "mental_health", date(1970, 5, 1)),
        "Birch": someone("Birch", hillside, "ehcp", date(1995, 2, 14)),
        "Cedar": someone("Cedar", hillside, "wheelchair", date(2000, 1, 1)),
        "Dale": someone("Dale", riverside, "continuing_healthcare", date(1950, 1, 1)),
        "Elm": someone("Elm", riverside, "learning_disability_autism", date(1980, 1, 1)),
        "Fir": someone("Fir", riverside, "fast_track", date(1960, 1, 1)),
        "Gorse": someone("Gorse", riverside, "other", date(1960, 1, 1)),
        "Hazel": someone("Hazel", riverside, "mental_health", date(1990, 1, 1)),
        "Ivy": someone("Ivy", people.foreign_team, "mental_health", date(1970, 1, 1)),
    }
    decided(made["Ash"], by, on=date(2012, 5, 10), routes=("notional", "direct_payment"))
    decided(made["Birch"], by, on=date(2012, 6, 1), routes=("third_party",))
    decided(made["Cedar"], by, on=date(2012, 9, 1), kind=Decision.Kind.APPROVE)
    ended = decided(made["Dale"], by, on=date(2012, 4, 20))
    CarePlan.objects.filter(pk=ended.plan_id).update(
        ended_at=timezone.make_aware(datetime.combine(date(2012, 11, 30), time(15)))
    )
    first = decided(made["Elm"], by, on=date(2012, 5, 1), routes=("third_party",))
    CarePlanVersion.objects.filter(pk=first.pk).update(status=PlanStatus.SUPERSEDED)
    decided(made["Elm"], by, on=date(2013, 2, 1), routes=("direct_payment",), plan=first.plan)
    decided(made["Fir"], by, on=date(2013, 4, 2), kind=Decision.Kind.APPROVE)
    decided(made["Gorse"], by, on=date(2012, 7, 1), kind=Decision.Kind.RETURN)
    decided(made["Hazel"], by, on=date(2013, 3, 1), start=date(2013, 4, 15))
    decided(made["Ivy"], by, on=date(2012, 5, 1))
    return made


def names(counted, measure: Measure, split: Split, key: str = "total") -> set[str]:
    ids = counted.cell(measure, split, key).people
    return set(Participant.objects.filter(pk__in=ids).values_list("family_name", flat=True))


def test_the_return_counts_the_hand_worked_people(people, data):
    counted = phb_return(people.team.organisation, Q4)

    assert names(counted, YTD, Split.TOTAL) == {"Ash", "Birch", "Cedar", "Dale", "Elm"}
    assert names(counted, END, Split.TOTAL) == {"Ash", "Birch", "Cedar", "Elm"}
    # Ash holds two options: once in the total, under both.
    assert names(counted, END, Split.OPTION, "notional") == {"Ash", "Cedar"}
    assert names(counted, END, Split.OPTION, "direct_payment") == {"Ash", "Elm"}
    assert names(counted, END, Split.OPTION, "third_party") == {"Birch"}
    # Elm's third-party budget was replaced within the year: it counts in the year only.
    assert names(counted, YTD, Split.OPTION, "third_party") == {"Birch", "Elm"}
    assert names(counted, YTD, Split.OPTION, "notional") == {"Ash", "Cedar", "Dale"}
    # Birch turned 18 on 14 February 2013: an adult at the quarter's end.
    assert names(counted, END, Split.AGE, "children") == {"Cedar"}
    assert names(counted, END, Split.AGE, "adults") == {"Ash", "Birch", "Elm"}
    assert names(counted, YTD, Split.CATEGORY, "continuing_healthcare") == {"Dale"}
    assert names(counted, END, Split.CATEGORY, "continuing_healthcare") == set()


def test_a_team_s_return_counts_only_the_people_it_holds(people, data):
    counted = phb_return(people.team.organisation, Q4, team=people.other_team)
    assert names(counted, YTD, Split.TOTAL) == {"Birch", "Cedar"}


def test_another_organisation_s_return_counts_only_its_own(people, data):
    counted = phb_return(people.foreign_team.organisation, Q4)
    assert names(counted, YTD, Split.TOTAL) == {"Ivy"}
    assert names(counted, END, Split.TOTAL) == {"Ivy"}


def test_the_quarter_before_counts_what_was_in_force_then(people, data):
    counted = phb_return(people.team.organisation, parse_quarter("2012-13-Q3"))
    assert names(counted, END, Split.TOTAL) == {"Ash", "Birch", "Cedar", "Elm"}
    assert names(counted, END, Split.OPTION, "third_party") == {"Birch", "Elm"}
    assert names(counted, END, Split.AGE, "children") == {"Birch", "Cedar"}  # Birch is 17


def test_the_queries_do_not_grow_with_the_people(people, data, django_assert_num_queries):
    organisation = people.team.organisation
    with django_assert_num_queries(1):
        phb_return(organisation, Q4)
    for number in range(5):
        someone = ParticipantFactory(team=people.team)
        decided(someone, people.facilitator, on=date(2012, 6, 1 + number), routes=("notional",))
    with django_assert_num_queries(1):
        counted = phb_return(organisation, Q4)
    assert counted.count(END, Split.TOTAL) == 9
    with django_assert_num_queries(2):
        people_behind(organisation, Q4)


def test_the_people_behind_each_count_in_the_return_s_order(people, data):
    behind = people_behind(people.team.organisation, Q4)
    assert [(b.cell.measure, b.cell.split, b.cell.key) for b in behind][:4] == [
        (YTD, Split.TOTAL, "total"),
        (YTD, Split.OPTION, "notional"),
        (YTD, Split.OPTION, "third_party"),
        (YTD, Split.OPTION, "direct_payment"),
    ]
    shown = {(b.cell.measure, b.cell.key): [p.family_name for p in b.people] for b in behind}
    assert shown[(YTD, "total")] == ["Ash", "Birch", "Cedar", "Dale", "Elm"]
    assert shown[(END, "direct_payment")] == ["Ash", "Elm"]
    assert shown[(END, "adults")] == ["Ash", "Birch", "Elm"]
    assert shown[(END, "fast_track")] == []
    assert all(len(b.people) == b.cell.count for b in behind)


# -- The CSV, cell by cell ----------------------------------------------------------------------

YEAR = "In force at any time in the year to date"
QUARTER_END = "In force at the quarter’s end"
# (measure, breakdown by, breakdown, count): the organisation's own return.
EXPECTED = [
    (YEAR, "All people", "Total", 5),
    (YEAR, "Management option", "Notional", 3),
    (YEAR, "Management option", "Third party", 2),
    (YEAR, "Management option", "Direct payment", 2),
    (YEAR, "PHB category", "NHS Continuing Healthcare", 1),
    (YEAR, "PHB category", "Adult fast track", 0),
    (YEAR, "PHB category", "Personal wheelchair budget", 1),
    (YEAR, "PHB category", "Children’s education, health and care plan", 1),
    (YEAR, "PHB category", "Learning disability and autism", 1),
    (YEAR, "PHB category", "Mental health, including section 117 aftercare", 1),
    (YEAR, "PHB category", "Other", 0),
    (YEAR, "Age at the quarter’s end", "Adults", 4),
    (YEAR, "Age at the quarter’s end", "Children and young people", 1),
    (QUARTER_END, "All people", "Total", 4),
    (QUARTER_END, "Management option", "Notional", 2),
    (QUARTER_END, "Management option", "Third party", 1),
    (QUARTER_END, "Management option", "Direct payment", 2),
    (QUARTER_END, "PHB category", "NHS Continuing Healthcare", 0),
    (QUARTER_END, "PHB category", "Adult fast track", 0),
    (QUARTER_END, "PHB category", "Personal wheelchair budget", 1),
    (QUARTER_END, "PHB category", "Children’s education, health and care plan", 1),
    (QUARTER_END, "PHB category", "Learning disability and autism", 1),
    (QUARTER_END, "PHB category", "Mental health, including section 117 aftercare", 1),
    (QUARTER_END, "PHB category", "Other", 0),
    (QUARTER_END, "Age at the quarter’s end", "Adults", 3),
    (QUARTER_END, "Age at the quarter’s end", "Children and young people", 1),
]


def test_the_csv_has_a_row_per_count_in_the_return_s_layout(people, data):
    organisation = people.team.organisation
    rows = return_rows(organisation, phb_return(organisation, Q4))
    assert (
        rows[0]
        == [
            "Organisation",
            "Team",
            "Quarter",
            "Measure",
            "Breakdown by",
            "Breakdown",
            "Count",
        ]
        == list(HEADER)
    )
    assert rows[1:] == [
        ["Northshire ICB", "All teams", "2012-13-Q4", measure, by, breakdown, count]
        for measure, by, breakdown, count in EXPECTED
    ]


def test_the_csv_for_publication_hides_counts_of_1_to_7(people, data):
    organisation = people.team.organisation
    rows = return_rows(organisation, phb_return(organisation, Q4), for_publication=True)
    assert [row[-1] for row in rows[1:]] == [
        # year to date
        *("*", "*", "*", "*"),
        *("*", "0", "*", "*", "*", "*", "0"),
        *("*", "*"),
        # quarter's end
        *("*", "*", "*", "*"),
        *("0", "0", "*", "*", "*", "*", "0"),
        *("*", "*"),
    ]
    assert [row[:-1] for row in rows] == [
        row[:-1] for row in return_rows(organisation, phb_return(organisation, Q4))
    ]


def test_eight_or_more_are_published_as_they_are(people, data):
    for number in range(8):
        someone = ParticipantFactory(team=people.team, phb_category="wheelchair")
        decided(someone, people.facilitator, on=date(2012, 6, 1 + number))
    organisation = people.team.organisation
    rows = return_rows(organisation, phb_return(organisation, Q4), for_publication=True)
    published = {(row[3], row[5]): row[6] for row in rows[1:]}
    assert published[(QUARTER_END, "Total")] == "12"
    assert published[(QUARTER_END, "Personal wheelchair budget")] == "9"
    assert published[(QUARTER_END, "Notional")] == "10"
    assert published[(QUARTER_END, "Third party")] == "*"


def test_a_team_s_csv_names_the_team(people, data):
    organisation = people.team.organisation
    counted = phb_return(organisation, Q4, team=people.other_team)
    rows = return_rows(organisation, counted, team=people.other_team)
    assert {tuple(row[:3]) for row in rows[1:]} == {
        ("Northshire ICB", "Hillside CMHT", "2012-13-Q4")
    }


def test_the_csv_is_named_for_the_return_and_its_quarter():
    assert return_filename(Q4) == "phb-return-2012-13-Q4.csv"
    assert return_filename(Q4, for_publication=True) == "phb-return-2012-13-Q4-for-publication.csv"
