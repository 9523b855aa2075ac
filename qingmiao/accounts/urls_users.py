"""The security administrator's account screens."""

from django.urls import path

from . import views_users

app_name = "users"

urlpatterns = [
    path("", views_users.user_list, name="list"),
    path("new/", views_users.user_add, name="add"),
    path("<int:pk>/", views_users.user_edit, name="edit"),
    path("<int:pk>/password/", views_users.user_password, name="password"),
    path("<int:pk>/unlock/", views_users.user_unlock, name="unlock"),
    path("<int:pk>/deactivate/", views_users.user_deactivate, name="deactivate"),
]
