"""The OpenAPI schema's view. Apart from ``common.api`` because DRF imports that module
(its parsers) while drf-spectacular's views are still being imported."""

from drf_spectacular.views import SpectacularAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (YAML, or JSON with ``?format=json``); its errors, such as the 401
    of an anonymous call, are JSON like every other API error."""

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
