"""What every API request and response has in common: errors as JSON, a message per
field, and bodies whose text has no control or text-direction characters."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from rest_framework import exceptions, parsers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from common.text import unsafe_character


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, plus a service's ``ValidationError`` turned into a 400
    with its messages under the fields they belong to."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail = {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


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
