"""Error pages: NHS.UK-styled pages for people, JSON for the API; and a refusal whose
record of the attempt is kept."""

import sys

from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


class RecordedRefusal(ValidationError):  # noqa: N818  (it names the condition)
    """A refusal that the service has recorded (an audit event of the attempt).

    The service undoes its own writes before raising it; the faces answer it as any other
    refusal (a message on the field) but must not roll back the request's transaction, or
    the record of the attempt would go with it.
    """


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, f"errors/{status}.html", status=status)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 404, "Not found.")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 403, "You do not have permission to do this.")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error(request, 400, "Bad request.")


RETRY_AFTER_SECONDS = 60


def _database_unavailable() -> bool:
    """Is the error being handled the database being out of reach (restarting, down)?"""
    return isinstance(sys.exception(), OperationalError | InterfaceError)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503 for a moment without the database: try again in a minute. The request's work
    was undone with its transaction (one per request), so nothing is half saved."""
    if _wants_json(request):
        response = JsonResponse(
            {"detail": "The service is unavailable. Try again in a minute."}, status=503
        )
    else:
        from django.template import loader

        response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 when the error is the database out of reach (``service_unavailable``).

    Django calls this while handling the error, in the view or in any middleware."""
    if _database_unavailable():
        return service_unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    # No context processors: the failure may be in one of them.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
