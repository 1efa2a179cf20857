"""Whole plans for tests, written through the services as a coordinator would."""

from datetime import date

from budgets.services import indicative_budget_set
from careplans import decisions, drafting
from costing.core.years import FinancialYear

YEAR = FinancialYear(2012)


def complete_draft(people, person, amount="4800.00"):
    """A plan with all the contents the regulations ask for, and no lines yet."""
    user = people.coordinator
    budget = indicative_budget_set(
        user=user,
        participant=person,
        method="manual",
        year=YEAR,
        inputs={"amount": amount},
        reason="Agreed with the person",
    )
    plan = drafting.plan_create(user=user, participant=person)
    version = plan.versions.get()
    version = drafting.draft_update(
        user=user,
        version=version,
        revision=version.revision,
        what_matters_to_person="Feeling safe at home and seeing my friends.",
        what_matters_for_health="Fewer crises; sleeping well.",
        contingency_plan="Call the crisis line; my sister stays over.",
        management_option="mixed",
        managed_by="person",
        health_monitored_by="My care coordinator and my GP",
        start_date=date(2012, 4, 1),
        first_review_date=date(2012, 6, 28),
        first_review_arrangements="A meeting at home",
        reduction_notice="Four weeks in writing",
        review_dates="Every six months",
        indicative_budget=budget,
        care_coordinator=user,
    )
    outcome = drafting.outcome_save(
        user=user,
        version=version,
        revision=None,
        in_their_words="I want to feel confident going out on my own.",
        category="confidence",
        success_looks_like="Going to the gym twice a week",
        not_working_signs="Staying in, missing appointments",
        persons_part="Book the sessions myself",
    )
    drafting.risk_save(
        user=user,
        version=version,
        revision=None,
        risk="Spending the money on other things",
        how_managed="Monthly statement checked together",
        managed_by="Care coordinator",
    )
    version.refresh_from_db()
    return version, outcome


GYM = {
    "kind": "purchase",
    "description": "Gym",
    "category": "exercise",
    "unit_cost": "580.00",
    "quantity": 1,
    "frequency": "yearly",
    "funding_route": "notional",
}
"""A line of £580.00 a year: within the 15% limit of the default £4,800.00 budget."""


def college_course(unit_cost: str) -> dict:
    """A one-off purchase of ``unit_cost`` (to put a plan over its limit)."""
    return {
        "kind": "purchase",
        "description": "College course",
        "category": "education",
        "unit_cost": unit_cost,
        "quantity": 1,
        "frequency": "one_off",
        "funding_route": "third_party",
    }


def add_line(people, version, outcome, **fields):
    """A line serving ``outcome``, added by the coordinator."""
    drafting.line_save(
        user=people.coordinator, version=version, revision=None, outcomes=[outcome], **fields
    )
    version.refresh_from_db()


def appendix_1_lines(people, version, outcome, cmht):
    """The spending plan of Appendix 1: £4,274.20 a year and a £500.00 computer."""
    user = people.coordinator

    def add(**fields):
        drafting.line_save(user=user, version=version, revision=None, outcomes=[outcome], **fields)

    add(
        kind="clinical",
        description="Time limited number of 4 sessions with CMHT",
        intervention=cmht,
        quantity=4,
        funding_route="notional",
    )
    add(
        kind="clinical",
        description="1 Psychiatric visit",
        intervention=cmht,
        quantity=1,
        funding_route="notional",
    )
    add(
        kind="purchase",
        description="Respite break",
        category="respite",
        unit_cost="500.00",
        quantity=1,
        frequency="yearly",
        funding_route="direct_payment",
    )
    add(
        kind="purchase",
        description="A personal assistant for 6 hours contact per week",
        category="personal_assistant",
        unit_cost="7.00",
        quantity=6,
        frequency="weekly",
        funding_route="direct_payment",
    )
    add(
        kind="purchase",
        description="Gym membership",
        category="exercise",
        unit_cost="580.00",
        quantity=1,
        frequency="yearly",
        funding_route="direct_payment",
    )
    add(
        kind="purchase",
        description="Personal computer",
        category="it_equipment",
        unit_cost="500.00",
        quantity=1,
        frequency="one_off",
        funding_route="direct_payment",
    )
    version.refresh_from_db()


def signed_off_appendix_1(people, person, cmht):
    """The Appendix 1 plan, submitted by the coordinator and signed off by the facilitator."""
    version, outcome = complete_draft(people, person)
    appendix_1_lines(people, version, outcome, cmht)
    decisions.submit(user=people.coordinator, version=version)
    decisions.decide(user=people.facilitator, version=version, kind="sign_off")
    version.refresh_from_db()
    return version
