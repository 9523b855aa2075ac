"""Endpoints of the mentoring area."""

ROUTES: list = []
