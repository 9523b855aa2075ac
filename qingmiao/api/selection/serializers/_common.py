"""Representations of what the selection serializers share."""

from rest_framework import serializers

STATEMENT_MAX = 2000


def _user(serializer):
    return serializer.context["request"].user


def _name(field: str):
    return serializers.CharField(source=f"get_{field}_display", read_only=True)
