"""Care plans and spending plans: contents, totals, submission, sign-off and its races."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from careplans import decisions, drafting, locking, pricing
from careplans.models import CarePlanVersion, Decision, PlanStatus, SpendingLine
from costing.core.signoff import Route
from costing.core.years import FinancialYear
from people.models import Role
from tests.builders import appendix_1_lines, complete_draft
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = FinancialYear(2012)


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )


def test_the_appendix_1_spending_plan(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    plan = pricing.spending_plan(version)
    assert [p.cost.total for p in plan.lines] == [
        Decimal("808.16"),
        Decimal("202.04"),
        Decimal("500.00"),
        Decimal("2184.00"),
        Decimal("580.00"),
        Decimal("500.00"),
    ]
    assert plan.lines[3].cost.per_week == Decimal("42.00")
    totals = plan.totals
    assert totals.per_year == Decimal("4274.20")
    assert totals.one_off == Decimal("500.00")
    assert totals.total == Decimal("4774.20")
    assert totals.remaining == Decimal("25.80")
    assert totals.route == Route.FACILITATOR

    submitted = decisions.submit(user=people.coordinator, version=version)
    assert (submitted.route, submitted.total, submitted.indicative) == (
        Route.FACILITATOR,
        Decimal("4774.20"),
        Decimal("4800.00"),
    )
    decision = decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    assert decision.kind == Decision.Kind.SIGN_OFF
    version.refresh_from_db()
    assert version.status == PlanStatus.SIGNED_OFF
    version.plan.refresh_from_db()
    # The plan's own first review date (28 June 2012) is long past the 3 months after
    # today's sign-off, so the 3-month rule sets it.
    assert version.plan.review_due_rule == "within 3 months of approval"
    assert version.plan.review_due > timezone.localdate()


@pytest.mark.parametrize(
    ("indicative", "unit_cost", "route"),
    [
        ("4000.00", "4600.00", Route.FACILITATOR),
        ("4000.00", "4600.01", Route.COMMISSIONER),
        ("4848.96", "5576.30", Route.FACILITATOR),
        ("4848.96", "5576.31", Route.COMMISSIONER),
    ],
)
def test_the_15_percent_rule_routes_the_plan(people, person, indicative, unit_cost, route):
    version, outcome = complete_draft(people, person, indicative)
    drafting.line_save(
        user=people.coordinator,
        version=version,
        revision=None,
        outcomes=[outcome],
        kind="purchase",
        description="Support",
        category="other_support",
        unit_cost=unit_cost,
        quantity=1,
        frequency="yearly",
        funding_route="third_party",
    )
    assert decisions.submit(user=people.coordinator, version=version).route == route


def test_a_submitted_version_cannot_change(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    decisions.submit(user=people.coordinator, version=version)
    with pytest.raises(locking.AlreadyDecided):
        drafting.draft_update(
            user=people.coordinator, version=version, revision=None, review_dates="x"
        )
    stored = CarePlanVersion.objects.get(pk=version.pk)
    stored.contingency_plan = "changed behind the service's back"
    with pytest.raises(ValidationError):
        stored.save()
    line = SpendingLine.objects.filter(version=version).first()
    line.quantity = 99
    with pytest.raises(ValidationError):
        line.save()
    with pytest.raises(ValidationError):
        line.delete()


def test_four_eyes(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    # The facilitator edits the draft: now they may not sign it off.
    drafting.draft_update(
        user=people.facilitator, version=version, revision=None, review_dates="Yearly"
    )
    decisions.submit(user=people.coordinator, version=version)
    with pytest.raises(decisions.FourEyes):
        decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    decisions.decide(user=people.commissioner, version=version, kind="approve")


def test_four_eyes_covers_a_facilitator_who_edited_before_someone_else(
    people, person, pilot_tariffs
):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    drafting.draft_update(
        user=people.facilitator, version=version, revision=None, review_dates="Yearly"
    )
    # The coordinator edits after them: the facilitator is not the last editor, and
    # still shaped the version.
    drafting.draft_update(
        user=people.coordinator, version=version, revision=None, review_dates="Every six months"
    )
    decisions.submit(user=people.coordinator, version=version)
    with pytest.raises(decisions.FourEyes):
        decisions.decide(user=people.facilitator, version=version, kind="sign_off")


def test_four_eyes_covers_the_facilitator_who_submitted(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    decisions.submit(user=people.facilitator, version=version)
    with pytest.raises(decisions.FourEyes):
        decisions.decide(user=people.facilitator, version=version, kind="return", reason="No")
    other = UserFactory(username="fola", role=Role.FACILITATOR, team=people.team)
    decisions.decide(user=other, version=version, kind="sign_off")


def test_each_version_keeps_everyone_who_shaped_it(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    drafting.outcome_save(
        user=people.facilitator,
        version=version,
        revision=None,
        existing=outcome,
        success_looks_like="Out twice a week",
    )
    nia = UserFactory(username="nia", role=Role.COORDINATOR, team=people.team)
    decisions.submit(user=nia, version=version)
    assert {user.username for user in version.contributors.all()} == {"cara", "femi", "nia"}
    decisions.decide(user=people.commissioner, version=version, kind="return", reason="Redo")
    new_draft = drafting.draft_start(user=people.coordinator, plan=version.plan)
    assert [user.username for user in new_draft.contributors.all()] == ["cara"]


def test_a_commissioners_plan_cannot_be_signed_off_by_a_facilitator(people, person):
    version, outcome = complete_draft(people, person, "1000.00")
    drafting.line_save(
        user=people.coordinator,
        version=version,
        revision=None,
        outcomes=[outcome],
        kind="purchase",
        description="Support",
        category="other_support",
        unit_cost="1150.01",
        quantity=1,
        frequency="yearly",
        funding_route="third_party",
    )
    decisions.submit(user=people.coordinator, version=version)
    with pytest.raises(PermissionDenied):
        decisions.decide(user=people.facilitator, version=version, kind="sign_off")


def test_returning_needs_a_reason_and_opens_a_new_draft(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, pilot_tariffs["cmht"].intervention)
    decisions.submit(user=people.coordinator, version=version)
    with pytest.raises(ValidationError):
        decisions.decide(user=people.facilitator, version=version, kind="return", reason=" ")
    decisions.decide(
        user=people.facilitator, version=version, kind="return", reason="Say more about risks"
    )
    versions = list(version.plan.versions.order_by("number"))
    assert [(v.number, v.status) for v in versions] == [(1, "returned"), (2, "draft")]
    assert versions[1].lines.count() == 6
    assert versions[1].lines.first().outcomes.get().version == versions[1]
    with pytest.raises(locking.AlreadyDecided):
        decisions.decide(user=people.commissioner, version=version, kind="approve")


def test_a_stale_edit_is_refused_and_loses_nothing(people, person):
    version, _ = complete_draft(people, person)
    seen = version.revision
    drafting.draft_update(
        user=people.coordinator, version=version, revision=seen, review_dates="First"
    )
    with pytest.raises(locking.StaleEdit):
        drafting.draft_update(
            user=people.facilitator, version=version, revision=seen, review_dates="Second"
        )
    version.refresh_from_db()
    assert version.review_dates == "First"


def test_a_prohibited_line_blocks_submission_and_says_why(people, person):
    version, outcome = complete_draft(people, person)
    drafting.line_save(
        user=people.coordinator,
        version=version,
        revision=None,
        outcomes=[outcome],
        kind="purchase",
        description="Wine",
        category="other_support",
        unit_cost="10.00",
        quantity=1,
        frequency="weekly",
        funding_route="third_party",
        restriction="alcohol",
    )
    with pytest.raises(ValidationError) as error:
        decisions.submit(user=people.coordinator, version=version)
    assert "cannot buy alcohol" in str(error.value.message_dict["lines"])


def test_a_higher_risk_person_cannot_have_direct_payment_lines(people, person):
    person.higher_financial_risk = True
    person.save()
    version, outcome = complete_draft(people, person)
    with pytest.raises(ValidationError) as error:
        drafting.line_save(
            user=people.coordinator,
            version=version,
            revision=None,
            outcomes=[outcome],
            kind="purchase",
            description="Gym",
            category="exercise",
            unit_cost="580.00",
            quantity=1,
            frequency="yearly",
            funding_route="direct_payment",
        )
    assert "third-party budget" in error.value.message_dict["funding_route"][0]


def test_an_incomplete_plan_cannot_be_submitted(people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    with pytest.raises(ValidationError) as error:
        decisions.submit(user=people.coordinator, version=plan.versions.get())
    assert {"what_matters_to_person", "outcomes", "risks", "lines", "indicative_budget"} <= set(
        error.value.message_dict
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"unit_cost": "12.345"}, "unit_cost"),
        ({"unit_cost": "0"}, "unit_cost"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": 1.5}, "quantity"),
    ],
)
def test_money_and_quantities_are_checked_not_rounded(people, person, fields, field):
    version, _ = complete_draft(people, person)
    values = {
        "kind": "purchase",
        "description": "Gym",
        "category": "exercise",
        "unit_cost": "580.00",
        "quantity": 1,
        "frequency": "yearly",
        "funding_route": "third_party",
        **fields,
    }
    with pytest.raises(ValidationError) as error:
        drafting.line_save(user=people.coordinator, version=version, revision=None, **values)
    assert field in error.value.message_dict
    assert not SpendingLine.objects.exists()


def test_the_demo_has_the_appendix_1_plan_signed_off_and_a_plan_in_every_state(people):
    from phb.demo.pilot import load_pilot
    from phb.demo.plans import load_demo_plans

    people.facilitator.username = "facilitator"
    people.facilitator.save()
    people.coordinator.username = "coordinator"
    people.coordinator.save()
    load_pilot([people.team, people.other_team])
    assert load_demo_plans([people.team, people.other_team]) == 7
    assert load_demo_plans([people.team, people.other_team]) == 0

    statuses = sorted(
        CarePlanVersion.objects.values_list("status", "route").order_by("status", "route")
    )
    assert ("signed_off", "facilitator") in statuses
    assert ("approved", "commissioner") in statuses
    assert ("submitted", "facilitator") in statuses
    assert ("submitted", "commissioner") in statuses
    assert ("returned", "facilitator") in statuses
    assert ("draft", "") in statuses

    appendix = CarePlanVersion.objects.get(status="signed_off")
    totals = pricing.spending_plan(appendix).totals
    assert (totals.per_year, totals.one_off, totals.total, totals.remaining) == (
        Decimal("4274.20"),
        Decimal("500.00"),
        Decimal("4774.20"),
        Decimal("25.80"),
    )
    assert appendix.decision.decided_by == people.facilitator
