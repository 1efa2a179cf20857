"""Prohibited spend, higher financial risk and an incomplete plan's problems."""

import pytest

from careplans import drafting
from careplans.models import PlanStatus, SpendingLine
from tests import careplan_pages_helpers
from tests.builders import complete_draft
from tests.careplan_pages_helpers import appendix_1, pa_form, url

pytestmark = pytest.mark.django_db
person = careplan_pages_helpers.person  # the fixture: this module's, not conftest's


# -- Prohibited spend and higher financial risk ---------------------------------------------------


def test_a_prohibited_line_shows_why_and_blocks_submission(client, people, person, pilot_tariffs):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    client.force_login(people.coordinator)
    saved = client.post(
        url("line_add", version),
        {
            **pa_form(
                version,
                outcome,
                description="Cigarettes",
                category="other_support",
                unit_cost="10.00",
                quantity="1",
                restriction="tobacco",
            ),
            "action": "save",
        },
    )
    assert saved.status_code == 302
    editor = client.get(url("edit", version))
    assert "A personal health budget cannot buy tobacco." in editor.text
    version.refresh_from_db()
    response = client.post(
        url("submit", version), {"version": version.number, "revision": version.revision}
    )
    assert response.status_code == 400
    assert "The plan was not submitted" in response.text
    assert "“Cigarettes”: A personal health budget cannot buy tobacco." in response.text
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT


def test_a_purchase_that_serves_no_outcome_is_flagged(client, people, person):
    version, outcome = complete_draft(people, person)
    client.force_login(people.coordinator)
    data = pa_form(version, outcome)
    del data["outcomes"]
    live = client.post(url("line_totals", version), data)
    assert "This purchase serves none of the person’s outcomes." in live.text


def test_a_person_at_higher_financial_risk_is_offered_a_third_party_budget(client, people, person):
    version, outcome = complete_draft(people, person)
    person.higher_financial_risk = True
    person.save()
    client.force_login(people.coordinator)
    page = client.get(url("line_add", version))
    assert "is at higher financial risk" in page.text
    assert "A third-party budget can be used instead" in page.text
    response = client.post(
        url("line_add", version), {**pa_form(version, outcome), "action": "save"}
    )
    assert response.status_code == 200
    assert (
        "Ann Example is at higher financial risk: no direct payment. "
        "Use a third-party budget instead." in response.text
    )
    assert 'id="id_funding_route_error"' in response.text
    assert not SpendingLine.objects.exists()
    third_party = client.post(
        url("line_add", version),
        {**pa_form(version, outcome, funding_route="third_party"), "action": "save"},
    )
    assert third_party.status_code == 302


def test_an_incomplete_plan_lists_its_problems_by_field(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    version = plan.versions.get()
    client.force_login(people.coordinator)
    page = client.get(url("submit", version))
    assert "The plan cannot be submitted yet" in page.text
    assert "Write what matters to the person, in their own words." in page.text
    assert "Add at least one outcome, in the person’s words." in page.text
    assert f"{url('edit', version)}#id_what_matters_to_person" in page.text
