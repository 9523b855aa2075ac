"""What the selection endpoints share."""

from rest_framework import exceptions
from rest_framework.settings import api_settings

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def _non_field(message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({NON_FIELD: [message]})
