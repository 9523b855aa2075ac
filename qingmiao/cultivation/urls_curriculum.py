"""Routes of the curriculum area: curriculum/… (the catalogue home, a list, detail, create,
edit, delete and export for each resource, the coming weeks' sessions)."""

from django.urls import path

from .views import curriculum, sessions, trips
from .views._catalogue import routes

urlpatterns = [
    path("curriculum/", curriculum.home, name="curriculum"),
    path("curriculum/upcoming/", sessions.upcoming, name="session_upcoming"),
    *routes(curriculum.TOPIC, prefix="topics"),
    *routes(curriculum.LECTURER, prefix="lecturers"),
    *routes(curriculum.BASE, prefix="bases"),
    path("curriculum/bases/<int:pk>/active/", curriculum.base_archive, name="base_archive"),
    *routes(curriculum.ROUTE, prefix="routes"),
    path("curriculum/routes/<int:pk>/active/", curriculum.route_archive, name="route_archive"),
    *routes(curriculum.COURSE, prefix="courses"),
    *routes(sessions.SESSION, prefix="sessions"),
    *routes(trips.TRIP, prefix="trips"),
    path(
        "curriculum/trips/<int:pk>/participants/",
        trips.participants_add,
        name="trip_participants_add",
    ),
    path(
        "curriculum/trips/<int:pk>/participants/<int:cadre_pk>/remove/",
        trips.participant_remove,
        name="trip_participant_remove",
    ),
]
