"""Routes of the mentoring area: staff pages under mentoring/, phone pages under my/."""

from django.urls import path

from .views import matching, mentoring_setup, my_mentoring, pairs

urlpatterns = [
    path("mentoring/", mentoring_setup.mentoring_index, name="mentoring_index"),
    path(
        "mentoring/programs/<int:pk>/",
        mentoring_setup.program_mentoring,
        name="program_mentoring",
    ),
    path(
        "mentoring/programs/<int:pk>/match/",
        mentoring_setup.matching_start,
        name="matching_start",
    ),
    path("mentoring/mentors/", mentoring_setup.mentor_list, name="mentor_list"),
    path("mentoring/mentors/export/", mentoring_setup.mentor_export, name="mentor_export"),
    path("mentoring/mentors/new/", mentoring_setup.mentor_form, name="mentor_new"),
    path("mentoring/mentors/<int:pk>/", mentoring_setup.mentor_form, name="mentor_edit"),
    path("mentoring/runs/<int:pk>/", matching.run_detail, name="run_detail"),
    path("mentoring/runs/<int:pk>/confirm/", matching.run_confirm, name="run_confirm"),
    path("mentoring/pairs/", pairs.pair_list, name="pair_list"),
    path("mentoring/pairs/export/", pairs.pair_export, name="pair_export"),
    path("mentoring/pairs/<int:pk>/", pairs.pair_detail, name="pair_detail"),
    path("mentoring/pairs/<int:pk>/reassign/", matching.pair_reassign, name="pair_reassign"),
    path("mentoring/logs/", pairs.log_list, name="log_list"),
    path("mentoring/logs/export/", pairs.log_export, name="log_export"),
    path("mentoring/logs/<int:pk>/", pairs.log_detail, name="log_detail"),
    path("my/mentees/", my_mentoring.my_mentees, name="my_mentees"),
    path("my/mentoring/", my_mentoring.my_mentoring, name="my_mentoring"),
    path("my/mentoring/pairs/<int:pk>/log/", my_mentoring.log_new, name="log_new"),
    path("my/mentoring/logs/<int:pk>/confirm/", my_mentoring.log_confirm, name="log_confirm"),
    path(
        "my/mentoring/follow-ups/<int:pk>/done/",
        my_mentoring.follow_up_done,
        name="follow_up_done",
    ),
]
