"""Endpoints of the curriculum area."""

ROUTES: list = []
