"""API authentication: a session (the signed-in browser) or a token that expires.

A token lives no longer than a session may (SESSION_ABSOLUTE_TIMEOUT), so that the API does
not become a way around the sign-in time limits. `Authorization: Token <key>`.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token


def token_expires_at(token: Token) -> datetime:
    return token.created + settings.SESSION_ABSOLUTE_TIMEOUT


def token_expired(token: Token) -> bool:
    return timezone.now() >= token_expires_at(token)


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        return user, token


# Token first: its WWW-Authenticate header makes an unauthenticated request a 401.
API_AUTHENTICATION = [ExpiringTokenAuthentication, authentication.SessionAuthentication]
