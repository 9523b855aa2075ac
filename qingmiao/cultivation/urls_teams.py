"""Routes of the teams area."""

from django.urls import path

from .views import teams, teams_self

urlpatterns = [
    path("teams/", teams.team_list, name="team_list"),
    path("teams/export/", teams.team_export, name="team_export"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/change/", teams.team_change, name="team_change"),
    path("teams/program/<int:program_pk>/new/", teams.team_create, name="team_create"),
    path("teams/program/<int:program_pk>/settings/", teams.team_settings, name="team_settings"),
    path("my/team/", teams_self.my_team, name="my_team"),
    path("my/team/program/<int:program_pk>/new/", teams_self.my_team_create, name="my_team_create"),
    path("my/team/<int:pk>/invite/", teams_self.my_team_invite, name="my_team_invite"),
    path("my/invitations/<int:pk>/", teams_self.my_invitation_answer, name="my_invitation_answer"),
    path(
        "my/invitations/<int:pk>/withdraw/",
        teams_self.my_invitation_withdraw,
        name="my_invitation_withdraw",
    ),
    path("my/team/<int:pk>/leader/", teams_self.my_team_leader, name="my_team_leader"),
    path("my/tasks/<int:pk>/done/", teams_self.my_task_done, name="my_task_done"),
]
