"""The one path for reading a care record, by page or API.

A view finds a record with ``get_visible_or_404`` (the user's scope, then 404)
and says what a list showed with ``note_read``. Both only note it on the
request; ``CareRecordReadsMiddleware`` then writes one audit event for the
request, naming every record it showed, once the response is a success, and
marks the response ``Cache-Control: no-store``. A record that exists but is
outside the user's scope is answered 404 and written as a refused access.

Writing after the response keeps a refusal even though the view's transaction
(``ATOMIC_REQUESTS``) is rolled back by the 404.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from audit.models import AuditEvent

READING_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _Reads:
    user: Any = None
    channel: str = AuditEvent.Channel.PAGE
    shown: list[tuple[str, Model]] = field(default_factory=list)
    refused: list[tuple[type[Model], str]] = field(default_factory=list)


def _reads_of(request) -> _Reads:
    """The notes of this request; ``request`` is Django's or DRF's (which carries the user
    its authentication found, such as a token's)."""
    http: HttpRequest = getattr(request, "_request", request)
    reads = http.__dict__.get("_care_reads")
    if reads is None:
        reads = http._care_reads = _Reads()
    reads.user = request.user
    if http is not request or http.path.startswith("/api/"):
        reads.channel = AuditEvent.Channel.API
    return reads


def note_read(request, records: Model | Iterable[Model], *, download: bool = False) -> None:
    """This request shows these records (written once the response is a success)."""
    kind = AuditEvent.Kind.DOWNLOAD if download else AuditEvent.Kind.VIEW
    items = [records] if isinstance(records, Model) else list(records)
    _reads_of(request).shown.extend((kind, record) for record in items)


def get_visible_or_404[M: Model](request, visible: QuerySet[M], **lookup: Any) -> M:
    """The record in the user's scope, noted as read on a GET; 404 if it is not in their
    scope, and a refusal is noted if it exists outside it."""
    try:
        record = visible.get(**lookup)
    except (visible.model.DoesNotExist, ValueError, TypeError, ValidationError):
        _note_refused(request, visible.model, lookup)
        raise Http404(f"No {visible.model._meta.object_name} matches the given query.") from None
    if request.method in READING_METHODS:
        note_read(request, record)
    return record


def _note_refused(request, model: type[Model], lookup: dict[str, Any]) -> None:
    try:
        exists = model._default_manager.filter(**lookup).exists()
    except (ValueError, TypeError, ValidationError):
        return
    if exists:
        described = ", ".join(f"{key}={value}" for key, value in lookup.items())
        _reads_of(request).refused.append((model, described[:64]))


def _write(http: HttpRequest, reads: _Reads, succeeded: bool) -> None:
    user = reads.user if reads.user is not None and reads.user.is_authenticated else None
    common = {
        "channel": reads.channel,
        "user": user,
        "username": user.get_username() if user else "",
        "path": http.get_full_path()[:500],
        "ip_address": http.META.get("REMOTE_ADDR") or None,
    }
    events = [
        AuditEvent(
            kind=AuditEvent.Kind.REFUSED,
            content_type=ContentType.objects.get_for_model(model),
            object_id=described,
            **common,
        )
        for model, described in reads.refused
    ]
    if succeeded:
        events += _read_events(reads, common)
    AuditEvent.objects.bulk_create(events)


def _read_events(reads: _Reads, common: dict[str, Any]) -> list[AuditEvent]:
    """One event per kind of record read, naming every one of them."""
    downloaded = {
        (type(record), record.pk)
        for kind, record in reads.shown
        if kind == AuditEvent.Kind.DOWNLOAD
    }
    grouped: dict[tuple[str, type[Model]], dict[Any, Model]] = defaultdict(dict)
    for kind, record in reads.shown:
        if kind == AuditEvent.Kind.VIEW and (type(record), record.pk) in downloaded:
            continue  # a download says it all
        grouped[kind, type(record)][record.pk] = record
    events = []
    for (kind, model), records in grouped.items():
        ids = [str(pk) for pk in records]
        only = next(iter(records.values())) if len(records) == 1 else None
        events.append(
            AuditEvent(
                kind=kind,
                content_type=ContentType.objects.get_for_model(model),
                object_id=ids[0] if only else "",
                object_ids=ids,
                object_repr=(
                    str(only)[:200] if only else f"{len(ids)} {model._meta.verbose_name_plural}"
                ),
                **common,
            )
        )
    return events


class CareRecordReadsMiddleware:
    """Writes what each request noted: its reads (on success) and its refusals."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        reads: _Reads | None = request.__dict__.get("_care_reads")
        if reads is not None:
            if reads.shown:
                patch_cache_control(response, no_store=True, private=True)
            _write(request, reads, succeeded=response.status_code < 400)
        return response
