"""The reviews report, on a small hand-worked set: reviews on time against the date each
was due, the plans held more than 12 months reviewed within 12 months, the reviews
overdue by team and the progress recorded on outcomes; and the due date a review keeps."""

import csv
import importlib
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from careplans.models import CarePlan, CarePlanVersion, Decision, Outcome, PlanStatus
from reports.core.periods import Period
from reports.filters import ReportScope
from reports.sections.reviews import reviews_report
from reviews import services
from reviews.models import OutcomeProgress, Review
from tests.approved_plans import at_noon
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

YEAR = "2024-25"
TODAY = date(2025, 6, 2)


def approved(people, team, on: date, *, outcomes=(), review_due=None, option="notional"):
    """A new person's plan, version 1 signed off at noon on ``on``, with an outcome of each
    of the categories ``outcomes``; the next review due on ``review_due``."""
    by = people.facilitator
    plan = CarePlan.objects.create(
        participant=ParticipantFactory(team=team), created_by=by, review_due=review_due
    )
    version = CarePlanVersion.objects.create(
        plan=plan, number=1, drafted_by=by, last_edited_by=by, management_option=option
    )
    for position, category in enumerate(outcomes):
        Outcome.objects.create(
            version=version, position=position, in_their_words="To do it", category=category
        )
    CarePlanVersion.objects.filter(pk=version.pk).update(
        status=PlanStatus.SIGNED_OFF,
        route="facilitator",
        submitted_at=at_noon(on),
        submitted_total=Decimal("4800.00"),
        submitted_indicative=Decimal("4800.00"),
    )
    decision = Decision.objects.create(version=version, kind="sign_off", decided_by=by)
    Decision.objects.filter(pk=decision.pk).update(decided_at=at_noon(on))
    return version


def reviewed(people, version, held_on: date, due_on: date | None, ratings=()) -> Review:
    """A review held on ``held_on`` (due on ``due_on``), rating the outcomes in order."""
    review = Review.objects.create(
        plan=version.plan,
        version=version,
        held_on=held_on,
        due_on=due_on,
        attendees="The person and their coordinator",
        decision=Review.Decision.CONTINUE,
        recorded_by=people.coordinator,
    )
    OutcomeProgress.objects.bulk_create(
        OutcomeProgress(review=review, outcome=outcome, rating=rating)
        for outcome, rating in zip(version.outcomes.all(), ratings, strict=True)
    )
    return review


@pytest.fixture
def plans(people):
    """Riverside (R) and Hillside (H), the year 2024-25, measured on 31 March 2025 (12
    months before: 31 March 2024), today 2 June 2025:

    - R1 approved 1 Jun 2023; reviewed 1 Sep 2023 (on time) and 20 Aug 2024 (on time,
      rated 4 and 5); held > 12 months, reviewed within 12.
    - R2 approved 1 May 2023; reviewed 15 Aug 2023 (late), due again 15 Aug 2024: held, not
      reviewed within 12 months; overdue 291 days.
    - H3 approved 1 Apr 2023; reviewed 10 May 2024, 10 days late (rated 2); held, reviewed;
      due again 10 May 2025: overdue 23 days.
    - R4 (a direct payment) approved 1 Jun 2024; reviewed 1 Sep 2024, the day it was due
      (rated 3 and 4); not held 12 months.
    - H5 approved 1 Jul 2024; reviewed 1 Oct 2024, due date not known (rated 5).
    - R6 approved 1 Jan 2023, ended 1 Dec 2024, due 1 Jan 2024: neither held nor overdue.
    - R8 approved 29 Mar 2024, reviewed 31 Mar 2024 (exactly 12 months before): counted.
    - R9 approved 29 Mar 2024, reviewed 30 Mar 2024 (a day too early): not counted.
    - Another organisation's plan, overdue and never reviewed: not counted anywhere.
    """
    r, h = people.team, people.other_team
    r1 = approved(
        people,
        r,
        date(2023, 6, 1),
        outcomes=("socialisation", "employment"),
        review_due=date(2025, 8, 20),
    )
    reviewed(people, r1, date(2023, 9, 1), date(2023, 9, 1), ratings=(2, 2))
    reviewed(people, r1, date(2024, 8, 20), date(2024, 9, 1), ratings=(4, 5))
    r2 = approved(
        people, r, date(2023, 5, 1), outcomes=("independence",), review_due=date(2024, 8, 15)
    )
    reviewed(people, r2, date(2023, 8, 15), date(2023, 8, 1), ratings=(1,))
    h3 = approved(
        people, h, date(2023, 4, 1), outcomes=("socialisation",), review_due=date(2025, 5, 10)
    )
    reviewed(people, h3, date(2024, 5, 10), date(2024, 4, 30), ratings=(2,))
    r4 = approved(
        people,
        r,
        date(2024, 6, 1),
        outcomes=("employment", "confidence"),
        review_due=date(2025, 9, 1),
        option="direct_payment",
    )
    reviewed(people, r4, date(2024, 9, 1), date(2024, 9, 1), ratings=(3, 4))
    h5 = approved(
        people, h, date(2024, 7, 1), outcomes=("confidence",), review_due=date(2025, 10, 1)
    )
    reviewed(people, h5, date(2024, 10, 1), None, ratings=(5,))
    r6 = approved(people, r, date(2023, 1, 1), review_due=date(2024, 1, 1))
    CarePlan.objects.filter(pk=r6.plan_id).update(ended_at=at_noon(date(2024, 12, 1)))
    r8 = approved(people, r, date(2024, 3, 29), review_due=date(2025, 6, 30))
    reviewed(people, r8, date(2024, 3, 31), date(2024, 6, 29))
    r9 = approved(people, r, date(2024, 3, 29), review_due=date(2025, 6, 30))
    reviewed(people, r9, date(2024, 3, 30), date(2024, 6, 29))
    approved(people, people.foreign_team, date(2023, 1, 1), review_due=date(2024, 1, 1))
    return {"r1": r1, "r2": r2, "h3": h3, "r4": r4}


def report(people, *, today=TODAY, option="", team=None):
    scope = ReportScope(
        user=people.commissioner,
        period=Period.parse(YEAR),
        team=team,
        management_option=option,
        today=today,
    )
    return reviews_report(scope)


def rows(table, key: str = "team") -> dict:
    return {row[key]: row for row in (*table.rows, *table.footer)}


def figures(row: dict, *keys: str) -> tuple:
    return tuple(row[key] for key in keys)


def test_reviews_on_time_against_the_date_each_was_due(people, plans):
    result = report(people)
    by_team = rows(result.table("on_time"))
    keys = ("reviews", "on_time", "late", "not_known", "share")
    assert figures(by_team["Riverside CMHT"], *keys) == (2, 2, 0, 0, 100)
    assert figures(by_team["Hillside CMHT"], *keys) == (2, 0, 1, 1, 0)
    assert figures(by_team["All teams"], *keys)[:4] == (4, 2, 1, 1)
    assert str(by_team["All teams"]["share"]) == "66.7"
    assert ("Reviews on time", "66.7%") in result.summary


def test_plans_held_more_than_12_months_reviewed_within_12(people, plans):
    result = report(people)
    table = result.table("twelve_months")
    by_team = rows(table)
    assert figures(by_team["Riverside CMHT"], "held", "reviewed", "share") == (4, 2, 50)
    assert figures(by_team["Hillside CMHT"], "held", "reviewed", "share") == (1, 1, 100)
    assert figures(by_team["All teams"], "held", "reviewed", "share") == (5, 3, 60)
    assert "31 Mar 2025" in table.caption
    assert ("Reviewed within 12 months", "60.0%") in result.summary


def test_the_12_month_measure_is_taken_today_if_the_period_has_not_ended(people, plans):
    # On 1 March 2025: R8 and R9 are not yet 12 months old; R1 and H3 were reviewed since
    # 1 March 2024, R2 not.
    table = report(people, today=date(2025, 3, 1)).table("twelve_months")
    assert figures(rows(table)["All teams"], "held", "reviewed") == (3, 2)
    assert "1 Mar 2025" in table.caption


def test_overdue_reviews_by_team(people, plans):
    result = report(people)
    by_team = rows(result.table("overdue"))
    assert set(by_team) == {"Riverside CMHT", "Hillside CMHT", "All teams"}
    assert figures(by_team["Riverside CMHT"], "overdue", "longest") == (1, 291)
    assert figures(by_team["Hillside CMHT"], "overdue", "longest") == (1, 23)
    assert figures(by_team["All teams"], "overdue", "longest") == (2, 291)
    assert ("Reviews overdue", "2") in result.summary
    # The same plans as the overdue list the commissioner works from.
    listed = services.overdue_reviews(people.commissioner, TODAY)
    assert {plan.pk for plan in listed} == {plans["r2"].plan_id, plans["h3"].plan_id}


def test_progress_recorded_at_reviews_of_the_period(people, plans):
    result = report(people)
    by_rating = rows(result.table("progress"), "rating")
    assert [by_rating[name]["ratings"] for name in by_rating] == [0, 1, 1, 2, 2, 6]
    assert list(by_rating)[:2] == ["1: Further away", "2: No change yet"]
    assert str(by_rating["4: Good progress"]["share"]) == "33.3"
    by_category = rows(result.table("progress_by_category"), "category")
    assert figures(by_category["Improve confidence and self-esteem"], "ratings", "good") == (2, 2)
    assert figures(by_category["Gain employment or return to work"], "ratings", "good") == (2, 1)
    assert figures(by_category["Improve socialisation"], "ratings", "good", "share") == (2, 1, 50)


def test_the_queries_do_not_grow_with_the_data(people, plans):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            report(people)
        return len(captured)

    before = queries()
    for team in (people.team, people.other_team):
        late = approved(
            people, team, date(2023, 2, 1), outcomes=("pain",), review_due=date(2024, 2, 1)
        )
        reviewed(people, late, date(2024, 6, 3), date(2024, 2, 1), ratings=(3,))
    assert queries() == before


def test_filters_narrow_the_count(people, plans):
    direct = report(people, option="direct_payment")
    assert figures(rows(direct.table("on_time"))["All teams"], "reviews", "on_time") == (1, 1)
    assert [row["ratings"] for row in direct.table("progress").rows] == [0, 0, 1, 1, 0]
    assert direct.table("overdue").rows == ()
    hillside = report(people, team=people.other_team)
    assert [row["team"] for row in hillside.table("overdue").rows] == ["Hillside CMHT"]


def test_nothing_to_count(people):
    result = report(people)
    assert result.table("on_time").rows == result.table("twelve_months").rows == ()
    assert result.summary == (
        ("Reviews overdue", "0"),
        ("Reviewed within 12 months", "–"),
        ("Reviews on time", "–"),
    )


def test_a_review_keeps_the_date_it_was_due(api, people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    version = signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)
    due = timezone.localdate() + timedelta(days=20)
    CarePlan.objects.filter(pk=version.plan_id).update(review_due=due)
    review = services.review_record(
        user=people.coordinator,
        plan=version.plan,
        held_on=timezone.localdate(),
        attendees="Ann and Cara",
        progress=[services.Progress(outcome, 4) for outcome in version.outcomes.all()],
        decision=Review.Decision.CONTINUE,
    )
    review.refresh_from_db()
    assert review.due_on == due
    assert CarePlan.objects.get(pk=version.plan_id).review_due != due
    api.force_authenticate(people.coordinator)
    assert api.get(f"/api/v1/reviews/{review.pk}/").json()["due_on"] == due.isoformat()


def test_reviews_recorded_before_get_the_date_they_were_due(people):
    fill = importlib.import_module("reviews.migrations.0004_fill_review_due_on").fill_due_on
    version = approved(people, people.team, date(2024, 1, 10))
    plan = version.plan
    plan.review_due = date(2024, 4, 10)
    plan.save()  # the plan's history keeps each date it was due
    first = reviewed(people, version, date(2024, 4, 2), None)
    plan.review_due = date(2025, 4, 2)
    plan.save()
    second = reviewed(people, version, date(2025, 3, 20), None)
    plan.review_due = date(2026, 3, 20)
    plan.save()
    # A plan whose history is lost: the date the review before set, if there was one.
    lost = approved(people, people.team, date(2024, 1, 10))
    lost.plan.history.all().delete()
    third = reviewed(people, lost, date(2024, 4, 1), None)
    Review.objects.filter(pk=third.pk).update(next_review_due=date(2025, 4, 1))
    fourth = reviewed(people, lost, date(2025, 3, 3), None)
    fill(apps, None)
    found = dict(Review.objects.values_list("pk", "due_on"))
    assert found[first.pk] == date(2024, 4, 10)
    assert found[second.pk] == date(2025, 4, 2)
    assert found[third.pk] is None
    assert found[fourth.pk] == date(2025, 4, 1)


def test_the_page_and_the_api_give_the_same_figures(client, api, people, plans):
    client.force_login(people.commissioner)
    page = client.get(f"/reports/reviews/?year={YEAR}")
    assert page.status_code == 200
    text = page.content.decode()
    for figure in ("Reviewed within 12 months", "60.0%", "Reviews on time", "66.7%", "<svg"):
        assert figure in text
    page_csv = client.get(f"/reports/reviews/?year={YEAR}&csv=twelve_months")
    page_cells = list(csv.reader(io.StringIO(page_csv.content.decode("utf-8-sig"))))
    assert ["Riverside CMHT", "4", "2", "50.0"] in page_cells

    api.force_authenticate(people.commissioner)
    data = api.get(f"/api/v1/reports/reviews/?year={YEAR}").json()
    assert {"label": "Reviewed within 12 months", "value": "60.0%"} in data["summary"]
    tables = {table["name"]: table for table in data["tables"]}
    assert tables["twelve_months"]["footer"] == [
        {"team": "All teams", "held": 5, "reviewed": 3, "share": "60.0"}
    ]
    answer = api.get(f"/api/v1/reports/reviews/?year={YEAR}&format=csv&table=on_time")
    cells = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert cells[0] == ["Team", "Reviews", "On time", "Late", "Due date not known", "Share on time"]
    assert cells[1:] == [
        ["Hillside CMHT", "2", "0", "1", "1", "0.0"],
        ["Riverside CMHT", "2", "2", "0", "0", "100.0"],
        ["All teams", "4", "2", "1", "1", "66.7"],
    ]


def test_only_a_commissioner_sees_it(client, api, people):
    client.force_login(people.facilitator)
    assert client.get(f"/reports/reviews/?year={YEAR}").status_code == 404
    api.force_authenticate(people.coordinator)
    assert api.get(f"/api/v1/reports/reviews/?year={YEAR}").status_code == 403
