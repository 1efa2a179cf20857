"""The draft editor in place (htmx): the contents saved as typed with the revision carried
on, outcomes, risks and lines added without leaving the editor, the totals in a sentence;
and the keep-alive that keeps a session going."""

import json

import pytest
from django.urls import reverse

from careplans.models import Outcome, Risk, SpendingLine
from tests.builders import complete_draft
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    version, _outcome = complete_draft(people, person)
    return version


def contents_data(version, **changes):
    from careplans.forms.contents import PlanContentsForm

    initial = PlanContentsForm.initial_for(version)
    data = {k: ("" if v is None else v) for k, v in initial.items()}
    for name in ("start_date", "first_review_date"):
        day = initial[name]
        data[name] = day.strftime("%d/%m/%Y") if day else ""
    data.update(changes)
    return data


def saved_revision(response) -> int:
    return json.loads(response["HX-Trigger"])["phb:draft-saved"]["revision"]


def test_the_contents_are_saved_as_typed_and_the_answer_carries_the_new_revision(
    client, people, draft
):
    client.force_login(people.coordinator)
    url = reverse("careplans:edit", args=[draft.plan_id])
    data = contents_data(draft, what_matters_to_person="Seeing my grandchildren.")
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saved at" in body
    assert 'id="draft-totals" hx-swap-oob="true"' in body
    draft.refresh_from_db()
    assert draft.what_matters_to_person == "Seeing my grandchildren."
    assert saved_revision(response) == draft.revision == data["revision"] + 1

    # The next save, with the revision the answer gave, is not refused as stale.
    data.update(what_matters_to_person="Seeing my grandchildren often.", revision=draft.revision)
    response = client.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.what_matters_to_person == "Seeing my grandchildren often."


def test_an_autosave_from_an_older_copy_is_refused_and_says_so(client, people, draft):
    client.force_login(people.coordinator)
    url = reverse("careplans:edit", args=[draft.plan_id])
    data = contents_data(draft, what_matters_to_person="Mine", revision=draft.revision - 1)
    response = client.post(url, data, **HTMX)
    assert "Someone else saved this draft" in response.content.decode()
    assert "HX-Trigger" not in response
    draft.refresh_from_db()
    assert draft.what_matters_to_person != "Mine"


def test_an_autosave_of_a_date_half_typed_is_not_saved_and_says_why(client, people, draft):
    client.force_login(people.coordinator)
    url = reverse("careplans:edit", args=[draft.plan_id])
    response = client.post(url, contents_data(draft, start_date="31/02"), **HTMX)
    assert "Not saved yet" in response.content.decode()


def test_add_an_outcome_opens_in_place_and_saving_it_returns_the_list_and_totals(
    client, people, draft
):
    client.force_login(people.coordinator)
    url = reverse("careplans:outcome_add", args=[draft.plan_id])
    form = client.get(url, **HTMX).content.decode()
    assert "<html" not in form
    assert 'id="outcomes_in_their_words"' in form
    assert 'hx-target="#outcomes-section"' in form
    data = {
        "version": draft.number,
        "revision": draft.revision,
        "in_their_words": "Walking to the shop on my own.",
        "category": Outcome.objects.filter(version=draft).first().category,
    }
    response = client.post(url, data, **HTMX)
    body = response.content.decode()
    assert "The outcome has been added." in body
    assert "Walking to the shop on my own." in body
    assert 'id="draft-problems" hx-swap-oob="true"' in body
    draft.refresh_from_db()
    assert saved_revision(response) == draft.revision


def test_a_part_with_a_problem_comes_back_in_its_form_slot(client, people, draft):
    client.force_login(people.coordinator)
    url = reverse("careplans:risk_add", args=[draft.plan_id])
    before = Risk.objects.count()
    data = {"version": draft.number, "revision": draft.revision, "risk": "Falls"}
    response = client.post(url, data, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#risks-form-slot"
    assert "There is a problem" in response.content.decode()
    assert Risk.objects.count() == before


def test_a_line_added_in_place_and_the_totals_in_a_sentence(client, people, draft):
    client.force_login(people.coordinator)
    outcome = draft.outcomes.first()
    url = reverse("careplans:line_add", args=[draft.plan_id])
    form = client.get(url, **HTMX).content.decode()
    assert "Totals as you type" in form
    assert "Total £0.00 a year of £4,800.00; £4,800.00 left." in form
    data = {
        "version": draft.number,
        "revision": draft.revision,
        "description": "Gym Membership",
        "kind": "purchase",
        "category": "exercise",
        "provider": "The gym",
        "unit_cost": "580.00",
        "frequency": "yearly",
        "quantity": "1",
        "funding_route": "direct_payment",
        "outcomes": [outcome.pk],
        "action": "save",
    }
    totals = client.post(reverse("careplans:line_totals", args=[draft.plan_id]), data, **HTMX)
    sentence = "Total £580.00 a year of £4,800.00; £4,220.00 left."
    assert sentence in totals.content.decode()
    assert 'id="line-totals-sentence" aria-live="polite" hx-swap-oob="true"' in (
        totals.content.decode()
    )
    response = client.post(url, data, **HTMX)
    body = response.content.decode()
    assert "“Gym Membership” has been added." in body, body
    assert SpendingLine.objects.filter(version=draft, description="Gym Membership").exists()


def test_a_form_asked_in_place_of_a_submitted_plan_sends_the_browser_to_the_plan(
    client, people, draft
):
    from careplans import decisions
    from tests.builders import add_line

    add_line(
        people,
        draft,
        draft.outcomes.first(),
        kind="purchase",
        description="Gym",
        category="exercise",
        unit_cost="580.00",
        quantity=1,
        frequency="yearly",
        funding_route="direct_payment",
    )
    decisions.submit(user=people.coordinator, version=draft, revision=None)
    client.force_login(people.coordinator)
    response = client.get(reverse("careplans:outcome_add", args=[draft.plan_id]), **HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("careplans:detail", args=[draft.plan_id])


def test_without_htmx_the_part_pages_are_whole_pages(client, people, draft):
    client.force_login(people.coordinator)
    page = client.get(reverse("careplans:outcome_add", args=[draft.plan_id])).content.decode()
    assert "<html" in page
    assert 'id="id_in_their_words"' in page


def test_the_keep_alive_answers_a_signed_in_post_and_nothing_else(client, people):
    url = reverse("people:keep_alive")
    client.force_login(people.coordinator)
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 204
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.post(url).status_code == 302


def test_a_signed_in_page_carries_the_timings_and_the_warning(client, people, settings):
    settings.SESSION_COOKIE_AGE = 600
    settings.SESSION_TIMEOUT_WARNING_SECONDS = 480
    client.force_login(people.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert 'data-session-warning="480" data-session-age="600"' in page
    assert 'id="session-timeout"' in page
    client.logout()
    sign_in = client.get(reverse("login") + "?timed_out=1").content.decode()
    assert 'id="session-timeout"' not in sign_in
    assert "You were signed out after 10 minutes without activity" in sign_in


def test_change_opens_the_part_in_place_with_what_it_says(client, people, draft):
    client.force_login(people.coordinator)
    risk = draft.risks.first()
    url = reverse("careplans:risk", args=[draft.plan_id, risk.pk])
    form = client.get(url, **HTMX).content.decode()
    assert "Change the risk" in form
    assert f'value="{risk.managed_by}"' in form
    data = {
        "version": draft.number,
        "revision": draft.revision,
        "risk": risk.risk,
        "how_managed": "Checked every week",
        "managed_by": risk.managed_by,
    }
    body = client.post(url, data, **HTMX).content.decode()
    assert "The risk has been changed." in body
    risk.refresh_from_db()
    assert risk.how_managed == "Checked every week"
