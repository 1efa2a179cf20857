"""Where private files (review packs) are kept: the storage named ``private`` in STORAGES.

The embedded default is the local folder below; ``PRIVATE_STORAGE=s3`` puts them in a
private S3-compatible bucket instead (django-storages). Either way the packs' code only
saves and opens names, and a pack leaves storage only through the view that checks who
may see it: neither storage gives a URL.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages


def private_storage() -> Storage:
    return storages["private"]


class PackFolderStorage(FileSystemStorage):
    """The local private folder, ``REVIEW_PACK_ROOT`` (read at each use, so a test may
    point it elsewhere). A file is written to a temporary name beside its place and moved
    in, so a half-written one is never served; only its owner may read it; a file saved
    again under its name replaces it."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("allow_overwrite", True)
        kwargs.setdefault("file_permissions_mode", 0o600)
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.REVIEW_PACK_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: they are served by views that check access.")

    def _save(self, name: str, content) -> str:
        target = Path(self.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=".", suffix=".part", delete=False
        ) as tmp:
            try:
                for chunk in content.chunks():
                    tmp.write(chunk)
                tmp.flush()
                os.fsync(tmp.fileno())
            except BaseException:
                os.unlink(tmp.name)
                raise
        os.chmod(tmp.name, self.file_permissions_mode)
        os.replace(tmp.name, target)
        return name
