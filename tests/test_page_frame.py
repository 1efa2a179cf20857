"""What every page shares: its title ends with the service's name, the flash messages sit
under the back link, and the service status page answers anyone in plain words."""

import pytest
from django.urls import reverse

from careplans import drafting
from phb.templatetags.page import place_messages
from tests.dates import date_fields
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db

SERVICE = "Personal health budgets"


def title(response) -> str:
    text = response.content.decode()
    return text[text.index("<title>") + 7 : text.index("</title>")]


def test_a_page_title_ends_with_the_service_name(client, people):
    assert title(client.get(reverse("login"))) == f"Sign in – {SERVICE}"
    client.force_login(people.coordinator)
    assert title(client.get(reverse("home"))) == f"Home – {SERVICE}"
    assert title(client.get(reverse("participants:list"))).endswith(f" – {SERVICE}")
    assert "– NHS</title>" not in client.get(reverse("participants:list")).content.decode()


def _order(response, *parts) -> list[int]:
    text = response.content.decode()
    main = text[text.index("<main") :]
    return [main.index(part) for part in parts]


def test_after_saving_a_person_the_message_is_under_the_back_link(client, people):
    person = ParticipantFactory(team=people.team, care_coordinator=people.coordinator)
    client.force_login(people.coordinator)
    data = {
        "nhs_number": person.nhs_number,
        "given_name": "Nia",
        "family_name": person.family_name,
        **date_fields("date_of_birth", person.date_of_birth),
        "address": "",
        "care_coordinator": people.coordinator.pk,
        "phb_category": person.phb_category,
        "cohort": person.cohort,
        "representative": "",
    }
    saved = client.post(reverse("participants:edit", args=[person.pk]), data, follow=True)
    back, message, heading = _order(
        saved, "nhsuk-back-link__link", "The changes have been saved.", "<h1"
    )
    assert back < message < heading
    assert 'class="nhsuk-notification-banner nhsuk-notification-banner--success"' in saved.text


def test_after_saving_a_draft_the_message_is_under_the_back_link(client, people, person):
    plan = drafting.plan_create(user=people.coordinator, participant=person)
    version = plan.versions.get()
    client.force_login(people.coordinator)
    saved = client.post(
        reverse("careplans:edit", args=[plan.pk]),
        {"version": 1, "revision": version.revision, "what_matters_to_person": "Friends"},
        follow=True,
    )
    assert saved.status_code == 200
    text = saved.content.decode()
    assert "nhsuk-notification-banner" in text
    back, message, heading = _order(
        saved, "nhsuk-back-link__link", "nhsuk-notification-banner", "<h1"
    )
    assert back < message < heading


def test_a_page_without_a_back_link_has_its_messages_first():
    content = "<h1>Home</h1><p>x</p>"
    assert place_messages(content, "<div>M</div>") == "<div>M</div>" + content
    low_back_link = '<h1>Home</h1><div class="nhsuk-back-link"><a>Back</a></div>'
    assert place_messages(low_back_link, "M").startswith("M<h1>")
    top = '<div class="nhsuk-back-link"><a>Back</a></div>\n<h1>Page</h1>'
    assert (
        place_messages(top, "M") == '<div class="nhsuk-back-link"><a>Back</a></div>\nM<h1>Page</h1>'
    )


def test_the_status_page_answers_without_sign_in_in_plain_words(client, settings):
    settings.REDIS_URL = ""
    page = client.get(reverse("service-status"))
    assert page.status_code == 200
    text = page.content.decode()
    assert title(page) == f"Service status – {SERVICE}"
    assert "The service is working." in text
    assert "Working: records can be read and saved." in text
    assert "Not used: background tasks run in the web service itself." in text
    assert 'href="/healthz"' in text
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]


def test_the_status_page_says_which_part_is_down(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    monkeypatch.setattr("phb.status.broker_status", lambda: "down: ConnectionError")
    page = client.get(reverse("service-status"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Part of the service is not working" in text
    assert "Not answering: review packs cannot be made for now." in text
    assert "ConnectionError" not in text


def test_the_footer_links_to_the_status_page_and_the_api_documentation(client, people):
    anonymous = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("service-status")}">Service status</a>' in anonymous
    assert "API documentation" not in anonymous
    client.force_login(people.coordinator)
    home = client.get(reverse("home")).content.decode()
    footer = home[home.index("<footer") :]
    assert f'href="{reverse("api-docs")}">API documentation</a>' in footer
