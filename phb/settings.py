"""Settings for the personal health budgets service.

Every value comes from the environment (see README, "Configuration") and is
parsed strictly. With nothing set and ``DJANGO_DEBUG=true`` the service runs
embedded: SQLite in the project folder and Celery tasks in process.
"""

import hashlib
import hmac
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from phb.api_settings import SPECTACULAR_SETTINGS, rest_framework  # noqa: F401
from phb.environment import env_bool, env_int, env_list, env_secret, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

# The shortest secret key accepted without debug: what `check --deploy` asks (security.W009).
SECRET_KEY_MIN_LENGTH = 50

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_secret(
    "DJANGO_SECRET_KEY",
    required=not DEBUG,
    min_length=SECRET_KEY_MIN_LENGTH,
    what="a long random string",
)
if not SECRET_KEY:
    _dev_key = BASE_DIR / ".dev-secret-key"
    if not _dev_key.exists():
        from django.core.management.utils import get_random_secret_key

        _dev_key.write_text(get_random_secret_key())
        _dev_key.chmod(0o600)
    SECRET_KEY = _dev_key.read_text().strip()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_htmx",
    "rules",
    "people",
    "audit",
    "notifications",
    "costing",
    "participants",
    "budgets",
    "careplans",
    "reviews",
    "peer_audit",
    "reports",
    "phb",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise, so that static files carry the policy too.
    "common.middleware.PermissionsPolicyMiddleware",
    # /healthz answers whatever the Host: before CommonMiddleware checks ALLOWED_HOSTS.
    "phb.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "audit.reads.CareRecordReadsMiddleware",
    "people.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phb.urls"
WSGI_APPLICATION = "phb.wsgi.application"
ASGI_APPLICATION = "phb.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "people.navigation.navigation",
                "notifications.context_processors.notifications",
                "people.session.session_timeout",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another.
DATABASE_URL = env_url(
    "DATABASE_URL",
    schemes=frozenset({"sqlite", "postgres", "postgresql"}),
    default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
)
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # One writer at a time from the start of a transaction, so that a check and
    # the write after it cannot interleave with another request's (PostgreSQL
    # uses row locks for the same).
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)
else:
    # No just-in-time compiling of queries: for the reports' queries over thousands of plans
    # PostgreSQL spent longer compiling (half a second) than running them.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# People and sign-in.
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock an account out after 5 failed sign-ins in a row, for 30 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# axes.W006 asks to lock out by address too. Locking a shared NHS address
# would lock a whole office out after five typos by different people, so
# accounts are locked by username alone.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Sessions end after 30 minutes without a request.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# A signed-in page warns this long after its last request (two minutes before the session
# ends), offering to stay signed in; at the end it keeps what was typed and goes to sign in.
SESSION_TIMEOUT_WARNING_SECONDS = SESSION_COOKIE_AGE - 2 * 60

# Security headers.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Health checks from inside the compose network speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page may use (Permissions-Policy): the service needs none.
_DENIED_FEATURES = (
    "accelerometer autoplay camera display-capture encrypted-media fullscreen geolocation "
    "gyroscope hid idle-detection magnetometer microphone midi payment picture-in-picture "
    "publickey-credentials-get screen-wake-lock serial usb xr-spatial-tracking"
)
PERMISSIONS_POLICY: dict[str, list[str]] = {feature: [] for feature in _DENIED_FEATURES.split()}

# Email. The console in debug (emails are printed), SMTP otherwise; DJANGO_EMAIL_BACKEND
# chooses one of these (``file`` writes each email to DJANGO_EMAIL_FILE_PATH).
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "phb@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_EMAIL_BACKENDS = {
    "console": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
    "file": {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": env_str("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))},
    },
    "smtp": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
            "port": env_int("DJANGO_EMAIL_PORT", 25, minimum=1),
            "username": env_str("DJANGO_EMAIL_USER"),
            "password": env_str("DJANGO_EMAIL_PASSWORD"),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
            # A mail server that does not answer fails the send (tried again later) rather
            # than holding a worker.
            "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 30, minimum=1),
        },
    },
}
_EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "console" if DEBUG else "smtp")
if _EMAIL_BACKEND not in _EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"DJANGO_EMAIL_BACKEND={_EMAIL_BACKEND!r} is not one of {', '.join(_EMAIL_BACKENDS)}."
    )
MAILERS = {"default": _EMAIL_BACKENDS[_EMAIL_BACKEND]}
# The service's own address, for the links in emails: DJANGO_SITE_URL, or the first trusted
# origin, or https:// and the first allowed host (the development server's in debug).
SITE_URL = (
    env_url("DJANGO_SITE_URL", schemes=frozenset({"http", "https"}))
    or next(iter(CSRF_TRUSTED_ORIGINS), "")
    or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
).rstrip("/")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# Static files are vendored and committed under static/ and served by
# WhiteNoise. Private files (review packs) live under MEDIA_ROOT, which is
# never given a URL: they are handed out only by views that check access.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
FORM_RENDERER = "common.forms.FormRenderer"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "private")))
REVIEW_PACK_ROOT = Path(env_str("REVIEW_PACK_ROOT", str(MEDIA_ROOT / "review-packs")))

# --- Private files (review packs): where they are kept ---------------------------------
# STORAGES["private"]: the local folder REVIEW_PACK_ROOT (the embedded default), or with
# PRIVATE_STORAGE=s3 a private S3-compatible bucket (django-storages). Credentials come
# from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the machine's role,
# never from settings. Packs are streamed by the view that checks access, never by URL.
PRIVATE_STORAGE = env_str("PRIVATE_STORAGE", "local").lower()
if PRIVATE_STORAGE == "local":
    STORAGES["private"] = {"BACKEND": "reviews.storage.PackFolderStorage"}
elif PRIVATE_STORAGE == "s3":
    if not env_str("PRIVATE_S3_BUCKET"):
        raise ImproperlyConfigured("PRIVATE_STORAGE=s3 needs PRIVATE_S3_BUCKET.")
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("PRIVATE_S3_BUCKET"),
            "endpoint_url": env_str("PRIVATE_S3_ENDPOINT_URL") or None,
            "region_name": env_str("PRIVATE_S3_REGION") or None,
            "addressing_style": env_str("PRIVATE_S3_ADDRESSING_STYLE") or None,
            "location": env_str("PRIVATE_S3_PREFIX", "review-packs"),
            "default_acl": None,  # the bucket's own: private
            "file_overwrite": True,
            "querystring_auth": True,  # a URL, if one were ever asked for, would be signed
        },
    }
else:
    raise ImproperlyConfigured(f"PRIVATE_STORAGE={PRIVATE_STORAGE!r}: use local or s3.")
# --- end of private files ---------------------------------------------------------------
# A render that fails is tried again this many times, waiting longer each time
# (REVIEW_PACK_RETRY_DELAY seconds, doubled each time), before the pack is failed.
REVIEW_PACK_MAX_RETRIES = env_int("REVIEW_PACK_MAX_RETRIES", 3, minimum=0)
REVIEW_PACK_RETRY_DELAY = env_int("REVIEW_PACK_RETRY_DELAY", 10, minimum=1)
# A pack left waiting this long (queued and not taken, or rendering and not finished:
# the process that was to make it stopped) is sent again when someone next looks at it.
# In process a pack is made within the request that asks for it, so a minute is ample;
# a worker may render for up to CELERY_TASK_TIME_LIMIT, so with a broker it is longer.
REVIEW_PACK_STALLED_AFTER = env_int(
    "REVIEW_PACK_STALLED_AFTER", CELERY_TASK_TIME_LIMIT + 60 if REDIS_URL else 60, minimum=1
)
if REDIS_URL and REVIEW_PACK_STALLED_AFTER <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "REVIEW_PACK_STALLED_AFTER must be longer than CELERY_TASK_TIME_LIMIT, or a pack a "
        "worker is still rendering would be sent again."
    )

# The key of the peer audit's pseudonyms (a keyed hash of the person and the round): with
# it, and only with it, a pseudonym can be traced back, so it is a secret like SECRET_KEY and
# never the same value. In debug, unset, it is derived from SECRET_KEY with a salt of its own.
PEER_AUDIT_PSEUDONYM_KEY = (
    env_secret(
        "PEER_AUDIT_PSEUDONYM_KEY",
        required=not DEBUG,
        min_length=SECRET_KEY_MIN_LENGTH,
        what="a long random string, not the secret key",
    )
    or hmac.new(SECRET_KEY.encode(), b"phb.peer_audit.pseudonym-key", hashlib.sha256).hexdigest()
)
if PEER_AUDIT_PSEUDONYM_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "PEER_AUDIT_PSEUDONYM_KEY must not be the secret key: give it a value of its own."
    )

# The commissioner's decisions report counts the plans decided within this many working
# days (Monday to Friday) of their submission.
DECISION_TARGET_WORKING_DAYS = env_int("DECISION_TARGET_WORKING_DAYS", 10, minimum=1)

REST_FRAMEWORK = rest_framework(DEBUG)
# An API token made now expires this many days later.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30, minimum=1)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
