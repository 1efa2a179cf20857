"""Demonstration care plans: the Appendix 1 plan, signed off, and plans in every state.

All on pilot participants (made-up people) for the current financial year.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from budgets.models import IndicativeBudget
from budgets.services import indicative_budget_set
from careplans import decisions, drafting
from careplans.models import CarePlan, CarePlanVersion, Outcome
from costing.core.years import FinancialYear
from costing.models import Intervention
from participants.models import Participant
from people.models import Role, Team, User
from phb.demo.pilot import pilot_nhs_numbers
from phb.demo.pilot_plans.load import PLAN_START
from phb.demo.pilot_plans.outcomes import OUTCOMES

APPENDIX_1 = [
    {
        "kind": "clinical",
        "description": "Time limited number of 4 sessions with CMHT",
        "intervention": "cmht",
        "quantity": 4,
        "funding_route": "notional",
    },
    {
        "kind": "clinical",
        "description": "1 Psychiatric visit",
        "intervention": "cmht",
        "quantity": 1,
        "funding_route": "notional",
    },
    {
        "kind": "purchase",
        "description": "Respite break",
        "category": "respite",
        "provider": "Seaside Lodge",
        "unit_cost": "500.00",
        "quantity": 1,
        "frequency": "yearly",
        "funding_route": "direct_payment",
    },
    {
        "kind": "purchase",
        "description": "A personal assistant for 6 hrs contact per week",
        "category": "personal_assistant",
        "provider": "Self-employed PA",
        "unit_cost": "7.00",
        "quantity": 6,
        "frequency": "weekly",
        "funding_route": "direct_payment",
    },
    {
        "kind": "purchase",
        "description": "Gym membership",
        "category": "exercise",
        "provider": "Riverside Leisure Centre",
        "unit_cost": "580.00",
        "quantity": 1,
        "frequency": "yearly",
        "funding_route": "direct_payment",
    },
    {
        "kind": "purchase",
        "description": "Personal computer",
        "category": "it_equipment",
        "unit_cost": "500.00",
        "quantity": 1,
        "frequency": "one_off",
        "funding_route": "direct_payment",
    },
]


def _lines(total: str) -> list[dict]:
    """Four CMHT contacts and support that bring the plan to ``total``."""
    rest = Decimal(total) - Decimal("808.16")
    return [
        APPENDIX_1[0],
        {
            "kind": "purchase",
            "description": "College course and travel",
            "category": "education",
            "unit_cost": str(rest),
            "quantity": 1,
            "frequency": "yearly",
            "funding_route": "third_party",
        },
    ]


def _write(participant: Participant, author: User, amount: str, lines: list[dict]):
    year = FinancialYear.of(timezone.localdate())
    budget = indicative_budget_set(
        user=author,
        participant=participant,
        method="manual",
        year=year,
        inputs={"amount": amount},
        reason="Agreed with the person at the planning meeting",
    )
    plan = drafting.plan_create(user=author, participant=participant)
    version = plan.versions.get()
    _write_about_the_person(author, version, participant, year.first_day, budget)
    outcome = _write_outcomes_and_risk(author, version, _first_category(participant))
    _write_lines(author, version, outcome, lines)
    version.refresh_from_db()
    return plan, version


def _write_about_the_person(
    author: User,
    version: CarePlanVersion,
    participant: Participant,
    start: date,
    budget: IndicativeBudget,
) -> None:
    """What matters to the person, who manages the budget, and when the plan is reviewed."""
    drafting.draft_update(
        user=author,
        version=version,
        revision=None,
        what_matters_to_person="Being well enough to look after my garden and see my friends.",
        what_matters_for_health="Sleeping well, fewer crises and staying out of hospital.",
        contingency_plan="If I become unwell I will call my care coordinator or the crisis "
        "line; my sister will stay with me.",
        management_option="mixed" if not participant.higher_financial_risk else "third_party",
        managed_by="person" if not participant.higher_financial_risk else "third_party",
        health_monitored_by="My care coordinator, with my GP",
        start_date=start,
        first_review_date=start + timedelta(days=84),
        first_review_arrangements="A meeting at home with my care coordinator",
        reduction_notice="Four weeks’ notice in writing, with the reasons",
        review_dates="Every six months, and whenever I ask",
        indicative_budget=budget,
    )


def _first_category(participant: Participant) -> str:
    """Confidence, or socialisation for a budget holder who did not choose confidence in
    the pilot: a person counts once per outcome category, so their plans in force keep
    Table 3's counts (every budget holder with a plan approved here chose reduce demand)."""
    key = {number: key for key, number in pilot_nhs_numbers().items()}.get(participant.nhs_number)
    chosen = {said.category for said in OUTCOMES.get(key, ())}
    return "socialisation" if chosen and "confidence" not in chosen else "confidence"


def _write_outcomes_and_risk(author: User, version: CarePlanVersion, category: str) -> Outcome:
    """Two outcomes and a risk; returns the first outcome, which the lines serve."""
    outcome = drafting.outcome_save(
        user=author,
        version=version,
        revision=None,
        in_their_words="I want to feel confident going out on my own again.",
        category=category,
        success_looks_like="Going to the gym twice a week",
        not_working_signs="Staying in, missing appointments",
        persons_part="I will book the sessions myself",
    )
    drafting.outcome_save(
        user=author,
        version=version,
        revision=None,
        in_their_words="I want to use the hospital less.",
        category="reduce_demand",
        success_looks_like="No admissions this year",
        not_working_signs="Calling the crisis team",
        persons_part="Keep my sleep diary",
    )
    drafting.risk_save(
        user=author,
        version=version,
        revision=None,
        risk="Becoming isolated over winter",
        how_managed="Weekly personal assistant visits",
        managed_by="Care coordinator",
    )
    return outcome


def _write_lines(
    author: User, version: CarePlanVersion, outcome: Outcome, lines: list[dict]
) -> None:
    """The spending lines, each serving ``outcome`` (interventions given by code)."""
    interventions = {i.code: i for i in Intervention.objects.all()}
    for line in lines:
        fields = dict(line)
        if "intervention" in fields:
            fields["intervention"] = interventions[fields["intervention"]]
        drafting.line_save(
            user=author, version=version, revision=None, outcomes=[outcome], **fields
        )


@transaction.atomic
def load_demo_plans(teams: list[Team]) -> int:
    """Plans in every state across both teams. Returns the plans added (0 if loaded)."""
    numbers = pilot_nhs_numbers()
    people = {key: Participant.objects.get(nhs_number=n) for key, n in numbers.items()}
    if (
        CarePlan.objects.filter(participant__in=people.values())
        .exclude(versions__start_date=PLAN_START)  # the pilot's own plans, loaded first
        .exists()
    ):
        return 0
    riverside, hillside = teams
    coordinator = User.objects.get(team=riverside, role=Role.COORDINATOR, username="coordinator")
    facilitator = User.objects.get(team=riverside, username="facilitator")
    hillside_coordinator = User.objects.filter(team=hillside, role=Role.COORDINATOR).first()
    commissioner = User.objects.filter(
        organisation=riverside.organisation, role=Role.COMMISSIONER
    ).first()

    # The Appendix 1 plan: £4,774.20 of £4,800.00, signed off by the facilitator.
    _, version = _write(people["budget 4"], coordinator, "4800.00", APPENDIX_1)
    decisions.submit(user=coordinator, version=version)
    decisions.decide(user=facilitator, version=version, kind="sign_off")

    _write(people["budget 1"], coordinator, "2424.48", _lines("2400.00"))  # a draft

    _, version = _write(people["budget 3"], coordinator, "6061.20", _lines("6500.00"))
    decisions.submit(user=coordinator, version=version)  # waiting for the facilitator

    _, version = _write(people["budget 2"], coordinator, "9697.92", _lines("11500.00"))
    decisions.submit(user=coordinator, version=version)  # above 15%: waiting for a commissioner

    _, version = _write(people["budget 5"], coordinator, "4848.96", _lines("5100.00"))
    decisions.submit(user=coordinator, version=version)
    decisions.decide(
        user=facilitator,
        version=version,
        kind="return",
        reason="Please say how the college course serves the outcomes, and add the travel costs.",
    )

    _, version = _write(people["budget 6"], hillside_coordinator, "10176.52", _lines("12000.00"))
    decisions.submit(user=hillside_coordinator, version=version)
    decisions.decide(user=commissioner, version=version, kind="approve")

    _, version = _write(people["budget 7"], hillside_coordinator, "3982.90", _lines("3900.00"))
    decisions.submit(user=hillside_coordinator, version=version)
    return 7
