"""What the care plan page tests share: Ann Example, the Appendix 1 plan, forms."""

import pytest
from django.urls import reverse

from careplans import decisions
from careplans.models import CarePlanVersion
from tests.builders import add_line, complete_draft
from tests.factories import ParticipantFactory

PA = "A personal assistant for 6 hrs contact per week"


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(
        team=people.team,
        care_coordinator=people.coordinator,
        given_name="Ann",
        family_name="Example",
    )


def appendix_1_without_pa(people, version, outcome, cmht):
    """Appendix 1's lines except the personal assistant."""
    add_line(
        people,
        version,
        outcome,
        kind="clinical",
        description="Time limited number of 4 sessions with CMHT",
        intervention=cmht,
        quantity=4,
        funding_route="notional",
    )
    add_line(
        people,
        version,
        outcome,
        kind="clinical",
        description="1 Psychiatric Visit",
        intervention=cmht,
        quantity=1,
        funding_route="notional",
    )
    for description, category, cost, frequency in (
        ("Respite Break", "respite", "500.00", "yearly"),
        ("Gym Membership", "exercise", "580.00", "yearly"),
        ("Personal Computer", "it_equipment", "500.00", "one_off"),
    ):
        add_line(
            people,
            version,
            outcome,
            kind="purchase",
            description=description,
            category=category,
            unit_cost=cost,
            quantity=1,
            frequency=frequency,
            funding_route="direct_payment",
        )


def appendix_1(people, person, pilot_tariffs):
    version, outcome = complete_draft(people, person)
    appendix_1_without_pa(people, version, outcome, pilot_tariffs["cmht"].intervention)
    add_line(
        people,
        version,
        outcome,
        kind="purchase",
        description=PA,
        category="personal_assistant",
        unit_cost="7.00",
        quantity=6,
        frequency="weekly",
        funding_route="direct_payment",
    )
    return version, outcome


def url(name: str, version: CarePlanVersion, *args) -> str:
    return reverse(f"careplans:{name}", args=[version.plan_id, *args])


def pa_form(version, outcome, **changes) -> dict:
    """The line form as the coordinator types the personal assistant line."""
    data = {
        "version": version.number,
        "revision": version.revision,
        "kind": "purchase",
        "description": PA,
        "category": "personal_assistant",
        "provider": "Independent PA",
        "unit_cost": "7.00",
        "frequency": "weekly",
        "quantity": "6",
        "funding_route": "direct_payment",
        "outcomes": [outcome.pk],
        "restriction": "",
    }
    data.update(changes)
    return data


def submitted_plan(people, person, pilot_tariffs) -> CarePlanVersion:
    version, _ = appendix_1(people, person, pilot_tariffs)
    decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    return version
