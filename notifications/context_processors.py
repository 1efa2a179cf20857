"""The header's link to the user's notifications, with how many are unread."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from notifications.services import unread_count


def notifications(request: HttpRequest) -> dict:
    """The count is asked for only by a page that shows it (one query, then kept): a
    fragment that htmx swaps in, with no header, asks nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
