"""``/status/``: the service's status in plain words, for people. It checks what
``/healthz`` checks (the JSON for machines, unchanged) and says it in a sentence. It
answers without sign-in and shows nothing of anyone's care."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from phb.health import broker_status, database_status, worker_status


@dataclass(frozen=True)
class Check:
    name: str
    working: bool | None
    """True working, False down, None neither (not set up, or not checked)."""
    words: str


def database_check() -> Check:
    status = database_status()
    if status == "ok":
        return Check("Database", True, "Working: records can be read and saved.")
    return Check("Database", False, "Not answering: nothing can be read or saved.")


def broker_check() -> Check:
    status = broker_status()
    if status == "ok":
        return Check("Task queue", True, "Working: review packs and reports can be queued.")
    if status == "not configured":
        return Check(
            "Task queue", None, "Not used: background tasks run in the web service itself."
        )
    return Check("Task queue", False, "Not answering: review packs cannot be made for now.")


def worker_check(asked: bool) -> Check:
    if not settings.REDIS_URL:
        return Check("Worker", None, "Not used: background tasks run in the web service itself.")
    if not asked:
        return Check("Worker", None, "Not checked on this page (it takes a few seconds).")
    if worker_status() == "ok":
        return Check("Worker", True, "Working: a background task was done just now.")
    return Check("Worker", False, "Not answering: queued review packs wait until it is back.")


@login_not_required
@never_cache
@require_GET
def service_status(request: HttpRequest) -> HttpResponse:
    """Always 200: the page is for people; ``/healthz`` answers 503 for machines."""
    asked = request.GET.get("worker") == "1"
    checks = [database_check(), broker_check()]
    if checks[1].working is not False:
        checks.append(worker_check(asked))
    down = [check for check in checks if check.working is False]
    return render(
        request,
        "status.html",
        {
            "checks": checks,
            "down": down,
            "can_check_worker": bool(settings.REDIS_URL) and not asked and not down,
        },
    )
