"""Conditional requests on a draft, as JSON: a draft's ``ETag`` is its revision; a write
that sends ``If-Match`` with an older one is refused with 412 and changes nothing. A
decision on a version that someone else has just decided is refused with 409.

``etag`` and ``revision_of`` serve any record saved by revisions (a draft, a peer audit):
the tag names the record by its id, a number or a UUID, and its revision."""

import re
import uuid
from contextlib import contextmanager
from typing import Any, Protocol

from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from careplans import locking
from careplans.models import CarePlanVersion, PlanStatus
from common.api import Conflict

IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="The ETag of the draft as read; a save from an older one gets 412.",
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone else saved this draft since you read it."
    default_code = "stale"


@contextmanager
def plan_errors():
    try:
        yield
    except locking.StaleEdit as error:
        raise PreconditionFailed(str(error)) from None
    except locking.AlreadyDecided as error:
        raise Conflict(str(error)) from None


class Revised(Protocol):
    """A record saved by revisions: a draft version, a peer audit."""

    pk: Any
    revision: int


def etag(record: Revised) -> str:
    return f'"{record.pk}-{record.revision}"'


def _names(tag_id: str, record: Revised) -> bool:
    if isinstance(record.pk, uuid.UUID):
        return tag_id.lower() == str(record.pk)
    return tag_id.isdigit() and int(tag_id) == record.pk


def revision_of(
    request,
    record: Revised,
    *,
    refusal: str = "If-Match does not name this draft: read the plan again.",
) -> int | None:
    """The revision named by ``If-Match`` (None when the header is absent)."""
    header = request.headers.get("If-Match")
    if not header or header.strip() == "*":
        return None
    match = re.fullmatch(r'\s*(?:W/)?"([0-9a-fA-F-]{1,36})-([0-9]{1,18})"\s*', header)
    if not match or not _names(match[1], record):
        raise PreconditionFailed(refusal)
    return int(match[2])


def with_etag(response: Response, version: CarePlanVersion) -> Response:
    if version.status == PlanStatus.DRAFT:
        response["ETag"] = etag(version)
    return response
