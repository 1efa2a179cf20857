"""The API's settings (Django REST framework and its OpenAPI schema), kept apart from the
rest of the settings; ``phb.settings`` reads them."""

from phb.environment import env_str


def rest_framework(debug: bool) -> dict:
    """DRF's settings: the browsable API (HTML forms) only in debug."""
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            # Token first, so that an anonymous call is told 401 with a challenge.
            "people.authentication.ExpiringTokenAuthentication",
            "rest_framework.authentication.SessionAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
        "PAGE_SIZE": 50,
        "DEFAULT_FILTER_BACKENDS": ["common.api.FilterBackend"],
        "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
        # JSON only in production; the browsable API (HTML forms) only in debug.
        "DEFAULT_RENDERER_CLASSES": [
            "rest_framework.renderers.JSONRenderer",
            *(["rest_framework.renderers.BrowsableAPIRenderer"] if debug else []),
        ],
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": {
            "anon": env_str("API_THROTTLE_ANON", "30/minute"),
            "user": env_str("API_THROTTLE_USER", "1200/minute"),
        },
        "EXCEPTION_HANDLER": "common.api.exception_handler",
        "DEFAULT_PARSER_CLASSES": [
            "common.api.JSONParser",
            "common.api.FormParser",
            "common.api.MultiPartParser",
        ],
        "COERCE_DECIMAL_TO_STRING": True,
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
    }


SPECTACULAR_SETTINGS = {
    "TITLE": "Personal health budgets API",
    "DESCRIPTION": (
        "The JSON face of the personal health budgets service: the same services and "
        "the same per-record permissions as its pages. Money is a string with two "
        "decimals."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its documentation are for signed-in users only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.describe_text",
        "common.api.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PlanStatusEnum": "careplans.models.PlanStatus",
        "ReviewPackStatusEnum": "reviews.models.ReviewPack.Status",
        "AuditRoundStatusEnum": "peer_audit.models.AuditRound.Status",
        "PeerAuditStatusEnum": "peer_audit.models.PeerAudit.Status",
    },
}
