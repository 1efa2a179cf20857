"""Security headers, cookies and the Content Security Policy."""

import re

from django.urls import reverse

from tests.factories import PASSWORD


def test_pages_carry_a_strict_content_security_policy(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    assert "'nonce-" in script_src


def test_pages_have_no_inline_script(client, people):
    client.force_login(people.administrator)
    pages = [
        reverse("login"),
        reverse("home"),
        reverse("people:teams"),
        reverse("people:locked_accounts"),
        reverse("people:tokens"),
        reverse("password_change"),
        "/no-such-page/",
    ]
    for url in pages:
        html = client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script on {url}: {tag}"
        assert "<style" not in html, f"inline style on {url}"
        assert " style=" not in html, f"inline style on {url}"


def test_frames_are_refused_and_content_types_not_sniffed(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure_and_http_only(client, people):
    login = client.get(reverse("login"))
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]
    response = client.post(reverse("login"), {"username": "cara", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_forms_need_a_csrf_token(people):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "cara", "password": PASSWORD})
    assert response.status_code == 403


def test_hsts_is_on_in_production(client, db, settings):
    assert not settings.DEBUG
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_server_error_is_a_styled_page_and_json_for_the_api(rf):
    from common.errors import server_error

    page = server_error(rf.get("/teams/"))
    assert page.status_code == 500
    assert "Sorry, there is a problem with the service" in page.content.decode()
    api = server_error(rf.get("/api/v1/me/"))
    assert api.status_code == 500
    assert api["Content-Type"] == "application/json"


def test_every_response_denies_the_browser_features_the_service_does_not_use(client, people):
    client.force_login(people.coordinator)
    responses = [
        client.get(reverse("home")),  # a page
        client.get(reverse("people:teams") + "999999/"),  # a 404
        client.get("/api/v1/me/"),  # the API
        client.get(reverse("healthz")),
        client.post(reverse("logout")),  # a redirect
    ]
    for response in responses:
        policy = response["Permissions-Policy"]
        features = dict(part.strip().split("=") for part in policy.split(","))
        for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
            assert features[feature] == "()", (response.request["PATH_INFO"], policy)


def test_static_files_carry_the_permissions_policy_too(settings):
    # WhiteNoise answers static files itself: the policy's middleware sits above it.
    middleware = settings.MIDDLEWARE
    assert middleware.index("common.middleware.PermissionsPolicyMiddleware") < middleware.index(
        "whitenoise.middleware.WhiteNoiseMiddleware"
    )


def test_the_browsable_api_is_off_in_production(client, people, settings):
    assert not settings.DEBUG
    client.force_login(people.coordinator)
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/api/v1/me/", HTTP_ACCEPT=browser_accept)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["username"] == "cara"
