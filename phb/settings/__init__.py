"""Settings for the personal health budgets service.

Every value comes from the environment (see README, "Configuration") and is
parsed strictly. With nothing set and ``DJANGO_DEBUG=true`` the service runs
embedded: SQLite in the project folder and Celery tasks in process.

This module holds the core (apps, middleware, templates, the database) and takes the
rest from one module per concern, read in this order: ``base`` (the project's folder,
debug, the secret key and the hosts, which the others import by name), ``tasks``
(Redis, the cache, Celery), ``security`` (sign-in, sessions, security headers),
``mail`` (email, the site's address) and ``files`` (static and private files, review
packs). Django reads the UPPERCASE names gathered here.
"""

import hashlib
import hmac

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from phb.api_settings import SPECTACULAR_SETTINGS, rest_framework  # noqa: F401
from phb.environment import env_int, env_secret, env_str, env_url
from phb.settings.base import (  # noqa: F401
    ALLOWED_HOSTS,
    BASE_DIR,
    CSRF_TRUSTED_ORIGINS,
    DEBUG,
    SECRET_KEY,
    SECRET_KEY_MIN_LENGTH,
)

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
FORM_RENDERER = "common.forms.FormRenderer"

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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# The settings of each concern, in the order they have always been read, so that of
# several bad values the same one is reported first (hence not sorted).
# isort: off
from phb.settings.tasks import *  # noqa: E402, F403
from phb.settings.security import *  # noqa: E402, F403
from phb.settings.mail import *  # noqa: E402, F403
from phb.settings.files import *  # noqa: E402, F403
# isort: on

# What is read last: the peer audit's key, the reports' target, the API and logging.

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
