"""Endpoints of the attendance area."""

ROUTES: list = []
