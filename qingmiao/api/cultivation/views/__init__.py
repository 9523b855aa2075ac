"""育's endpoints, one module per area; each lists its routes as (prefix, viewset, basename)."""

from . import attendance, curriculum, mentoring, overview, plans, practice, results, teams

AREAS = (overview, curriculum, attendance, mentoring, practice, teams, results, plans)
ROUTES = [route for area in AREAS for route in area.ROUTES]
