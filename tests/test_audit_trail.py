"""Every change and every view of a record is in the audit trail."""

from django.urls import reverse

from audit.models import AuditEvent
from people.models import Team


def test_a_page_view_of_a_record_is_logged(client, people):
    client.force_login(people.coordinator)
    client.get(reverse("people:team", args=[people.team.pk]))
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW)
    assert event.user == people.coordinator
    assert event.channel == AuditEvent.Channel.PAGE
    assert event.object_id == str(people.team.pk)
    assert event.object_repr == "Riverside CMHT"
    assert event.path == reverse("people:team", args=[people.team.pk])


def test_an_api_read_of_a_record_is_logged_and_a_list_is_not(api, people):
    api.force_authenticate(people.coordinator)
    api.get("/api/v1/teams/")
    api.get(f"/api/v1/teams/{people.team.pk}/")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VIEW)
    assert event.channel == AuditEvent.Channel.API
    assert event.object_id == str(people.team.pk)


def test_a_refused_view_is_not_logged_as_a_view(client, people):
    client.force_login(people.coordinator)
    client.get(reverse("people:team", args=[people.other_team.pk]))
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.VIEW).exists()


def test_changes_keep_who_when_and_what(client, people):
    client.force_login(people.administrator)
    response = client.post(
        reverse("admin:people_team_change", args=[people.team.pk]),
        {"organisation": people.team.organisation_id, "name": "Riverside Recovery Team"},
    )
    assert response.status_code == 302
    latest = Team.history.filter(id=people.team.pk).latest()
    assert latest.history_type == "~"
    assert latest.history_user == people.administrator
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "Riverside CMHT", "Riverside Recovery Team")
    ]


def test_administrators_read_changes_and_their_details(client, people):
    team = people.team
    team.name = "Riverside Recovery Team"
    team.save()
    client.force_login(people.administrator)

    page = client.get(reverse("audit:changes"), {"model": "people.Team"})
    assert page.status_code == 200
    changes = page.context["changes"]
    assert changes[0].action == "Changed"
    assert changes[0].record == "Riverside Recovery Team"

    detail = client.get(reverse("audit:change", args=["people.Team", changes[0].history_id]))
    assert detail.status_code == 200
    assert "Riverside CMHT" in detail.text
    assert "Riverside Recovery Team" in detail.text


def test_the_changes_page_lists_every_tracked_kind_of_record(client, people):
    client.force_login(people.administrator)
    page = client.get(reverse("audit:changes"))
    labels = {change.model_label for change in page.context["changes"]}
    assert {"people.Organisation", "people.Team", "people.User"} <= labels


def test_administrators_read_views_and_sign_ins(client, people):
    client.force_login(people.coordinator)
    client.get(reverse("people:team", args=[people.team.pk]))
    client.force_login(people.administrator)
    page = client.get(reverse("audit:events"), {"kind": "view"})
    assert page.status_code == 200
    assert [event.username for event in page.context["object_list"]] == ["cara"]
    assert "Riverside CMHT" in page.text


def test_a_missing_change_is_404(client, people):
    client.force_login(people.administrator)
    assert client.get(reverse("audit:change", args=["people.Team", 999999])).status_code == 404
    assert client.get(reverse("audit:change", args=["nope.Nope", 1])).status_code == 404


def test_audit_pages_do_not_grow_queries_with_rows(client, people, django_assert_max_num_queries):
    client.force_login(people.administrator)
    for n in range(60):
        Team.objects.create(organisation=people.team.organisation, name=f"Team {n}")
        client.get(reverse("people:team", args=[people.team.pk]))
    with django_assert_max_num_queries(12):
        client.get(reverse("audit:changes"))
    with django_assert_max_num_queries(12):
        client.get(reverse("audit:events"))


def test_the_trail_sorts_by_any_column_and_downloads_as_csv(client, people):
    client.force_login(people.coordinator)
    client.get(reverse("people:team", args=[people.team.pk]))
    client.force_login(people.administrator)
    events = client.get(reverse("audit:events"), {"events_sort": "who"})
    who = [row.event.username for row in events.context["table"].rows]
    assert who == sorted(who)
    download = client.get(reverse("audit:events"), {"csv": "events", "events_sort": "-who"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "When,Who,What,Record,Via,From"
    assert len(lines) > 1
    changed = client.get(reverse("audit:changes"), {"changes_sort": "record"})
    labels = [change.model_label for change in changed.context["table"].rows]
    assert labels == sorted(labels)
    download = client.get(reverse("audit:changes"), {"csv": "changes", "changes_sort": "-when"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "When,Who,What,Record,Fields changed"
    assert len(lines) > 1
