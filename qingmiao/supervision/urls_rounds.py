"""管 · assessment schemes, monthly rounds (月度考察) and their scoring, the
performance list (实绩清单), the cadre portrait (干部画像): pages.
"""

from django.urls import path

from .views import inspect, rounds, rounds_actions, schemes

urlpatterns = [
    path("schemes/", schemes.scheme_list, name="scheme_list"),
    path("schemes/new/", schemes.scheme_edit, name="scheme_new"),
    path("schemes/<int:pk>/", schemes.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/export/", rounds.round_list_export, name="round_list_export"),
    path("rounds/new/", rounds_actions.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("rounds/<int:pk>/export/", rounds.ranking_export, name="ranking_export"),
    path("rounds/<int:pk>/overview/", rounds.round_overview, name="round_overview"),
    path("rounds/<int:pk>/close/", rounds_actions.round_close, name="round_close"),
    path("rounds/<int:pk>/reopen/", rounds_actions.round_reopen, name="round_reopen"),
    path("members/<int:pk>/", rounds.member_detail, name="member_detail"),
    path("members/<int:pk>/nominate/", rounds_actions.nominate, name="nominate"),
    path("photos/<int:pk>/", rounds.photo_file, name="photo_file"),
    path("cadres/<int:pk>/evidence/", rounds.cadre_evidence, name="cadre_evidence"),
    path("inspect/", inspect.inspect_home, name="inspect_home"),
    path("inspect/<int:pk>/", inspect.inspect_round, name="inspect_round"),
    path("inspect/members/<int:pk>/", inspect.inspect_member, name="inspect_member"),
    path("host/", inspect.host_rounds, name="host_rounds"),
    path("host/members/<int:pk>/", inspect.host_member, name="host_member"),
]
