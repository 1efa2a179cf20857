"""Reviews: when they fall due, what they record, what they decide, and what is overdue."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from careplans.models import CarePlan, PlanStatus
from costing.core.schedule import add_months
from costing.core.years import FinancialYear
from costing.models import Cluster
from reviews import services
from reviews.models import Review
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(team=people.team, care_coordinator=people.coordinator)


@pytest.fixture
def version(people, person, pilot_tariffs):
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)


def record(people, version, **changes):
    outcomes = list(version.outcomes.all())
    lines = list(version.lines.all())
    values = {
        "held_on": timezone.localdate(),
        "attendees": "Ann, her sister, Cara (care coordinator)",
        "what_is_working": "The gym; the personal assistant",
        "what_is_not_working": "Respite was hard to book",
        "progress": [services.Progress(o, 4, "Goes twice a week") for o in outcomes],
        "spending": [services.Spent(line, "100.00") for line in lines],
        "decision": Review.Decision.CONTINUE,
        **changes,
    }
    return services.review_record(user=people.coordinator, plan=version.plan, **values)


def test_sign_off_sets_the_first_review_within_3_months(version):
    version.plan.refresh_from_db()
    assert version.plan.review_due == add_months(timezone.localdate(), 3)
    assert version.plan.review_due_rule == "within 3 months of approval"


def test_psychotic_crisis_is_reviewed_within_4_weeks(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, cluster=Cluster.objects.get(number=14))
    version = signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention)
    version.plan.refresh_from_db()
    assert version.plan.review_due == timezone.localdate() + timedelta(weeks=4)
    assert version.plan.review_due_rule == "cluster 14: at most 4 weeks"


def test_a_review_sets_the_next_within_12_months(people, version):
    review = record(people, version, held_on=timezone.localdate() - timedelta(days=1))
    plan = CarePlan.objects.get(pk=version.plan_id)
    assert plan.review_due == add_months(review.held_on, 12)
    assert review.next_review_rule == plan.review_due_rule == "within 12 months of the last review"
    assert [p.rating for p in review.progress.all()] == [4]
    planned = {s.line.description: s.planned for s in review.spending.all()}
    assert planned["A personal assistant for 6 hours contact per week"] == Decimal("2184.00")


def test_every_outcome_is_rated_and_spending_is_money(people, version):
    with pytest.raises(ValidationError) as error:
        record(people, version, progress=[])
    assert "progress" in error.value.message_dict
    line = version.lines.first()
    with pytest.raises(ValidationError) as error:
        record(people, version, spending=[services.Spent(line, "12.345")])
    assert "spending" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(people, version, held_on=timezone.localdate() + timedelta(days=1))
    assert "held_on" in error.value.message_dict
    assert not Review.objects.exists()


def test_a_taper_is_kept_as_a_schedule_of_budgets(people, version):
    this = FinancialYear.of(timezone.localdate())
    taper = [(this, "5000.00"), (this.next(), "4000.00"), (this.next().next(), "2000.00")]
    review = record(people, version, decision=Review.Decision.CHANGE_BUDGET, taper=taper)
    assert [(c.year, c.amount) for c in review.budget_changes.all()] == [
        (this.start_year, Decimal("5000.00")),
        (this.start_year + 1, Decimal("4000.00")),
        (this.start_year + 2, Decimal("2000.00")),
    ]
    schedule = services.budget_schedule(version.plan)
    assert [(b.year, b.amount) for b in schedule][-3:] == [
        (this.start_year, Decimal("5000.00")),
        (this.start_year + 1, Decimal("4000.00")),
        (this.start_year + 2, Decimal("2000.00")),
    ]
    assert all("Agreed at the review" in b.reason for b in schedule[-3:])


def test_a_change_of_budget_needs_the_new_budget(people, version):
    with pytest.raises(ValidationError) as error:
        record(people, version, decision=Review.Decision.CHANGE_BUDGET)
    assert "taper" in error.value.message_dict


def test_amending_opens_a_new_draft(people, version):
    record(people, version, decision=Review.Decision.AMEND)
    statuses = list(version.plan.versions.order_by("number").values_list("status", flat=True))
    assert statuses == [PlanStatus.SIGNED_OFF, PlanStatus.DRAFT]


def test_ending_the_budget_needs_a_reason_and_stops_reviews(people, version):
    with pytest.raises(ValidationError):
        record(people, version, decision=Review.Decision.END)
    record(people, version, decision=Review.Decision.END, decision_reason="Discharged, well")
    plan = CarePlan.objects.get(pk=version.plan_id)
    assert plan.ended_at is not None
    assert plan.review_due is None
    with pytest.raises(ValidationError):
        record(people, version)


def test_a_coordinator_calls_a_review(people, version):
    on = timezone.localdate() + timedelta(days=7)
    plan = services.review_call(user=people.coordinator, plan=version.plan, on=on, reason="Crisis")
    assert plan.review_due == on
    assert plan.review_due_rule.endswith(": Crisis")


def test_overdue_reviews_most_overdue_first_in_scope(people, pilot_tariffs):
    cmht = pilot_tariffs["cmht"].intervention
    today = timezone.localdate()
    plans = []
    for days, team in [(3, people.team), (30, people.team), (10, people.other_team)]:
        person = ParticipantFactory(team=team)
        version = signed_off_appendix_1(people, person, cmht) if team == people.team else None
        if version is None:
            from careplans.decisions import decide, submit
            from tests.builders import appendix_1_lines, complete_draft

            version, outcome = complete_draft(_as_team(people, people.other_team), person)
            appendix_1_lines(_as_team(people, people.other_team), version, outcome, cmht)
            submit(user=people.other_coordinator, version=version)
            decide(user=people.commissioner, version=version, kind="approve")
        CarePlan.objects.filter(pk=version.plan_id).update(review_due=today - timedelta(days=days))
        plans.append(version.plan_id)
    CarePlan.objects.filter(pk=plans[0]).update(ended_at=timezone.now())  # ended: not listed

    mine = list(services.overdue_reviews(people.coordinator).values_list("pk", flat=True))
    assert mine == [plans[1]]
    everyone = list(services.overdue_reviews(people.commissioner).values_list("pk", flat=True))
    assert everyone == [plans[1], plans[2]]
    assert list(services.overdue_reviews(people.other_coordinator)) == [
        CarePlan.objects.get(pk=plans[2])
    ]


def _as_team(people, team):
    """The ``people`` fixture, seen from another team (its coordinator writes the plan)."""
    from dataclasses import replace

    return replace(people, coordinator=people.other_coordinator)


class TestApi:
    def test_record_a_review_and_list_the_overdue(self, api, people, version):
        api.force_authenticate(people.coordinator)
        outcome = version.outcomes.get()
        line = version.lines.first()
        response = api.post(
            "/api/v1/reviews/",
            {
                "plan": version.plan_id,
                "held_on": str(timezone.localdate()),
                "attendees": "Ann and Cara",
                "progress": [{"outcome": outcome.pk, "rating": 5, "comment": "Done"}],
                "spending": [{"line": line.pk, "spent": "808.16"}],
                "decision": "change_budget",
                "taper": [
                    {"year": "2027-28", "amount": "4000.00"},
                    {"year": "2028-29", "amount": "2000.00"},
                ],
            },
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["budget_changes"] == [
            {"year": "2027-28", "amount": "4000.00"},
            {"year": "2028-29", "amount": "2000.00"},
        ]
        assert body["next_review_rule"] == "within 12 months of the last review"
        assert body["spending"][0] == {"line": line.pk, "planned": "808.16", "spent": "808.16"}

        CarePlan.objects.filter(pk=version.plan_id).update(
            review_due=timezone.localdate() - timedelta(days=5)
        )
        overdue = api.get("/api/v1/reviews/overdue/").json()["results"]
        assert [(o["id"], o["days_overdue"]) for o in overdue] == [(version.plan_id, 5)]

    def test_another_team_cannot_see_or_record(self, api, people, version):
        api.force_authenticate(people.coordinator)
        review = record(people, version)
        api.force_authenticate(people.other_coordinator)
        assert api.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
        assert api.get("/api/v1/reviews/").json()["results"] == []
        response = api.post(
            "/api/v1/reviews/",
            {
                "plan": version.plan_id,
                "held_on": "2026-01-01",
                "attendees": "x",
                "progress": [],
                "decision": "continue",
            },
        )
        assert response.status_code == 400
        assert "plan" in response.json()
        response = api.post(
            f"/api/v1/care-plans/{version.plan_id}/call-review/",
            {"on": "2030-01-01", "reason": "x"},
        )
        assert response.status_code == 404


class TestReconsideringAReducedBudget:
    def reduce(self, people, version, amount="3000.00"):
        this = FinancialYear.of(timezone.localdate())
        return record(
            people, version, decision=Review.Decision.CHANGE_BUDGET, taper=[(this, amount)]
        )

    def test_the_person_asks_and_another_commissioner_answers(self, api, people, version):
        review = self.reduce(people, version)
        plan = version.plan_id
        api.force_authenticate(people.coordinator)
        response = api.post(
            f"/api/v1/care-plans/{plan}/reconsiderations/",
            {"review": review.pk, "reasons": "The gym keeps me well"},
        )
        assert response.status_code == 201, response.json()
        asked = response.json()
        assert (asked["review"], asked["version"]) == (review.pk, None)
        api.force_authenticate(people.commissioner)
        response = api.post(
            f"/api/v1/care-plans/{plan}/reconsiderations/{asked['id']}/answer/",
            {"outcome": "upheld", "answer": "The taper stands; reviewed again in 6 months"},
        )
        assert response.status_code == 200, response.json()
        record_ = api.get(f"/api/v1/care-plans/{plan}/reconsiderations/").json()
        assert [(r["review"], r["outcome"], r["answered_by"]) for r in record_] == [
            (review.pk, "upheld", people.commissioner.username)
        ]

    def test_only_a_reduction_can_be_reconsidered(self, people, version):
        from careplans.decisions import reconsideration_request

        kept = record(people, version)
        with pytest.raises(ValidationError) as error:
            reconsideration_request(user=people.coordinator, review=kept, reasons="Please")
        assert "did not reduce the budget" in error.value.message_dict["reasons"][0]
        raised = self.reduce(people, version, "6000.00")
        with pytest.raises(ValidationError):
            reconsideration_request(user=people.coordinator, review=raised, reasons="Please")

    def test_the_plan_page_offers_it(self, client, people, version):
        review = self.reduce(people, version)
        client.force_login(people.coordinator)
        page = client.get(f"/care-plans/{version.plan_id}/")
        url = f"/care-plans/{version.plan_id}/reviews/{review.pk}/reconsider/"
        assert url in page.text
        assert "the budget was reduced" in page.text
        form = client.get(url)
        assert "£3,000.00" in form.text
        response = client.post(url, {"reasons": "I need the personal assistant"})
        assert response.status_code == 302
        assert review.reconsiderations.get().reasons == "I need the personal assistant"
        client.force_login(people.other_coordinator)
        assert client.get(url).status_code == 404
