"""A user asked to choose a new password can use nothing else until they have."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from people.services import CHANGE_IT_FIRST

# What such a user may still reach: the page to change the password, and signing out.
_OPEN_URL_NAMES = ("password_change", "password_change_done", "logout", "healthz")


class PasswordChangeRequiredMiddleware:
    """Send a signed-in user whose ``must_change_password`` is set to the page to change
    it, from every page; answer their API calls 403. (A call made with an API token is
    refused by the token's authentication, which happens in the API view.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and request.path not in {reverse(name) for name in _OPEN_URL_NAMES}
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and request.path != reverse("api-docs"):
            return JsonResponse({"detail": CHANGE_IT_FIRST}, status=403)
        target = reverse("password_change")
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
