"""Who sees what: a record outside a user's scope answers 404, never 403."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("who", ["coordinator", "facilitator"])
def test_a_team_member_sees_their_own_team(client, people, who):
    client.force_login(getattr(people, who))
    response = client.get(reverse("people:team", args=[people.team.pk]))
    assert response.status_code == 200
    assert "Riverside CMHT" in response.text


@pytest.mark.parametrize("who", ["coordinator", "facilitator"])
def test_a_team_member_gets_404_for_another_team(client, people, who):
    client.force_login(getattr(people, who))
    response = client.get(reverse("people:team", args=[people.other_team.pk]))
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_a_team_member_lists_only_their_team(client, people):
    client.force_login(people.coordinator)
    response = client.get(reverse("people:teams"))
    assert list(response.context["teams"]) == [people.team]


def test_a_commissioner_sees_the_teams_of_their_organisation_only(client, people):
    client.force_login(people.commissioner)
    listed = client.get(reverse("people:teams")).context["teams"]
    assert set(listed) == {people.team, people.other_team}
    foreign = client.get(reverse("people:team", args=[people.foreign_team.pk]))
    assert foreign.status_code == 404


def test_a_peer_reviewer_sees_no_team(client, people):
    client.force_login(people.peer_reviewer)
    assert list(client.get(reverse("people:teams")).context["teams"]) == []
    assert client.get(reverse("people:team", args=[people.team.pk])).status_code == 404


def test_an_administrator_sees_every_team(client, people):
    client.force_login(people.administrator)
    listed = client.get(reverse("people:teams")).context["teams"]
    assert set(listed) == {people.team, people.other_team, people.foreign_team}


def test_the_api_applies_the_same_rule(api, people):
    api.force_authenticate(people.coordinator)
    assert api.get(f"/api/v1/teams/{people.team.pk}/").status_code == 200
    response = api.get(f"/api/v1/teams/{people.other_team.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Team matches the given query."}
    listed = api.get("/api/v1/teams/").json()
    assert [team["name"] for team in listed["results"]] == ["Riverside CMHT"]


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "commissioner", "peer_reviewer"])
def test_only_administrators_read_the_audit_trail(client, people, who):
    client.force_login(getattr(people, who))
    response = client.get(reverse("audit:events"))
    assert response.status_code == 403
    assert "You cannot do this" in response.text


@pytest.mark.parametrize("who", ["coordinator", "commissioner"])
def test_only_administrators_reach_user_administration(client, people, who):
    client.force_login(getattr(people, who))
    response = client.get("/admin/people/user/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_administrators_manage_users(client, people):
    client.force_login(people.administrator)
    response = client.get("/admin/people/user/")
    assert response.status_code == 200
    assert "cara" in response.text


def test_the_team_pages_sort_and_download_as_csv(client, people):
    client.force_login(people.commissioner)
    teams = client.get(reverse("people:teams"), {"teams_sort": "-team"})
    assert [team.name for team in teams.context["table"].rows] == [
        "Riverside CMHT",
        "Hillside CMHT",
    ]
    download = client.get(reverse("people:teams"), {"csv": "teams", "teams_sort": "team"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines == [
        "Team,Organisation,Members",
        "Hillside CMHT,Northshire ICB,1",
        "Riverside CMHT,Northshire ICB,2",
    ]
    members = client.get(
        reverse("people:team", args=[people.team.pk]), {"csv": "members", "members_sort": "role"}
    )
    rows = members.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert rows[0] == "Name,Role"
    assert [row.split(",")[1] for row in rows[1:]] == ["Care coordinator", "PHB facilitator"]
