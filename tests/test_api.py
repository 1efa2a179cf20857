"""The API: authentication, the signed-in user, errors, schema, throttling."""

import json

from django.core.management import call_command
from django.urls import reverse
from rest_framework.throttling import UserRateThrottle

from people.services import token_create


def test_an_anonymous_call_gets_401_with_a_token_challenge(api, db):
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_token_signs_the_call_in(api, people):
    _, key = token_create(user=people.coordinator, name="test")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").json()["username"] == "cara"


def test_a_wrong_token_gets_401(api, people):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/me/").status_code == 401


def test_me_says_who_the_user_is(api, people):
    api.force_authenticate(people.coordinator)
    assert api.get("/api/v1/me/").json() == {
        "id": people.coordinator.pk,
        "username": "cara",
        "name": people.coordinator.get_full_name(),
        "email": "",
        "role": "coordinator",
        "role_display": "Care coordinator",
        "team": {
            "id": people.team.pk,
            "name": "Riverside CMHT",
            "organisation": {"id": people.team.organisation_id, "name": "Northshire ICB"},
        },
        "organisation": {"id": people.team.organisation_id, "name": "Northshire ICB"},
    }


def test_me_for_a_commissioner_has_no_team(api, people):
    api.force_authenticate(people.commissioner)
    body = api.get("/api/v1/me/").json()
    assert body["team"] is None
    assert body["organisation"]["name"] == "Northshire ICB"


def test_session_authentication_works_too(client, people):
    client.force_login(people.facilitator)
    assert client.get("/api/v1/me/").json()["role"] == "facilitator"


def test_lists_are_paginated(api, people):
    api.force_authenticate(people.administrator)
    body = api.get("/api/v1/teams/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3


def test_an_unknown_api_address_answers_json_404(api, people):
    api.force_authenticate(people.coordinator)
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_schema_validates_and_names_the_endpoints(tmp_path, db):
    out = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(out),
    )
    schema = json.loads(out.read_text())
    assert "/api/v1/me/" in schema["paths"]
    assert "/api/v1/teams/{id}/" in schema["paths"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_the_schema_and_its_docs_are_served_without_a_cdn(client, people):
    client.force_login(people.coordinator)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.text
    assert "drf_spectacular_sidecar/swagger-ui-dist" in html
    assert "cdn" not in html.lower()


def test_the_schema_answers_an_anonymous_call_with_401(api, db):
    response = api.get("/api/schema/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_the_schema_answers_a_token(api, people):
    _, key = token_create(user=people.peer_reviewer, name="schema reader")
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/schema/?format=json").json()["info"]["title"]


def test_the_api_docs_send_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/api/docs/"


def test_signed_in_calls_are_throttled_per_user(api, people, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})
    api.force_authenticate(people.coordinator)
    statuses = [api.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    api.force_authenticate(people.facilitator)
    assert api.get("/api/v1/me/").status_code == 200
