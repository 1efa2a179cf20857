"""The page of a plan in force puts its main actions first: "Record a review" and "Print a
review pack" as primary buttons, then "Start a new draft" as a secondary one."""

import re

import pytest
from django.urls import reverse

from careplans import drafting
from tests.builders import signed_off_appendix_1
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(people, pilot_tariffs):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    return signed_off_appendix_1(people, person, pilot_tariffs["cmht"].intervention).plan


def buttons(html: str) -> list[tuple[str, str]]:
    """Each button (a link or a button styled as one) in page order: its classes and text."""
    found = re.findall(
        r'<(?:a|button) class="(nhsuk-button[^"]*)"[^>]*>(.*?)</(?:a|button)>', html, re.S
    )
    return [(classes, re.sub(r"<[^>]+>.*?</[^>]+>", "", text).strip()) for classes, text in found]


def test_the_main_actions_come_first(client, people, plan):
    client.force_login(people.coordinator)
    html = client.get(reverse("careplans:detail", args=[plan.pk])).text
    top = buttons(html)[:3]
    assert top == [
        ("nhsuk-button", "Record a review"),
        ("nhsuk-button", "Print a review pack"),
        ("nhsuk-button nhsuk-button--secondary", "Start a new draft"),
    ]
    assert html.count(">Record a review<") == 1
    assert html.count("Print a review pack") == 1
    assert html.index("Start a new draft") < html.index('id="spending-plan"')


def test_a_commissioner_may_print_a_pack_but_not_start_a_draft(client, people, plan):
    client.force_login(people.commissioner)
    html = client.get(reverse("careplans:detail", args=[plan.pk])).text
    assert [text for _, text in buttons(html)][:1] == ["Print a review pack"]
    assert "Start a new draft" not in html
    assert "Record a review" not in html


def test_with_a_new_draft_open_the_review_actions_stay_with_the_reviews(client, people, plan):
    drafting.draft_start(user=people.coordinator, plan=plan)
    client.force_login(people.coordinator)
    html = client.get(reverse("careplans:detail", args=[plan.pk])).text
    assert buttons(html)[0][1] == "Edit the draft"
    assert html.index("Record a review") > html.index('id="reviews"')
    assert html.index("Print a review pack") > html.index('id="reviews"')
