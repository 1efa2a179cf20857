"""Signing in, signing out, lock-out and sessions."""

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from people.models import Role
from tests.factories import PASSWORD

ROLE_HEADINGS = {
    Role.COORDINATOR: "You record the people on your team's caseload",
    Role.FACILITATOR: "You sign off your team's plans",
    Role.COMMISSIONER: "You set tariffs and cluster costs",
    Role.PEER_REVIEWER: "You audit the plans assigned to you",
    Role.ADMINISTRATOR: "You manage users, teams and roles",
}


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize(
    "who", ["coordinator", "facilitator", "commissioner", "peer_reviewer", "administrator"]
)
def test_each_role_signs_in_and_sees_its_home_page(client, people, who):
    user = getattr(people, who)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    assert response.url == reverse("home")

    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert ROLE_HEADINGS[user.role] in home.text
    assert user.get_role_display() in home.text


def test_a_wrong_password_does_not_sign_in(client, people):
    response = sign_in(client, "cara", "not-the-password")
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.text
    assert "nhsuk-error-summary" in response.text
    assert "_auth_user_id" not in client.session


def test_after_five_failures_the_account_is_locked_even_with_the_right_password(client, people):
    for _ in range(5):
        sign_in(client, "cara", "not-the-password")
    response = sign_in(client, "cara")
    assert response.status_code == 429
    assert "Your account is locked" in response.text
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_signs_in(client, people):
    for _ in range(4):
        sign_in(client, "cara", "not-the-password")
    assert sign_in(client, "cara").status_code == 302


def test_an_anonymous_visit_redirects_to_sign_in(client, db):
    response = client.get(reverse("people:teams"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('people:teams')}"


def test_sessions_end_after_thirty_minutes_idle(client, people):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    client.force_login(people.coordinator)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 30 * 60


def test_passwords_are_hashed_with_argon2(people):
    assert people.coordinator.password.startswith("argon2")


def test_sign_out_is_a_post_and_ends_the_session(client, people):
    client.force_login(people.coordinator)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, people):
    client.force_login(people.coordinator)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )
    assert response.status_code == 302
    people.coordinator.refresh_from_db()
    assert people.coordinator.check_password("a-new-long-passphrase")


def test_sign_ins_and_failures_are_in_the_audit_trail(client, people):
    sign_in(client, "cara", "wrong-password")
    sign_in(client, "cara")
    kinds = list(
        AuditEvent.objects.filter(username="cara").order_by("at").values_list("kind", flat=True)
    )
    assert kinds == [AuditEvent.Kind.SIGN_IN_FAILED, AuditEvent.Kind.SIGN_IN]
    signed_in = AuditEvent.objects.get(kind=AuditEvent.Kind.SIGN_IN)
    assert signed_in.user == people.coordinator
    assert signed_in.ip_address == "127.0.0.1"
