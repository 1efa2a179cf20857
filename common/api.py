"""What every API request and response has in common: errors as JSON, a message per
field, bodies whose text has no control or text-direction characters, and ids that are
looked up only among the records the requesting user may use."""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from rest_framework import exceptions, parsers, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import RecordedRefusal
from common.text import unsafe_character


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus a service's ``ValidationError`` turned into a 400
    with its messages under the fields they belong to.

    A ``RecordedRefusal`` answers 400 too, but leaves the request's transaction to commit:
    the service has already undone its own writes, and what it recorded of the attempt (an
    audit event) must stay."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        if isinstance(exc, RecordedRefusal):
            return Response(exceptions.ValidationError(detail).detail, status=400)
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


class Conflict(exceptions.APIException):
    """409: the record changed under the request (someone else decided it first)."""

    status_code = 409
    default_detail = "This has already been decided."
    default_code = "conflict"


type Scope = Callable[[QuerySet, dict[str, Any]], QuerySet]


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """An id sent in a body, found only among the records this request may name.

    ``scope(queryset, context)`` narrows ``queryset`` (the whole model) to those records:
    the requesting user's scope (``context["request"]``) and, where it applies, the plan's
    or the person's (put in the serializer's context by the view). An id outside the scope,
    an id of no record at all and a value that is not an id get the same ``message``, so the
    answer never tells another team's record from nothing.
    """

    def __init__(self, *, scope: Scope, message: str, **kwargs: Any) -> None:
        self.scope = scope
        self.message = message
        kwargs["error_messages"] = {
            "does_not_exist": message,
            "incorrect_type": message,
            **kwargs.get("error_messages", {}),
        }
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return self.scope(super().get_queryset(), self.context)


def requesting_user(context: dict[str, Any]):
    """The user a serializer works for (``None`` outside a request, as in the schema)."""
    request = context.get("request")
    return getattr(request, "user", None)


def _unsafe_text(data: Any) -> Any:
    """The parts of a parsed body whose text is unsafe, shaped as the body (a list keeps an
    entry, ``{}`` if good, per item sent); ``None`` if all is well."""
    if isinstance(data, str):
        reason = unsafe_character(data)
        return [reason] if reason else None
    if isinstance(data, dict):
        found = {key: error for key, value in data.items() if (error := _unsafe_text(value))}
        return found or None
    if isinstance(data, list):
        found = [_unsafe_text(item) for item in data]
        if not any(found):
            return None
        return [error or {} for error in found]
    return None


def _checked(data: Any) -> Any:
    values = {key: data.getlist(key) for key in data} if isinstance(data, QueryDict) else data
    errors = _unsafe_text(values)
    if errors:
        raise exceptions.ValidationError(errors)
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _checked(super().parse(stream, media_type, parser_context))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return _checked(super().parse(stream, media_type, parser_context))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _checked(parsed.data)
        return parsed
