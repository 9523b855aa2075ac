"""What the selection endpoints share."""

from rest_framework import exceptions
from rest_framework.settings import api_settings

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def _non_field(message: str) -> exceptions.ValidationError:
    return exceptions.ValidationError({NON_FIELD: [message]})


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
