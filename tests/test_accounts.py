"""Accounts: unlocking a locked account, forced password changes, API tokens."""

import io
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from people.models import User
from tests.factories import PASSWORD


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def lock(username: str, failures: int = 5) -> None:
    """Fail to sign in as ``username`` that many times, from a client of its own."""
    stranger = Client()
    for _ in range(failures):
        sign_in(stranger, username, "not-the-password")


def unlock_events():
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.ACCOUNT_UNLOCKED)


# Unlocking a locked account ---------------------------------------------------------------


def test_an_administrator_sees_the_locked_accounts_and_only_those(client, people):
    lock("cara")
    lock("femi", failures=4)
    client.force_login(people.administrator)
    response = client.get(reverse("people:locked_accounts"))
    assert response.status_code == 200
    accounts = response.context["accounts"]
    assert [account.user for account in accounts] == [people.coordinator]
    assert accounts[0].failures == 5
    assert accounts[0].locked_until > timezone.now() + timedelta(minutes=29)
    assert "cara" in response.text
    assert "femi" not in response.text


def test_a_lock_that_has_run_its_time_is_not_listed(client, people, settings):
    lock("cara")
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    client.force_login(people.administrator)
    response = client.get(reverse("people:locked_accounts"))
    assert list(response.context["accounts"]) == []
    assert "No account is locked" in response.text


def test_an_administrator_unlocks_an_account_and_its_owner_signs_in(client, people):
    lock("cara")
    assert sign_in(Client(), "cara").status_code == 429

    client.force_login(people.administrator)
    response = client.post(reverse("people:account_unlock", args=[people.coordinator.pk]))
    assert response.status_code == 302
    assert response.url == reverse("people:locked_accounts")
    page = client.get(response.url)
    assert f"{people.coordinator}’s account is unlocked" in page.text
    assert list(page.context["accounts"]) == []

    assert sign_in(Client(), "cara").status_code == 302


def test_an_unlock_is_in_the_audit_trail(client, people):
    lock("cara")
    client.force_login(people.administrator)
    client.post(reverse("people:account_unlock", args=[people.coordinator.pk]))
    event = unlock_events().get()
    assert event.user == people.administrator
    assert event.username == "ada"
    assert event.channel == AuditEvent.Channel.PAGE
    assert event.content_type == ContentType.objects.get_for_model(User)
    assert event.object_id == str(people.coordinator.pk)
    assert event.ip_address == "127.0.0.1"
    trail = client.get(reverse("audit:events"), {"kind": AuditEvent.Kind.ACCOUNT_UNLOCKED})
    assert "Unlocked an account" in trail.text


def test_unlocking_an_account_that_is_not_locked_says_so_and_records_nothing(client, people):
    client.force_login(people.administrator)
    response = client.post(
        reverse("people:account_unlock", args=[people.coordinator.pk]), follow=True
    )
    assert f"{people.coordinator}’s account was not locked" in response.text
    assert not unlock_events().exists()


def test_unlocking_an_unknown_account_is_404(client, people):
    client.force_login(people.administrator)
    assert client.post(reverse("people:account_unlock", args=[999999])).status_code == 404


def test_the_unlock_is_a_post(client, people):
    lock("cara")
    client.force_login(people.administrator)
    response = client.get(reverse("people:account_unlock", args=[people.coordinator.pk]))
    assert response.status_code == 405
    assert sign_in(Client(), "cara").status_code == 429


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "commissioner", "peer_reviewer"])
def test_only_administrators_see_or_unlock_locked_accounts(client, people, who):
    lock("huw")
    client.force_login(getattr(people, who))
    assert client.get(reverse("people:locked_accounts")).status_code == 403
    response = client.post(reverse("people:account_unlock", args=[people.other_coordinator.pk]))
    assert response.status_code == 403
    assert sign_in(Client(), "huw").status_code == 429


def test_locked_accounts_are_in_the_administrators_navigation(client, people):
    client.force_login(people.administrator)
    items = [item["text"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Locked accounts" in items
    client.force_login(people.coordinator)
    items = [item["text"] for item in client.get(reverse("home")).context["nav_items"]]
    assert "Locked accounts" not in items


def test_the_locked_accounts_page_has_no_inline_script_or_style(client, people):
    lock("cara")
    client.force_login(people.administrator)
    html = client.get(reverse("people:locked_accounts")).text
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


def test_unlock_user_command_unlocks_and_is_in_the_audit_trail(people):
    lock("cara")
    out = io.StringIO()
    call_command("unlock_user", "cara", stdout=out)
    assert "Unlocked cara" in out.getvalue()
    assert sign_in(Client(), "cara").status_code == 302
    event = unlock_events().get()
    assert event.channel == AuditEvent.Channel.COMMAND
    assert event.user is None
    assert event.object_id == str(people.coordinator.pk)


def test_unlock_user_command_says_when_an_account_was_not_locked(people):
    out = io.StringIO()
    call_command("unlock_user", "cara", stdout=out)
    assert "cara was not locked" in out.getvalue()
    assert not unlock_events().exists()


def test_unlock_user_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        call_command("unlock_user", "nobody")
