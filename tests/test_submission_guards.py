"""What stops a plan going for a decision, on the pages and through the API: an indicative
budget of another financial year than the plan starts in, and a second plan started for a
person while one of theirs waits for a decision."""

from datetime import date

import pytest
from django.urls import reverse

from careplans import decisions, drafting
from careplans.models import CarePlan, PlanStatus
from tests.builders import GYM, add_line, complete_draft
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

YEAR_PROBLEM = (
    "The indicative budget is for 2012-13 but the plan starts on 1 April 2013 (2013-14): "
    "choose a budget for 2013-14 or change the start date"
)
WAITING = "Ann Example’s care plan is waiting for a decision: a second plan cannot be started"


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )


def with_a_line(people, person):
    version, outcome = complete_draft(people, person)
    add_line(people, version, outcome, **GYM)
    return version


def starting_a_year_later(people, person):
    version = with_a_line(people, person)
    drafting.draft_update(
        user=people.coordinator,
        version=version,
        revision=version.revision,
        start_date=date(2013, 4, 1),
        first_review_date=date(2013, 6, 28),
    )
    version.refresh_from_db()
    return version


# -- The budget's year ----------------------------------------------------------------------------


def test_a_budget_of_another_year_is_a_problem_named_in_plain_words(people, person):
    version = starting_a_year_later(people, person)
    problems = decisions.submission_problems(version)
    assert problems == {"indicative_budget": [YEAR_PROBLEM]}
    with pytest.raises(decisions.ValidationError):
        decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_a_budget_of_the_year_the_plan_starts_in_is_no_problem(people, person):
    version = with_a_line(people, person)
    drafting.draft_update(
        user=people.coordinator,
        version=version,
        revision=version.revision,
        start_date=date(2013, 3, 31),
    )
    version.refresh_from_db()
    assert decisions.submission_problems(version) == {}


def test_the_plan_page_names_the_year_problem_and_refuses_submission(client, people, person):
    version = starting_a_year_later(people, person)
    client.force_login(people.coordinator)
    page = client.get(reverse("careplans:detail", args=[version.plan_id]))
    assert YEAR_PROBLEM in page.text
    client.post(
        reverse("careplans:submit", args=[version.plan_id]),
        {"version": version.number, "revision": version.revision},
    )
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_the_api_refuses_a_budget_of_another_year_on_the_field(api, people, person):
    version = starting_a_year_later(people, person)
    api.force_authenticate(people.coordinator)
    response = api.post(f"/api/v1/care-plans/{version.plan_id}/submit/")
    assert response.status_code == 400
    assert response.json()["indicative_budget"] == [YEAR_PROBLEM]


# -- One plan waiting at a time -------------------------------------------------------------------


def waiting_plan(people, person):
    version = with_a_line(people, person)
    decisions.submit(user=people.coordinator, version=version)
    return version


def test_a_second_plan_is_not_started_while_one_waits(client, people, person):
    version = waiting_plan(people, person)
    client.force_login(people.coordinator)
    person_url = reverse("participants:detail", args=[person.pk])
    page = client.get(person_url)
    assert reverse("careplans:start", args=[person.pk]) not in page.text
    assert "Start a new care plan" not in page.text
    assert "a new care plan can be started once it is decided" in page.text
    response = client.post(reverse("careplans:start", args=[person.pk]), follow=True)
    assert response.redirect_chain[-1][0] == person_url
    assert WAITING in response.text
    assert CarePlan.objects.filter(participant=person).count() == 1
    # Once decided, a new plan may be started again.
    decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    assert reverse("careplans:start", args=[person.pk]) in client.get(person_url).text
    assert client.post(reverse("careplans:start", args=[person.pk])).status_code == 302
    assert CarePlan.objects.filter(participant=person).count() == 2


def test_the_api_refuses_a_second_plan_while_one_waits(api, people, person):
    waiting_plan(people, person)
    api.force_authenticate(people.coordinator)
    response = api.post("/api/v1/care-plans/", {"participant": person.pk})
    assert response.status_code == 400
    [message] = response.json()["participant"]
    assert message.startswith(WAITING)
    assert CarePlan.objects.filter(participant=person).count() == 1


def test_a_returned_plan_does_not_stop_a_new_one(people, person):
    version = waiting_plan(people, person)
    decisions.decide(user=people.facilitator, version=version, kind="return", reason="Redo it")
    drafting.plan_create(user=people.coordinator, participant=person)
    assert CarePlan.objects.filter(participant=person).count() == 2
