"""管's endpoints, one module per area; each lists its routes as (prefix,
viewset, basename).
"""

from . import care, evaluation, records, rounds

AREAS = (rounds, evaluation, records, care)
ROUTES = [route for area in AREAS for route in area.ROUTES]
