"""Who sees whom: the participant list, finding people, and a person's pages."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from costing.models import Cluster
from participants.models import Participant
from tests import participant_pages_helpers
from tests.factories import ParticipantFactory
from tests.participant_pages_helpers import count_queries, url

person = participant_pages_helpers.person  # the fixture: this module's, not conftest's


# -- The list ------------------------------------------------------------------------------------


def test_the_list_shows_only_the_team_s_participants(client, people, person):
    hillside = ParticipantFactory(team=people.other_team, family_name="Elsewhere")
    client.force_login(people.coordinator)
    response = client.get(url("list"))
    assert list(response.context["participants"]) == [person]
    assert "999 " in response.text or person.nhs_number_display in response.text
    assert hillside.family_name not in response.text


def test_a_commissioner_lists_the_participants_of_their_organisation(client, people, person):
    hillside = ParticipantFactory(team=people.other_team)
    ParticipantFactory(team=people.foreign_team)
    client.force_login(people.commissioner)
    listed = set(client.get(url("list")).context["participants"])
    assert listed == {person, hillside}


def test_a_search_by_nhs_number_typed_with_spaces_finds_the_person(client, people, person):
    ParticipantFactory.create_batch(3, team=people.team)
    client.force_login(people.coordinator)
    response = client.get(url("list"), {"q": person.nhs_number_display})
    assert list(response.context["participants"]) == [person]
    assert person.nhs_number_display in response.text


def test_a_search_by_name_finds_the_person(client, people, person):
    ParticipantFactory(team=people.team, given_name="Bob", family_name="Other")
    client.force_login(people.coordinator)
    assert list(client.get(url("list"), {"q": "ann exam"}).context["participants"]) == [person]


def test_the_list_filters_by_current_cluster_and_cohort(client, people, person):
    control = ParticipantFactory(team=people.team, cohort=Participant.Cohort.CONTROL)
    cluster_8 = Cluster.objects.get(number=8)
    client.force_login(people.coordinator)
    by_cluster = client.get(url("list"), {"cluster": cluster_8.pk}).context["participants"]
    assert list(by_cluster) == [person]
    by_cohort = client.get(url("list"), {"cohort": "control"}).context["participants"]
    assert list(by_cohort) == [control]


def test_the_team_filter_offers_only_the_teams_the_user_can_see(client, people, person):
    hillside = ParticipantFactory(team=people.other_team)
    client.force_login(people.commissioner)
    response = client.get(url("list"), {"team": people.other_team.pk})
    assert list(response.context["participants"]) == [hillside]
    offered = set(response.context["filter"].form.fields["team"].queryset)
    assert offered == {people.team, people.other_team}
    foreign = client.get(url("list"), {"team": people.foreign_team.pk})
    assert list(foreign.context["participants"]) == []


@pytest.mark.parametrize("who", ["administrator", "peer_reviewer"])
def test_administrators_and_peer_reviewers_see_no_one_and_have_no_menu_item(client, people, who):
    ParticipantFactory(team=people.team)
    client.force_login(getattr(people, who))
    assert list(client.get(url("list")).context["participants"]) == []
    home = client.get(reverse("home"))
    assert "Participants" not in [item["text"] for item in home.context["nav_items"]]


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "commissioner"])
def test_care_teams_and_commissioners_have_the_menu_item(client, people, who):
    client.force_login(getattr(people, who))
    items = [item["text"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Participants" in items
    assert "Tariffs and clusters" in items


def test_the_list_is_paginated_by_50(client, people):
    ParticipantFactory.create_batch(51, team=people.team)
    client.force_login(people.coordinator)
    response = client.get(url("list"))
    assert len(response.context["participants"]) == 50
    assert "Page 2 of 2" in response.text


def test_the_list_page_queries_do_not_grow_with_the_participants(client, people):
    cluster = Cluster.objects.get(number=11)
    ParticipantFactory.create_batch(
        10, team=people.team, care_coordinator=people.coordinator, cluster=cluster
    )
    client.force_login(people.coordinator)
    count_queries(client, url("list"))  # warm the caches
    with_10 = count_queries(client, url("list"))
    ParticipantFactory.create_batch(
        190, team=people.team, care_coordinator=people.facilitator, cluster=cluster
    )
    with_200 = count_queries(client, url("list"))
    assert with_200 <= with_10
    assert with_10 <= 14  # two of them the menu's count of overdue reviews and the unread count


# -- Another team, a commissioner --------------------------------------------------------------


PERSON_PAGES = [
    "detail",
    "edit",
    "cluster",
    "service_use",
    "direct_payment",
    "indicative_budget",
]


@pytest.mark.parametrize("page", PERSON_PAGES)
def test_another_team_s_coordinator_gets_404_on_every_page_of_the_person(
    client, people, person, page
):
    client.force_login(people.other_coordinator)
    assert client.get(url(page, person)).status_code == 404
    if page != "detail":
        assert client.post(url(page, person), {}).status_code == 404
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).exists()


def test_another_team_s_coordinator_gets_404_on_the_calculator_preview(client, people, person):
    client.force_login(people.other_coordinator)
    response = client.post(url("indicative_budget_preview", person), {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 404


def test_a_commissioner_of_the_organisation_can_view_but_not_change(client, people, person):
    client.force_login(people.commissioner)
    detail = client.get(url("detail", person))
    assert detail.status_code == 200
    assert "Change their details" not in detail.text
    for page in PERSON_PAGES[1:]:
        assert client.get(url(page, person)).status_code == 403, page
    assert client.get(url("add")).status_code == 403
    assert client.get(url("import_service_use")).status_code == 403


def test_a_commissioner_elsewhere_gets_404(client, people, person):
    client.force_login(people.foreign_commissioner)
    assert client.get(url("detail", person)).status_code == 404
