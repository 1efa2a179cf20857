"""Strict readers of the process environment for the settings module.

Each reader refuses a value it does not understand, so that a typo stops
start-up with a message naming the variable, instead of running with a
setting nobody chose.
"""

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Read a yes/no value: true/false, yes/no, on/off or 1/0 (any case)."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0."
    )


def env_int(
    name: str, default: int, *, minimum: int = 0, environ: Mapping[str, str] = os.environ
) -> int:
    """Read a whole number no smaller than ``minimum``."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_str(name: str, default: str = "", environ: Mapping[str, str] = os.environ) -> str:
    return environ.get(name, "").strip() or default


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    """Read a comma-separated list, ignoring blanks around the commas."""
    raw = environ.get(name, "").strip()
    if not raw:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(
    name: str,
    *,
    schemes: frozenset[str],
    default: str = "",
    environ: Mapping[str, str] = os.environ,
) -> str:
    """Read a URL whose scheme is one of ``schemes``; empty means "not configured"."""
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a valid URL: {error}.") from None
    if parts.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(
            f"{name} must start with one of {allowed}://, not {parts.scheme or 'nothing'}://."
        )
    needs_host = parts.scheme not in {"sqlite"}
    if needs_host and not parts.hostname:
        raise ImproperlyConfigured(f"{name} names no host.")
    return raw


def env_secret(
    name: str,
    *,
    required: bool,
    min_length: int,
    what: str,
    environ: Mapping[str, str] = os.environ,
) -> str:
    """Read a secret: ``""`` when unset and not ``required`` (the caller makes one for
    development); when ``required`` (production), it must be set and at least ``min_length``
    characters long. ``what`` says what it should be, for the message."""
    value = environ.get(name, "").strip()
    if not value:
        if required:
            raise ImproperlyConfigured(
                f"{name} must be set when DJANGO_DEBUG is false ({what}, kept out of "
                "version control)."
            )
        return ""
    if required and len(value) < min_length:
        raise ImproperlyConfigured(
            f"{name} must be at least {min_length} characters long (it has {len(value)})."
        )
    return value
