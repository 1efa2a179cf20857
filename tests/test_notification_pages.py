"""The notifications page: the user's own, newest first, sortable and as CSV; opening one
marks it read and goes to its page; mark all read; the email setting; the header's count;
the API's list. Its queries do not grow with the notifications."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Kind, Notification

LIST = reverse("notifications:list")
OPEN = reverse("notifications:open")


def tell(user, n: int, kind=Kind.PLAN_SUBMITTED, link="/care-plans/1/decide/"):
    return services.notify([user], kind, link, "A. E.", f"event-{n}")


@pytest.fixture
def three(people):
    first = tell(people.facilitator, 1)[0]
    second = tell(people.facilitator, 2, Kind.REVIEW_DUE, "/care-plans/2/")[0]
    tell(people.commissioner, 3)
    return first, second


def test_the_page_lists_the_user_s_own_newest_first(client, people, three):
    first, second = three
    client.force_login(people.facilitator)
    response = client.get(LIST)
    assert response.status_code == 200
    rows = response.context["table"].rows
    assert rows == [second, first]
    page = response.content.decode()
    assert f'href="{OPEN}?id={second.pk}"' in page
    assert "Notifications (2 unread)" in page  # the header's link


def test_opening_one_marks_it_read_and_goes_to_its_page(client, people, three):
    first, _ = three
    client.force_login(people.facilitator)
    response = client.get(OPEN, {"id": first.pk})
    assert response.status_code == 302
    assert response["Location"] == "/care-plans/1/decide/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert "Notifications (1 unread)" in client.get(LIST).content.decode()


@pytest.mark.parametrize("value", ["", "x", "-1", "99999999"])
def test_someone_else_s_or_none_is_not_found(client, people, three, value):
    first, _ = three
    client.force_login(people.commissioner)
    assert client.get(OPEN, {"id": first.pk}).status_code == 404
    first.refresh_from_db()
    assert first.read_at is None
    assert client.get(OPEN, {"id": value}).status_code == 404


def test_the_link_from_an_email_asks_a_stranger_to_sign_in_first(client, three):
    first, _ = three
    response = client.get(OPEN, {"id": first.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")


def test_mark_all_read(client, people, three):
    client.force_login(people.facilitator)
    response = client.post(LIST, {"mark_all_read": "1"}, follow=True)
    assert "All your notifications are marked as read." in response.content.decode()
    assert services.unread_count(people.facilitator) == 0
    assert services.unread_count(people.commissioner) == 1
    assert "Notifications (" not in response.content.decode()


def test_turning_email_off_and_on(client, people):
    client.force_login(people.coordinator)
    assert client.get(LIST).context["form"]["send_email"].value() is True
    response = client.post(LIST, {}, follow=True)  # the box unticked
    assert "You will not be emailed" in response.content.decode()
    assert services.wants_email(people.coordinator) is False
    assert client.get(LIST).context["form"]["send_email"].value() is False
    client.post(LIST, {"send_email": "on"})
    assert services.wants_email(people.coordinator) is True


def test_sorted_by_a_column_and_downloaded_as_csv(client, people, three):
    first, second = three
    client.force_login(people.facilitator)
    response = client.get(LIST, {"notifications_sort": "kind"})
    assert response.context["table"].rows == [first, second]  # plan waiting, review due
    download = client.get(LIST, {"csv": "notifications", "notifications_sort": "kind"})
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Notification,Kind,Received,Read"
    assert lines[1].startswith("A care plan for A. E. is waiting for your decision.,Plan waiting")
    assert len(lines) == 3


def test_the_page_s_queries_do_not_grow_with_the_notifications(client, people):
    client.force_login(people.facilitator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    tell(people.facilitator, 0)
    with_one = queries()
    for n in range(1, 40):
        tell(people.facilitator, n)
    assert queries() == with_one


def test_the_api_lists_the_user_s_own(api, people, three):
    first, second = three
    api.force_authenticate(people.facilitator)
    body = api.get("/api/v1/notifications/").json()
    assert [row["id"] for row in body["results"]] == [second.pk, first.pk]
    assert body["results"][1] == {
        "id": first.pk,
        "kind": "plan_submitted",
        "kind_display": "Plan waiting for a decision",
        "text": "A care plan for A. E. is waiting for your decision.",
        "link": "/care-plans/1/decide/",
        "created_at": body["results"][1]["created_at"],
        "read_at": None,
    }
    assert api.post("/api/v1/notifications/", {}).status_code == 405
    api.force_authenticate(None)
    assert api.get("/api/v1/notifications/").status_code in (401, 403)


def test_no_notification_is_shown_to_another_user(client, people, three):
    client.force_login(people.coordinator)
    response = client.get(LIST)
    assert response.context["table"].rows == []
    assert "You have no notifications yet." in response.content.decode()
    assert Notification.objects.count() == 3
