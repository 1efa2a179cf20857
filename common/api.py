"""What every API request and response has in common: errors as JSON, a message per
field; bodies of bounded size, depth and list length, whose text has no control or
text-direction characters; query parameters checked the same way; ids that are looked up
only among the records the requesting user may use; and a schema that describes the errors
too.
"""

import codecs
import json
import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, parsers, serializers
from rest_framework.parsers import get_encoding
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.errors import RecordedRefusal
from common.ids import ID_PATTERN, MAX_ID
from common.text import UNSAFE_CHARACTERS, unsafe_character


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


MAX_BODY_BYTES = 1024 * 1024
"""The largest JSON or form body: a thousand service events are about 100 KB."""
MAX_DEPTH = 10
"""The deepest nesting of a JSON body: the deepest the API takes (a review) is 3."""
MAX_LIST_ITEMS = 1_000
"""The most items in one list of a body (service events, direct payments, progress...)."""

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _too_many(items: list) -> str:
    return f"Send at most {MAX_LIST_ITEMS:,} items in one list: this one has {len(items):,}."


def _unsafe_text(data: Any) -> Any:
    """The parts of a parsed body whose text is unsafe, or whose lists are too long, shaped
    as the body (a list keeps an entry, ``{}`` if good, per item sent); ``None`` if all is
    well."""
    if isinstance(data, str):
        reason = unsafe_character(data)
        return [reason] if reason else None
    if isinstance(data, dict):
        found = {key: error for key, value in data.items() if (error := _unsafe_text(value))}
        return found or None
    if isinstance(data, list):
        if len(data) > MAX_LIST_ITEMS:
            return [_too_many(data)]
        found = [_unsafe_text(item) for item in data]
        if not any(found):
            return None
        return [error or {} for error in found]
    return None


def _checked(data: Any) -> Any:
    values = {key: data.getlist(key) for key in data} if isinstance(data, QueryDict) else data
    if isinstance(values, list) and len(values) > MAX_LIST_ITEMS:
        raise exceptions.ValidationError({"non_field_errors": [_too_many(values)]})
    errors = _unsafe_text(values)
    if errors:
        raise exceptions.ValidationError(errors)
    return data


def _read_bounded(stream) -> bytes:
    """The body, or a 400 if it is larger than ``MAX_BODY_BYTES``."""
    raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
    if len(raw) > MAX_BODY_BYTES:
        raise exceptions.ParseError(
            f"The body is too large: send at most {MAX_BODY_BYTES // 1024:,} KB."
        )
    return raw


def _depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (strings left out)."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


class JSONParser(parsers.JSONParser):
    """JSON of at most ``MAX_BODY_BYTES``, nested at most ``MAX_DEPTH`` deep (a deeper
    body would exhaust the parser's recursion), with no ``NaN`` or ``Infinity``."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = codecs.decode(_read_bounded(stream), encoding)
        except UnicodeDecodeError as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        if _depth(text) > MAX_DEPTH:
            raise exceptions.ParseError(
                f"JSON parse error - the body nests more than {MAX_DEPTH} levels deep."
            )
        try:
            data = json.loads(text, parse_constant=json_strict_constant)
        except (ValueError, RecursionError) as error:
            raise exceptions.ParseError(f"JSON parse error - {error}") from None
        return _checked(data)


def json_strict_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number the API takes")


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        return _checked(QueryDict(_read_bounded(stream), encoding=encoding))


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _checked(parsed.data)
        return parsed


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing query parameters with control or text-direction
    characters (400, under the parameter), which a database may not even store."""

    def filter_queryset(self, request, queryset, view):
        unsafe = {
            name: [reason]
            for name, value in request.query_params.items()
            if (reason := unsafe_character(value, multiline=False))
        }
        if unsafe:
            raise exceptions.ValidationError(unsafe)
        return super().filter_queryset(request, queryset, view)


_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_VALIDATION_ERROR = {
    "description": "A message per field (a list of messages, or for a nested field an "
    "object of its own); for a list sent, a list with an entry per item ({} for a good "
    "one); non_field_errors for the request as a whole.",
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {}},
    ],
}
_ERRORS = {
    "400": ("The request is not valid: nothing was changed.", "ValidationError"),
    "401": ("Not signed in (no token or session, or a wrong token).", "Error"),
    "403": ("Signed in, but not allowed to do this.", "Error"),
    "404": ("No such record, or one the user may not see.", "Error"),
    "429": ("Too many requests: try again later.", "Error"),
}
_WITH_BODY = {"415": ("The body is not of a media type the API reads.", "Error")}
_DRAFT_WRITES = {
    "409": ("The plan has been submitted or decided: it cannot change now.", "Error"),
    "412": ("The draft changed since it was read (If-Match).", "Error"),
}
_DECISIONS = {"409": ("Someone else has decided it already: nothing was changed.", "Error")}
_AUDIT_WRITES = {
    "409": ("The audit has been submitted: it cannot change now.", "Error"),
    "412": ("The audit changed since it was read (If-Match).", "Error"),
}


def describe_text(result: dict, generator, request, public) -> dict:
    """A drf-spectacular postprocessing hook: every free-text string of the schema says, as a
    pattern, that it refuses control and text-direction characters (as the parsers do)."""
    for schema in result.get("components", {}).get("schemas", {}).values():
        for prop in schema.get("properties", {}).values():
            if prop.get("type") == "string" and not ({"format", "enum", "pattern"} & set(prop)):
                prop["pattern"] = f"^[^{UNSAFE_CHARACTERS}]*$"
    return result


def document_errors(result: dict, generator, request, public) -> dict:
    """A drf-spectacular postprocessing hook: every operation's error responses, in the
    shapes ``exception_handler`` gives them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = _ERROR
    schemas["ValidationError"] = _VALIDATION_ERROR
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = dict(_ERRORS)
            if "requestBody" in operation:
                errors.update(_WITH_BODY)
            if path.startswith("/api/v1/care-plans/{id}/") and method != "get":
                errors.update(_DRAFT_WRITES)
            if path.startswith("/api/v1/peer-audits/{id}/") and method != "get":
                errors.update(_AUDIT_WRITES)
            if path.endswith("/decision/") and method == "post":
                errors.update(_DECISIONS)
            for code, (description, schema) in errors.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result


class RecordField(serializers.PrimaryKeyRelatedField):
    """A record named by its id in a body: a whole number or a string of digits. Never
    ``1.5`` (which the database would read as 1), ``true``, or a number too large for an
    id."""

    def to_internal_value(self, data):
        whole = isinstance(data, int) and not isinstance(data, bool)
        if not whole and not (isinstance(data, str) and re.fullmatch(ID_PATTERN, data)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 0 < int(data) <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(int(data))


type Scope = Callable[[QuerySet, dict[str, Any]], QuerySet]


class ScopedPrimaryKeyField(RecordField):
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
