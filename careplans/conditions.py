"""Conditional requests on a draft, as JSON: a draft's ``ETag`` is its revision; a write
that sends ``If-Match`` with an older one is refused with 412 and changes nothing. A
decision on a version that someone else has just decided is refused with 409."""

import re
from contextlib import contextmanager

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


def etag(version: CarePlanVersion) -> str:
    return f'"{version.pk}-{version.revision}"'


def revision_of(request, version: CarePlanVersion) -> int | None:
    """The revision named by ``If-Match`` (None when the header is absent)."""
    header = request.headers.get("If-Match")
    if not header or header.strip() == "*":
        return None
    match = re.fullmatch(r'\s*(?:W/)?"([0-9]{1,18})-([0-9]{1,18})"\s*', header)
    if not match or int(match[1]) != version.pk:
        raise PreconditionFailed("If-Match does not name this draft: read the plan again.")
    return int(match[2])


def with_etag(response: Response, version: CarePlanVersion) -> Response:
    if version.status == PlanStatus.DRAFT:
        response["ETag"] = etag(version)
    return response
