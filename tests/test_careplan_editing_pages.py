"""Starting a care plan and editing its draft: contents, stale edits, outcomes."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from careplans import decisions, drafting
from careplans.models import PlanStatus
from tests import careplan_pages_helpers
from tests.builders import complete_draft
from tests.careplan_pages_helpers import PA, appendix_1, pa_form, url
from tests.dates import date_fields

pytestmark = pytest.mark.django_db
person = careplan_pages_helpers.person  # the fixture: this module's, not conftest's


# -- Starting and editing -------------------------------------------------------------------------


def test_a_coordinator_starts_a_plan_from_the_person_s_page(client, people, person):
    client.force_login(people.coordinator)
    page = client.get(reverse("participants:detail", args=[person.pk]))
    assert "No care plan yet." in page.text
    assert "Start a care plan" in page.text
    response = client.post(reverse("careplans:start", args=[person.pk]))
    plan = person.care_plans.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("careplans:edit", args=[plan.pk]) + "#contents"
    editor = client.get(response["Location"])
    assert editor.status_code == 200
    assert "Edit the draft care plan" in editor.text


def test_the_editor_saves_the_plan_contents(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    version = plan.versions.get()
    client.force_login(people.coordinator)
    response = client.post(
        url("edit", version),
        {
            "version": 1,
            "revision": version.revision,
            "what_matters_to_person": "Seeing my friends",
            **date_fields("start_date", date(2012, 4, 1)),
        },
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.what_matters_to_person == "Seeing my friends"
    assert version.start_date == date(2012, 4, 1)
    assert version.revision == 2


def test_a_stale_edit_is_refused_and_the_first_save_kept(client, people, person):
    version, _ = complete_draft(people, person)
    opened_at = version.revision
    # Someone else saves first.
    drafting.draft_update(
        user=people.facilitator,
        version=version,
        revision=opened_at,
        what_matters_to_person="Their words, saved first",
    )
    client.force_login(people.coordinator)
    response = client.post(
        url("edit", version),
        {
            "version": version.number,
            "revision": opened_at,
            "what_matters_to_person": "My words, typed on a stale copy",
        },
    )
    assert response.status_code == 409
    assert "Someone else saved this draft since you opened it" in response.text
    assert "My words, typed on a stale copy" in response.text  # still on screen
    version.refresh_from_db()
    assert version.what_matters_to_person == "Their words, saved first"
    assert version.revision == opened_at + 1


def test_a_submitted_version_cannot_be_changed_through_the_editor(
    client, people, person, pilot_tariffs
):
    version, outcome = appendix_1(people, person, pilot_tariffs)
    decisions.submit(user=people.coordinator, version=version)
    version.refresh_from_db()
    line = version.lines.get(description=PA)
    client.force_login(people.coordinator)
    response = client.post(
        url("edit", version),
        {
            "version": version.number,
            "revision": version.revision,
            "what_matters_to_person": "Changed after submitting",
        },
    )
    assert response.status_code == 409
    assert "can no longer change" in response.text
    changed_line = client.post(
        url("line", version, line.pk), pa_form(version, outcome, unit_cost="9.00")
    )
    assert changed_line.status_code == 409
    removed = client.post(
        url("lines_remove", version, line.pk),
        {"version": version.number, "revision": version.revision},
    )
    assert removed.status_code == 409
    version.refresh_from_db()
    assert version.status == PlanStatus.SUBMITTED
    assert version.what_matters_to_person == "Feeling safe at home and seeing my friends."
    assert version.lines.get(pk=line.pk).unit_cost == Decimal("7.00")
    assert version.lines.count() == 6
    # Opening the editor says why and goes back to the plan.
    opened = client.get(url("edit", version))
    assert opened.status_code == 302
    assert client.get(opened["Location"]).status_code == 200


def test_outcomes_and_risks_are_added_changed_and_removed(client, people, person):
    version, _ = complete_draft(people, person)
    client.force_login(people.coordinator)
    added = client.post(
        url("outcome_add", version),
        {
            "version": version.number,
            "revision": version.revision,
            "in_their_words": "Back to work by the summer",
            "category": "employment",
        },
    )
    assert added.status_code == 302
    version.refresh_from_db()
    new = version.outcomes.get(in_their_words="Back to work by the summer")
    changed = client.post(
        url("outcome", version, new.pk),
        {
            "version": version.number,
            "revision": version.revision,
            "in_their_words": "Back to work by the autumn",
            "category": "employment",
        },
    )
    assert changed.status_code == 302
    version.refresh_from_db()
    assert version.outcomes.filter(in_their_words="Back to work by the autumn").exists()
    risk = version.risks.get()
    assert client.get(url("risks_remove", version, risk.pk)).status_code == 200
    removed = client.post(
        url("risks_remove", version, risk.pk),
        {"version": version.number, "revision": version.revision},
    )
    assert removed.status_code == 302
    assert not version.risks.exists()
    missing = client.post(
        url("outcome_add", version),
        {"version": version.number, "revision": version.revision + 1, "category": ""},
    )
    assert "There is a problem" in missing.text
