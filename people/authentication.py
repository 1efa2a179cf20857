"""API tokens that expire (``Authorization: Token <key>``)."""

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from people.models import ApiToken, User
from people.services import TokenOwnerMustChangePasswordError, TokenRefusedError, token_authenticate


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token header, checked against ``people.ApiToken``: a key that is unknown,
    revoked or expired, or whose owner is inactive, is answered 401 saying which; a good
    key whose owner must choose a new password first, 403."""

    model = ApiToken

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        try:
            token = token_authenticate(key)
        except TokenOwnerMustChangePasswordError as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from None
        except TokenRefusedError as refusal:
            raise exceptions.AuthenticationFailed(str(refusal)) from None
        return token.user, token
