"""Endpoints of the practice area."""

ROUTES: list = []
