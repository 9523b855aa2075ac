"""Selection endpoints: programs and their eligibility rules, applications and screening,
stages with their scoring schemes, rater assignments, score sheets, the ranking, the cut and
the funnel.

The views are thin. Objects come through the selection selectors and the scoping layer (an
object outside the caller's scope is a 404, never a 403); every change is one call of a
selection service, whose refusals come back as 400 with its Chinese messages, by field where
the service names one. Who may call what is the role's capabilities, as on the pages.
"""

from .applications import ApplicationViewSet
from .programs import ProgramViewSet
from .scoring import AssignmentViewSet, MyAssignmentViewSet, SheetViewSet
from .stages import StageViewSet

__all__ = [
    "ApplicationViewSet",
    "AssignmentViewSet",
    "MyAssignmentViewSet",
    "ProgramViewSet",
    "SheetViewSet",
    "StageViewSet",
]
