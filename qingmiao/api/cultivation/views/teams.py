"""Endpoints of the teams area."""

ROUTES: list = []
