"""Plain words on the care plan pages: what each way of managing a budget means (a hint
under each radio), what prohibited spend is, and no jargon ("four eyes", "route")."""

import re

import pytest
from django.urls import reverse

from careplans import decisions, drafting
from careplans.choices import MANAGEMENT_HINTS, ManagementOption
from tests.builders import GYM, add_line, complete_draft
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(people, pilot_tariffs):
    return ParticipantFactory(team=people.team, care_coordinator=people.coordinator)


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_way_of_managing_the_budget_is_explained_on_its_radio(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    client.force_login(people.coordinator)
    html = client.get(reverse("careplans:edit", args=[plan.pk])).text
    group = html.split("<legend")[1:]
    managed = next(part for part in group if "How the budget is managed" in part)
    for value, label in ManagementOption.choices:
        item = managed.split(f'value="{value}"')[1].split("nhsuk-radios__item")[0]
        assert 'aria-describedby="id_management_option_' in item
        assert label in item
        assert MANAGEMENT_HINTS[value] in item
    assert "third-party budget" in words(managed).lower()


def test_a_chosen_management_option_is_saved_from_the_radios(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    version = plan.versions.get()
    client.force_login(people.coordinator)
    response = client.post(
        reverse("careplans:edit", args=[plan.pk]),
        {
            "version": version.number,
            "revision": version.revision,
            "management_option": "third_party",
        },
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.management_option == "third_party"
    page = client.get(reverse("careplans:edit", args=[plan.pk])).text
    assert re.search(r'value="third_party" checked', page)


def test_the_line_form_explains_prohibited_spend_and_funding(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    client.force_login(people.coordinator)
    html = words(client.get(reverse("careplans:line_add", args=[plan.pk])).text)
    assert "Things a personal health budget may never pay for." in html
    assert "Direct payment: the money is paid to the person" in html


def test_no_jargon_on_the_decision_queue_and_plan_pages(client, people, person):
    version, outcome = complete_draft(people, person)
    add_line(people, version, outcome, **GYM)
    drafting.draft_update(
        user=people.facilitator, version=version, revision=None, review_dates="Monthly"
    )
    version.refresh_from_db()
    decisions.submit(user=people.coordinator, version=version)
    client.force_login(people.facilitator)
    for url in (
        reverse("careplans:queue"),
        reverse("careplans:decide", args=[version.plan_id]),
        reverse("careplans:detail", args=[version.plan_id]),
    ):
        text = words(client.get(url).text).lower()
        assert "four eyes" not in text, url
        assert "four-eyes" not in text, url
        assert not re.search(r"\broutes?\b", text), url
