"""``/healthz``: is the service able to do its work?

Health checks ask by address (docker-compose's ``curl http://127.0.0.1:8000/healthz``, a
load balancer's or an orchestrator's probe), not by the service's public name, so
``HealthCheckMiddleware`` answers ``/healthz`` whatever the Host header, before the
middleware that would refuse a host not in ``ALLOWED_HOSTS``. Every other address still
checks the Host.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEALTH_PATH = "/healthz"
BROKER_TIMEOUT_SECONDS = 2
WORKER_TIMEOUT_SECONDS = 5


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        return f"down: {error.__class__.__name__}"
    return "ok"


def broker_status() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return f"down: {error.__class__.__name__}"
    finally:
        client.close()
    return "ok"


def worker_status() -> str:
    """Send a ping task through the broker and wait for a worker's answer."""
    if not settings.REDIS_URL:
        return "in process"
    from celery.exceptions import TimeoutError as CeleryTimeout

    from phb.tasks import worker_ping

    try:
        worker_ping.apply_async().get(timeout=WORKER_TIMEOUT_SECONDS)
    except CeleryTimeout:
        return "down: no worker answered"
    except Exception as error:  # noqa: BLE001 - any failure means "down"
        return f"down: {error.__class__.__name__}"
    return "ok"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every configured service answers, 503 when one does not.

    ``?worker=1`` also round-trips a task through a worker.
    """
    checks = {"database": database_status(), "broker": broker_status()}
    if checks["broker"] == "ok" and request.GET.get("worker") == "1":
        checks["worker"] = worker_status()
    healthy = not any(value.startswith("down") for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )


class HealthCheckMiddleware:
    """Answer ``/healthz`` here, whatever the Host header; pass every other request on.

    Placed before the middleware that reads the Host (``CommonMiddleware`` refuses one not
    in ``ALLOWED_HOSTS`` with 400). The answer names no host, builds no link and sets no
    cookie, so the Host cannot change it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)
