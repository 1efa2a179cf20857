"""Redis, the shared cache and Celery: the broker, the tasks' limits and what beat sends."""

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from phb.environment import env_int, env_str, env_url

# Redis: the Celery broker and result store, and the shared cache. Unset, tasks
# run in process and the cache is per process.
REDIS_URL = env_url("REDIS_URL", schemes=frozenset({"redis", "rediss"}))
if REDIS_URL:
    CACHES = {
        "default": {
            # Answers as an empty cache while Redis cannot be reached (phb/cache.py).
            "BACKEND": "phb.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "phb"),
            # A page waits at most this long for a Redis that does not answer.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions are read from the cache, so any web process answers any request, and
    # written through to the database, which still answers while Redis is away.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# In process, a task's failure stays with the task (a review pack records it and is
# retried or failed); it never turns the request that queued the task into an error
# page after its rows were committed.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - min(30, CELERY_TASK_TIME_LIMIT // 5))
# A task not acknowledged within this time (a worker killed mid-task) is
# delivered again; it must be longer than the longest task.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=5)
if CELERY_VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT, or a task "
        "still running would be delivered a second time."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Workers look for such tasks every few seconds (not every 100, the default).
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 6)),
    "unacked_restore_throttle": 1,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# With Redis down, sending a task gives up within about a second (not twenty), so a
# request that sends one answers at once; what was not sent is sent again later.
_SEND_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_TASK_PUBLISH_RETRY_POLICY = _SEND_RETRY
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _SEND_RETRY}
CELERY_TIMEZONE = "Europe/London"
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "phb")
# What ``celery -A phb beat`` sends (a worker does the work): each morning, the reminders of
# reviews due within two weeks.
CELERY_BEAT_SCHEDULE = {
    "notify-reviews-due": {
        "task": "reviews.notify_reviews_due",
        "schedule": crontab(hour=7, minute=0),
    },
    "send-unsent-emails": {
        "task": "notifications.send_unsent_emails",
        "schedule": crontab(minute="*/15"),
    },
    "requeue-stalled-review-packs": {
        "task": "reviews.requeue_stalled_packs",
        "schedule": crontab(minute="*/5"),
    },
}
