"""Endpoints of the plans area."""

ROUTES: list = []
