"""Email: who it is from, how it is sent, and the service's own address for its links."""

from django.core.exceptions import ImproperlyConfigured

from phb.environment import env_bool, env_int, env_str, env_url
from phb.settings.base import ALLOWED_HOSTS, BASE_DIR, CSRF_TRUSTED_ORIGINS, DEBUG

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
