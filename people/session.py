"""Signing out after 30 minutes without a request: the warning's timings for the pages, and
the keep-alive a page pings when the user chooses to stay signed in.

Every request saves the session again (``SESSION_SAVE_EVERY_REQUEST``), so the session
ends ``SESSION_COOKIE_AGE`` seconds after the last one. The keep-alive reads no care
record: it only makes a request, which refreshes the session.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST


def session_timeout(request: HttpRequest) -> dict[str, dict[str, int]]:
    """The seconds a signed-in page waits before warning, and before the session ends."""
    age = settings.SESSION_COOKIE_AGE
    warning = min(getattr(settings, "SESSION_TIMEOUT_WARNING_SECONDS", age - 120), age)
    return {
        "session_timeout": {"warning": max(warning, 0), "age": age},
        "session_minutes": max(round(age / 60), 1),
    }


@never_cache
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Nothing but a signed-in request: the session middleware saves the session again."""
    request.session.modified = True
    return HttpResponse(status=204)
