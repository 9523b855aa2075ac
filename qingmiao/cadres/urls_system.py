"""The system administrator's screens: the org-unit tree, code tables, tags."""

from django.urls import path

from . import views_admin, views_codes

app_name = "system"

urlpatterns = [
    path("units/", views_admin.unit_tree, name="units"),
    path("units/<int:pk>/add/", views_admin.unit_add, name="unit_add"),
    path("units/<int:pk>/edit/", views_admin.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views_admin.unit_move, name="unit_move"),
    path("units/<int:pk>/merge/", views_admin.unit_merge, name="unit_merge"),
    path("codes/", views_codes.code_list, name="codes"),
    path("codes/new/", views_codes.code_add, name="code_add"),
    path("codes/<int:pk>/", views_codes.code_edit, name="code_edit"),
    path("tags/", views_codes.tag_list, name="tags"),
    path("tags/new/", views_codes.tag_add, name="tag_add"),
    path("tags/<int:pk>/", views_codes.tag_edit, name="tag_edit"),
    path("tags/<int:pk>/merge/", views_codes.tag_merge, name="tag_merge"),
    path("tags/<int:pk>/delete/", views_codes.tag_delete, name="tag_delete"),
]
