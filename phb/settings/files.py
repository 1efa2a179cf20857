"""Files: static files, the private files' storage (a folder, or an S3 bucket) and how
review packs are made and retried."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from phb.environment import env_bool, env_int, env_str
from phb.settings.base import BASE_DIR, DEBUG
from phb.settings.tasks import CELERY_TASK_TIME_LIMIT, REDIS_URL

# Static files are vendored and committed under static/ and served by
# WhiteNoise. Private files (review packs) live under MEDIA_ROOT, which is
# never given a URL: they are handed out only by views that check access.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

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
