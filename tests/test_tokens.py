"""API tokens: they expire, their owner sees and revokes them (page and API) and makes new
ones on the page, shown once; the key itself is never kept."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from people.models import ApiToken
from people.services import token_create


@pytest.fixture
def token(people) -> tuple[ApiToken, str]:
    return token_create(user=people.coordinator, name="reporting script")


def with_key(api, key: str):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


# Expiry ------------------------------------------------------------------------------------


def test_a_token_lasts_thirty_days_by_default(token):
    made, _ = token
    assert made.expires - made.created == timedelta(days=30)


def test_api_token_days_sets_how_long_a_new_token_lasts(people, settings):
    settings.API_TOKEN_DAYS = 7
    made, _ = token_create(user=people.coordinator, name="short-lived")
    assert made.expires - made.created == timedelta(days=7)


def test_a_token_signs_the_call_in_until_it_expires(api, token):
    made, key = token
    assert with_key(api, key).get("/api/v1/me/").json()["username"] == "cara"

    ApiToken.objects.filter(pk=made.pk).update(expires=timezone.now() - timedelta(seconds=1))
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    detail = response.json()["detail"]
    assert "This API token expired on" in detail
    assert "make a new one" in detail


def test_the_key_itself_is_not_kept(token):
    made, key = token
    assert key.startswith(made.prefix)
    stored = ApiToken.objects.values().get(pk=made.pk)
    assert key not in [str(value) for value in stored.values()]


def test_a_revoked_or_unknown_token_gets_401(api, token):
    made, key = token
    made.delete()
    response = with_key(api, key).get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


def test_the_token_of_a_deactivated_user_gets_401(api, people, token):
    _, key = token
    people.coordinator.is_active = False
    people.coordinator.save()
    assert with_key(api, key).get("/api/v1/me/").status_code == 401


def test_the_token_of_a_user_asked_for_a_new_password_gets_403(api, people, token):
    _, key = token
    people.coordinator.must_change_password = True
    people.coordinator.save()
    response = with_key(api, key).get("/api/v1/me/")
    assert response.status_code == 403
    assert "change your password" in response.json()["detail"]


def test_last_used_is_kept_to_the_minute(api, token):
    made, key = token
    assert made.last_used is None
    with_key(api, key).get("/api/v1/me/")
    made.refresh_from_db()
    first = made.last_used
    assert first is not None

    api.get("/api/v1/me/")  # within the minute: no write
    made.refresh_from_db()
    assert made.last_used == first

    ApiToken.objects.filter(pk=made.pk).update(last_used=first - timedelta(minutes=2))
    api.get("/api/v1/me/")
    made.refresh_from_db()
    assert made.last_used > first - timedelta(minutes=2)


# The API: see and revoke your own tokens ---------------------------------------------------


def test_the_owner_lists_their_tokens_without_keys(api, people, token):
    made, key = token
    token_create(user=people.facilitator, name="someone else's")
    body = with_key(api, key).get("/api/v1/me/tokens/").json()
    assert body["count"] == 1
    (listed,) = body["results"]
    assert listed["id"] == made.pk
    assert listed["name"] == "reporting script"
    assert listed["prefix"] == made.prefix
    assert listed["expired"] is False
    assert {"created", "expires", "last_used"} <= set(listed)
    assert key not in str(body)


def test_the_owner_revokes_a_token_through_the_api(api, people, token):
    _, key = token
    other, _ = token_create(user=people.coordinator, name="old laptop")
    response = with_key(api, key).delete(f"/api/v1/me/tokens/{other.pk}/")
    assert response.status_code == 204
    assert not ApiToken.objects.filter(pk=other.pk).exists()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_REVOKED)
    assert event.user == people.coordinator
    assert event.channel == AuditEvent.Channel.API
    assert event.object_id == str(other.pk)


def test_a_token_can_revoke_itself(api, token):
    made, key = token
    assert with_key(api, key).delete(f"/api/v1/me/tokens/{made.pk}/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_another_users_token_is_404(api, people, token):
    theirs, _ = token_create(user=people.facilitator, name="theirs")
    api.force_authenticate(people.coordinator)
    assert api.get(f"/api/v1/me/tokens/{theirs.pk}/").status_code == 404
    assert api.delete(f"/api/v1/me/tokens/{theirs.pk}/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_the_api_does_not_make_tokens(api, token):
    _, key = token
    response = with_key(api, key).post("/api/v1/me/tokens/", {"name": "renewed"})
    assert response.status_code == 405
    assert ApiToken.objects.count() == 1


def test_the_schema_describes_the_token_endpoints(api, people):
    api.force_authenticate(people.coordinator)
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert set(paths["/api/v1/me/tokens/"]) == {"get"}
    assert set(paths["/api/v1/me/tokens/{id}/"]) == {"get", "delete"}


# The page: see, make (shown once) and revoke -----------------------------------------------


def test_the_tokens_page_lists_the_owners_tokens(client, people, token):
    made, key = token
    token_create(user=people.facilitator, name="femi's laptop")
    client.force_login(people.coordinator)
    response = client.get(reverse("people:tokens"))
    assert response.status_code == 200
    assert list(response.context["tokens"]) == [made]
    assert "reporting script" in response.text
    assert "laptop" not in response.text
    assert key not in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_token_made_on_the_page_is_shown_once(client, people):
    client.force_login(people.coordinator)
    response = client.post(reverse("people:tokens"), {"name": "reporting script"})
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key in response.text
    assert "will not be shown again" in response.text
    assert "no-store" in response["Cache-Control"]
    made = ApiToken.objects.get(user=people.coordinator)
    assert key.startswith(made.prefix)

    assert key not in client.get(reverse("people:tokens")).text
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_CREATED)
    assert event.user == people.coordinator
    assert event.object_id == str(made.pk)


def test_a_token_needs_a_name(client, people):
    client.force_login(people.coordinator)
    response = client.post(reverse("people:tokens"), {"name": "  "})
    assert response.status_code == 200
    assert "Enter a name for the token" in response.text
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_on_the_page(client, people, token):
    made, _ = token
    client.force_login(people.coordinator)
    response = client.post(reverse("people:token_revoke", args=[made.pk]))
    assert response.status_code == 302
    assert response.url == reverse("people:tokens")
    assert not ApiToken.objects.exists()
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_REVOKED)
    assert event.channel == AuditEvent.Channel.PAGE


def test_no_one_revokes_another_users_token_on_the_page(client, people, token):
    made, _ = token
    client.force_login(people.administrator)
    assert client.post(reverse("people:token_revoke", args=[made.pk])).status_code == 404
    assert ApiToken.objects.filter(pk=made.pk).exists()


def test_an_expired_token_is_marked_on_the_page(client, people, token):
    made, _ = token
    ApiToken.objects.filter(pk=made.pk).update(expires=timezone.now() - timedelta(days=1))
    client.force_login(people.coordinator)
    assert "Expired" in client.get(reverse("people:tokens")).text


def test_the_tokens_page_is_in_the_account_links(client, people):
    client.force_login(people.peer_reviewer)
    assert f'href="{reverse("people:tokens")}"' in client.get(reverse("home")).text


# The command -------------------------------------------------------------------------------


def test_create_token_prints_the_key_once(people):
    out = io.StringIO()
    call_command("create_token", "cara", "--name", "nightly import", stdout=out)
    made = ApiToken.objects.get(user=people.coordinator)
    assert made.name == "nightly import"
    printed = out.getvalue()
    assert made.prefix in printed
    assert "expires" in printed
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.TOKEN_CREATED)
    assert event.channel == AuditEvent.Channel.COMMAND


def test_create_token_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("create_token", "nobody")


def test_the_tokens_page_sorts_and_downloads_its_list_without_keys(client, people, token):
    token, key = token
    client.force_login(token.user)
    page = client.get(reverse("people:tokens"), {"tokens_sort": "name"})
    assert page.context["table"].rows == [token]
    assert "Revoke" in page.text
    download = client.get(reverse("people:tokens"), {"csv": "tokens"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Name,Starts with,Made,Expires,Last used"
    assert lines[1].startswith(f"{token.name},{token.prefix},")
    assert key not in download.content.decode("utf-8")
