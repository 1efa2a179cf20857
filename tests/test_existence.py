"""Existence must not leak: an id sent in a body or a form that names another team's record
gets exactly the answer an id of no record at all gets."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from budgets.models import IndicativeBudget
from careplans import drafting
from careplans.models import CarePlan, Outcome, SpendingLine
from participants.models import Participant
from people.models import Role, User
from reviews import services as reviews
from reviews.models import Review
from tests.builders import complete_draft, signed_off_appendix_1
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

NO_SUCH_PERSON = "There is no such person on your caseload."
NO_SUCH_PLAN = "There is no such care plan."
NO_SUCH_OUTCOME = "There is no such outcome on this plan."
NO_SUCH_LINE = "There is no such spending line on this plan."
NO_SUCH_BUDGET = "There is no such indicative budget for this person."
NO_SUCH_COORDINATOR = "There is no such coordinator or facilitator in the person’s team."
NO_SUCH_REVIEW = "There is no such review of this plan."


def _reviewed(team_people, person, cmht) -> SimpleNamespace:
    """A signed-off plan with a review, and a new draft of it."""
    version = signed_off_appendix_1(team_people, person, cmht)
    review = reviews.review_record(
        user=team_people.coordinator,
        plan=version.plan,
        held_on=timezone.localdate(),
        attendees="The person and their coordinator",
        progress=[reviews.Progress(o, 4) for o in version.outcomes.all()],
        decision=Review.Decision.CONTINUE,
    )
    draft = drafting.draft_start(user=team_people.coordinator, plan=version.plan)
    return SimpleNamespace(
        person=person,
        plan=version.plan,
        approved=version,
        draft=draft,
        outcome=version.outcomes.first(),
        line=version.lines.first(),
        draft_line=draft.lines.first(),
        budget=version.indicative_budget,
        review=review,
    )


@pytest.fixture
def world(people, pilot_tariffs):
    """Our team's plan (approved, reviewed, with a new draft), and the same in another team
    of the organisation."""
    cmht = pilot_tariffs["cmht"].intervention
    ours = _reviewed(
        people,
        ParticipantFactory(team=people.team, care_coordinator=people.coordinator),
        cmht,
    )
    hillside = SimpleNamespace(
        coordinator=people.other_coordinator,
        facilitator=UserFactory(role=Role.FACILITATOR, team=people.other_team),
    )
    theirs = _reviewed(
        hillside,
        ParticipantFactory(team=people.other_team, care_coordinator=people.other_coordinator),
        cmht,
    )
    return SimpleNamespace(ours=ours, theirs=theirs)


def _unused_id(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


def _review_body(w, *, plan=None, outcome=None, line=None) -> dict:
    ours = w.ours
    return {
        "plan": plan or ours.plan.pk,
        "held_on": str(timezone.localdate()),
        "attendees": "The person and their coordinator",
        "progress": [
            {"outcome": outcome or o.pk, "rating": 4} for o in ours.approved.outcomes.all()
        ],
        "spending": [{"line": line or ours.line.pk, "spent": "10.00"}],
        "decision": "continue",
    }


LINE = {
    "kind": "purchase",
    "description": "Gym",
    "category": "exercise",
    "unit_cost": "5.00",
    "quantity": 1,
    "frequency": "weekly",
    "funding_route": "notional",
}

PERSON = {
    "nhs_number": "999 000 0018",
    "given_name": "Ann",
    "family_name": "Example",
    "date_of_birth": "1980-02-03",
}

# name: (method, address, body given the id, the other team's id, its model, the message)
CASES = {
    "a new plan's person": (
        "post",
        lambda w: "/api/v1/care-plans/",
        lambda w, pk: {"participant": pk},
        lambda w: w.theirs.person.pk,
        Participant,
        ("participant", NO_SUCH_PERSON),
    ),
    "a new line's outcomes": (
        "post",
        lambda w: f"/api/v1/care-plans/{w.ours.plan.pk}/spending-lines/",
        lambda w, pk: {**LINE, "outcomes": [pk]},
        lambda w: w.theirs.outcome.pk,
        Outcome,
        ("outcomes", NO_SUCH_OUTCOME),
    ),
    "a changed line's outcomes": (
        "patch",
        lambda w: f"/api/v1/care-plans/{w.ours.plan.pk}/spending-lines/{w.ours.draft_line.pk}/",
        lambda w, pk: {"outcomes": [pk]},
        lambda w: w.theirs.outcome.pk,
        Outcome,
        ("outcomes", NO_SUCH_OUTCOME),
    ),
    "the draft's indicative budget": (
        "patch",
        lambda w: f"/api/v1/care-plans/{w.ours.plan.pk}/",
        lambda w, pk: {"indicative_budget": pk},
        lambda w: w.theirs.budget.pk,
        IndicativeBudget,
        ("indicative_budget", NO_SUCH_BUDGET),
    ),
    "the draft's care coordinator": (
        "patch",
        lambda w: f"/api/v1/care-plans/{w.ours.plan.pk}/",
        lambda w, pk: {"care_coordinator": pk},
        lambda w: w.theirs.person.care_coordinator_id,
        User,
        ("care_coordinator", NO_SUCH_COORDINATOR),
    ),
    "a review's plan": (
        "post",
        lambda w: "/api/v1/reviews/",
        lambda w, pk: _review_body(w, plan=pk),
        lambda w: w.theirs.plan.pk,
        CarePlan,
        ("plan", NO_SUCH_PLAN),
    ),
    "a review's outcome": (
        "post",
        lambda w: "/api/v1/reviews/",
        lambda w, pk: _review_body(w, outcome=pk),
        lambda w: w.theirs.outcome.pk,
        Outcome,
        ("progress", NO_SUCH_OUTCOME),
    ),
    "a review's spending line": (
        "post",
        lambda w: "/api/v1/reviews/",
        lambda w, pk: _review_body(w, line=pk),
        lambda w: w.theirs.line.pk,
        SpendingLine,
        ("spending", NO_SUCH_LINE),
    ),
    "the review of a reconsideration": (
        "post",
        lambda w: f"/api/v1/care-plans/{w.ours.plan.pk}/reconsiderations/",
        lambda w, pk: {"review": pk, "reasons": "The budget was cut too soon."},
        lambda w: w.theirs.review.pk,
        Review,
        ("review", NO_SUCH_REVIEW),
    ),
    "the review of a review pack": (
        "post",
        lambda w: f"/api/v1/care-plans/{w.ours.plan.pk}/review-packs/",
        lambda w, pk: {"review": pk},
        lambda w: w.theirs.review.pk,
        Review,
        ("review", NO_SUCH_REVIEW),
    ),
    "a new person's care coordinator": (
        "post",
        lambda w: "/api/v1/participants/",
        lambda w, pk: {**PERSON, "care_coordinator": pk},
        lambda w: w.theirs.person.care_coordinator_id,
        User,
        ("care_coordinator", NO_SUCH_COORDINATOR),
    ),
    "a person's new care coordinator": (
        "patch",
        lambda w: f"/api/v1/participants/{w.ours.person.pk}/",
        lambda w, pk: {"care_coordinator": pk},
        lambda w: w.theirs.person.care_coordinator_id,
        User,
        ("care_coordinator", NO_SUCH_COORDINATOR),
    ),
}


def _messages(errors) -> list[str]:
    """Every message in an error body, however deep."""
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in _messages(value)]
    return [m for value in errors for m in _messages(value)]


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_another_team_s_id_is_answered_as_an_id_of_nothing(api, people, world, case):
    method, address, body, theirs, model, (field, message) = CASES[case]
    api.force_authenticate(people.coordinator)
    send = getattr(api, method)

    real = send(address(world), body(world, theirs(world)), format="json")
    made_up = send(address(world), body(world, _unused_id(model)), format="json")

    assert (real.status_code, real.content) == (made_up.status_code, made_up.content)
    assert real.status_code == 400
    assert message in _messages(real.json()[field])


def test_the_services_use_the_same_words_for_a_record_of_another_plan(people, world):
    ours = world.ours
    other_draft, other_outcome = complete_draft(
        people, ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    )
    with pytest.raises(ValidationError) as line_error:
        drafting.line_save(
            user=people.coordinator,
            version=ours.draft,
            revision=None,
            outcomes=[other_outcome],
            **LINE,
        )
    assert line_error.value.message_dict["outcomes"] == [NO_SUCH_OUTCOME]

    with pytest.raises(ValidationError) as budget_error:
        drafting.draft_update(
            user=people.coordinator,
            version=ours.draft,
            revision=None,
            indicative_budget=other_draft.indicative_budget,
            care_coordinator=people.other_coordinator,
        )
    assert budget_error.value.message_dict == {
        "indicative_budget": [NO_SUCH_BUDGET],
        "care_coordinator": [NO_SUCH_COORDINATOR],
    }

    other_plan = signed_off_appendix_1(
        people,
        ParticipantFactory(team=people.team),
        ours.line.intervention,
    )
    with pytest.raises(ValidationError) as review_error:
        reviews.review_record(
            user=people.coordinator,
            plan=ours.plan,
            held_on=timezone.localdate(),
            attendees="The person",
            progress=[reviews.Progress(o, 4) for o in other_plan.outcomes.all()],
            spending=[reviews.Spent(other_plan.lines.first(), "1.00")],
            decision=Review.Decision.CONTINUE,
        )
    assert NO_SUCH_OUTCOME in review_error.value.message_dict["progress"]
    assert review_error.value.message_dict["spending"] == [NO_SUCH_LINE]


# -- The pages' choices --------------------------------------------------------------------------


def _field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors[field])


def test_the_pages_choices_answer_another_team_s_id_as_an_id_of_nothing(client, people, world):
    ours, theirs = world.ours, world.theirs
    client.force_login(people.coordinator)
    draft = {"version": ours.draft.number, "revision": ours.draft.revision}
    forms = [
        (
            reverse("participants:add"),
            lambda pk: {
                **PERSON,
                "phb_category": "mental_health",
                "cohort": "none",
                "care_coordinator": pk,
            },
            "care_coordinator",
            theirs.person.care_coordinator_id,
            User,
            NO_SUCH_COORDINATOR,
        ),
        (
            reverse("careplans:edit", args=[ours.plan.pk]),
            lambda pk: {**draft, "care_coordinator": pk},
            "care_coordinator",
            theirs.person.care_coordinator_id,
            User,
            NO_SUCH_COORDINATOR,
        ),
        (
            reverse("careplans:edit", args=[ours.plan.pk]),
            lambda pk: {**draft, "indicative_budget": pk},
            "indicative_budget",
            theirs.budget.pk,
            IndicativeBudget,
            NO_SUCH_BUDGET,
        ),
        (
            reverse("careplans:line_add", args=[ours.plan.pk]),
            lambda pk: {**draft, **LINE, "outcomes": [pk], "action": "save"},
            "outcomes",
            theirs.outcome.pk,
            Outcome,
            NO_SUCH_OUTCOME,
        ),
    ]
    for address, data, field, their_id, model, message in forms:
        real = client.post(address, data(their_id))
        made_up = client.post(address, data(_unused_id(model)))
        assert _field_errors(real, field) == _field_errors(made_up, field) == [message], address
