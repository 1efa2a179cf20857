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


def messages_on(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


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
    download = client.get(reverse("people:locked_accounts"), {"csv": "locked"})
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == "Name,Username,Role,Failed attempts,Locked until"
    assert ",cara,Care coordinator,5," in lines[1]


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
    assert f"{people.coordinator}’s account is unlocked" in messages_on(page)
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
    assert f"{people.coordinator}’s account was not locked" in messages_on(response)
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


# Administrators cannot set a password; they ask for a new one at next sign-in ------------


def change_password(client, old: str = PASSWORD, new: str = "a-new-long-passphrase"):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_the_admin_has_no_page_to_set_another_users_password(client, people):
    client.force_login(people.administrator)
    url = f"/admin/people/user/{people.coordinator.pk}/password/"
    assert client.get(url).status_code == 404
    client.post(url, {"password1": "set-by-the-admin-1", "password2": "set-by-the-admin-1"})
    people.coordinator.refresh_from_db()
    assert people.coordinator.check_password(PASSWORD)


def test_the_admins_user_form_shows_no_password_but_the_reset_flag(client, people):
    client.force_login(people.administrator)
    page = client.get(f"/admin/people/user/{people.coordinator.pk}/change/")
    assert page.status_code == 200
    assert "../password/" not in page.text
    assert 'name="password"' not in page.text
    assert 'name="must_change_password"' in page.text


def test_an_administrator_asks_for_a_new_password_on_the_users_page(client, people):
    client.force_login(people.administrator)
    user = people.coordinator
    response = client.post(
        f"/admin/people/user/{user.pk}/change/",
        {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": "Renamed",
            "email": "",
            "role": user.role,
            "team": user.team_id,
            "organisation": "",
            "is_active": "on",
            "must_change_password": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.must_change_password
    assert user.last_name == "Renamed"
    assert user.check_password(PASSWORD)


def test_an_administrator_asks_for_a_new_password_from_the_user_list(client, people):
    client.force_login(people.administrator)
    response = client.post(
        "/admin/people/user/",
        {
            "action": "force_password_change",
            "_selected_action": [people.coordinator.pk, people.facilitator.pk],
        },
    )
    assert response.status_code == 302
    flagged = set(User.objects.filter(must_change_password=True).values_list("username", flat=True))
    assert flagged == {"cara", "femi"}
    change = people.coordinator.history.latest()
    assert change.must_change_password
    assert change.history_user == people.administrator


def test_a_user_added_in_the_admin_chooses_a_new_password_at_first_sign_in(client, people):
    client.force_login(people.administrator)
    response = client.post(
        "/admin/people/user/add/",
        {
            "username": "nia",
            "role": "administrator",
            "password1": "a-first-long-passphrase",
            "password2": "a-first-long-passphrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(username="nia").must_change_password


@pytest.fixture
def flagged(people) -> User:
    people.coordinator.must_change_password = True
    people.coordinator.save()
    return people.coordinator


def test_signing_in_with_the_flag_leads_to_the_change_password_page(client, flagged):
    response = sign_in(client, "cara")
    assert response.status_code == 302
    page = client.get(response.url, follow=True)
    assert page.redirect_chain[-1][0] == reverse("password_change")
    assert "Your administrator has asked you to choose a new password" in page.text
    assert page.context["nav_items"] == []


@pytest.mark.parametrize(
    "url",
    ["/", "/teams/", "/participants/", "/care-plans/queue/", "/account/tokens/", "/api/docs/"],
)
def test_with_the_flag_no_page_can_be_used(client, flagged, url):
    client.force_login(flagged)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("password_change")


def test_with_the_flag_a_page_asked_for_by_htmx_sends_the_browser_to_change_password(
    client, flagged
):
    client.force_login(flagged)
    response = client.get("/teams/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("password_change")


def test_with_the_flag_the_api_refuses_the_session(client, flagged):
    client.force_login(flagged)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert "change your password" in response.json()["detail"]


def test_with_the_flag_the_user_can_still_sign_out(client, flagged):
    client.force_login(flagged)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")


def test_changing_the_password_clears_the_flag(client, flagged):
    client.force_login(flagged)
    response = change_password(client)
    assert response.status_code == 302
    flagged.refresh_from_db()
    assert not flagged.must_change_password
    assert flagged.check_password("a-new-long-passphrase")
    assert client.get("/teams/").status_code == 200
    assert not flagged.history.latest().must_change_password


def test_the_new_password_must_differ_from_the_old(client, flagged):
    client.force_login(flagged)
    response = change_password(client, new=PASSWORD)
    assert response.status_code == 200
    assert "different from your current password" in response.text
    flagged.refresh_from_db()
    assert flagged.must_change_password
