"""Endpoints of the results area."""

ROUTES: list = []
