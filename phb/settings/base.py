"""The settings the others are worked out from: where the project lives, debug or not,
the secret key and the hosts. Read first, by ``phb.settings`` and by each module of it
that needs one of them (imported by name from here)."""

from pathlib import Path

from phb.environment import env_bool, env_list, env_secret

BASE_DIR = Path(__file__).resolve().parent.parent.parent

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
