"""``/healthz`` tells whether the database and the broker answer."""

from django.test import override_settings
from django.urls import reverse

from phb.health import HEALTH_PATH


def test_healthy_when_every_configured_service_answers(client, db, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == ("ok" if settings.REDIS_URL else "not configured")


@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_503_when_the_broker_does_not_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["broker"].startswith("down")
    assert body["database"] == "ok"


def test_health_needs_no_sign_in_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_whatever_the_host(client, db, settings):
    # A container's health check, a load balancer or an orchestrator's probe asks by
    # address (127.0.0.1:8000, 10.0.3.7), not by the service's public name.
    settings.ALLOWED_HOSTS = ["phb.example.org"]
    for host in ["127.0.0.1:8000", "10.0.3.7", "[::1]:8000", "evil.example.com"]:
        response = client.get("/healthz", headers={"host": host})
        assert response.status_code == 200, host
        assert response.json()["status"] == "ok"
        assert "no-cache" in response["Cache-Control"]


def test_every_other_address_still_refuses_a_host_not_allowed(client, db, settings):
    settings.ALLOWED_HOSTS = ["phb.example.org"]
    for path in ["/", "/sign-in/", "/healthz/", "/healthzx", "/api/v1/me/"]:
        assert client.get(path, headers={"host": "10.0.3.7"}).status_code == 400, path
    assert client.get("/sign-in/", headers={"host": "phb.example.org"}).status_code == 200


def test_the_route_and_the_middleware_agree_on_the_address():
    assert reverse("healthz") == HEALTH_PATH


def test_health_answers_get_only(client, db):
    assert client.post("/healthz").status_code == 405
