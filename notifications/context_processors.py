"""The header's link to the user's notifications, with how many are unread."""

from django.http import HttpRequest

from notifications.services import unread_count


def notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {}
    return {"unread_notifications": unread_count(user)}
