"""What every API response has in common: errors as JSON, a message per field."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


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


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (YAML, or JSON with ``?format=json``); its errors, such as the 401
    of an anonymous call, are JSON like every other API error."""

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
