"""The coordinator's and facilitator's home pages: what waits for them, a count and a link
to the list of those records each, their team's only, in a fixed number of queries; and
the menu's counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.navigation import ITEMS_BY_ROLE
from tests.home_builders import waiting_in

pytestmark = pytest.mark.django_db


def _home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _cards(page: str) -> dict[str, int]:
    """Each card's key and its count."""
    found = re.findall(r'id="waiting-([a-z_]+)">.*?<p class="app-figure">(\d+)<', page, re.S)
    return {key: int(count) for key, count in found}


@pytest.fixture
def scene(people):
    """The same records in the user's team and in the other team of the organisation."""
    other = waiting_in(people.other_team, people.other_coordinator)
    return waiting_in(people.team, people.coordinator), other


def test_a_coordinator_sees_their_teams_counts_only(client, people, scene):
    page = _home(client, people.coordinator)
    assert _cards(page) == {
        "draft": 2,
        "returned": 4,
        "reconsidered": 1,
        "review_soon": 1,
        "review_overdue": 1,
    }
    main = page.split('id="maincontent"', 1)[1]
    assert main.index("Waiting for you") < main.index("You record the people")
    assert '2<span class="nhsuk-u-visually-hidden"> with a draft</span>' in page


def test_a_facilitator_also_sees_the_plans_to_sign_off(client, people, scene):
    page = _home(client, people.facilitator)
    assert _cards(page) == {
        "queue": 1,
        "draft": 2,
        "returned": 4,
        "reconsidered": 1,
        "review_soon": 1,
        "review_overdue": 1,
    }
    assert f'href="{reverse("careplans:queue")}">Open the sign-off queue' in page


@pytest.mark.parametrize("who", ["commissioner", "peer_reviewer", "administrator"])
def test_no_one_else_has_the_teams_cards(client, people, scene, who):
    assert "Waiting for you" not in _home(client, getattr(people, who))


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("draft", {"draft", "redrafted"}),
        ("returned", {"returned", "redrafted", "reconsidered", "long_ago"}),
        ("reconsidered", {"reconsidered"}),
        ("review_soon", {"due_soon"}),
        ("review_overdue", {"overdue"}),
        ("waiting", {"submitted"}),
        ("approved", {"due_soon", "overdue", "due_later"}),
        ("no_plan", {"no_plan"}),
    ],
)
def test_each_link_lists_those_people(client, people, scene, key, expected):
    mine, _ = scene
    client.force_login(people.coordinator)
    response = client.get(reverse("participants:list"), {"show": key})
    shown = {person.pk for person in response.context["participants"]}
    named = {getattr(mine, name).pk for name in expected if hasattr(mine, name)}
    assert named <= shown
    assert len(shown) == len(expected)  # "long_ago" is not kept on the builder's result


def test_each_cards_link_lists_as_many_people_as_it_counts(client, people, scene):
    page = _home(client, people.coordinator)
    for key, count in _cards(page).items():
        if key == "review_overdue":
            rows = client.get(reverse("reviews:overdue")).context["table"].rows
        else:
            assert f'href="{reverse("participants:list")}?show={key}"' in page
            rows = client.get(reverse("participants:list"), {"show": key}).context["participants"]
        assert len(rows) == count, key


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def test_the_home_page_takes_the_same_queries_whatever_the_data(client, people):
    client.force_login(people.facilitator)
    waiting_in(people.team, people.coordinator)
    before = _queries(client)
    for _ in range(3):
        waiting_in(people.team, people.coordinator)
    assert _queries(client) == before
    assert _cards(client.get(reverse("home")).content.decode())["draft"] == 8


# -- The menu ----------------------------------------------------------------------------------


def _menu(client, user) -> dict[str, tuple[int, str]]:
    client.force_login(user)
    items = client.get(reverse("home")).context["nav_items"]
    return {item["text"]: (item["count"], item["count_words"]) for item in items}


def test_the_menu_counts_what_waits_for_a_facilitator(client, people, scene):
    menu = _menu(client, people.facilitator)
    assert menu["Sign-off queue"] == (1, "waiting")
    assert menu["Overdue reviews"] == (1, "overdue")
    assert menu["Participants"] == (0, "")
    page = client.get(reverse("home")).content.decode()
    assert '(1<span class="nhsuk-u-visually-hidden"> waiting</span>)' in page


def test_the_menu_counts_the_organisation_for_a_commissioner(client, people, scene):
    menu = _menu(client, people.commissioner)
    assert menu["Sign-off queue"] == (2, "waiting")  # both teams, as their queue
    assert menu["Overdue reviews"] == (2, "overdue")


def test_a_count_of_nothing_is_not_shown(client, people):
    client.force_login(people.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert "app-nav-count" not in page


def test_the_menu_has_no_api_item_but_the_footer_links_its_documentation(client, people):
    for items in ITEMS_BY_ROLE.values():
        assert "API" not in [item.text for item in items]
    client.force_login(people.coordinator)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("api-docs")}">API documentation' in page


def test_the_menu_takes_the_same_queries_whatever_the_data(client, people):
    client.force_login(people.commissioner)
    waiting_in(people.team, people.coordinator)
    before = _queries(client)
    waiting_in(people.team, people.coordinator)
    waiting_in(people.other_team, people.other_coordinator)
    assert _queries(client) == before
