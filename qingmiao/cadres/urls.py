from django.urls import path

from . import views

app_name = "cadres"

urlpatterns = [
    path("", views.cadre_list, name="list"),
    path("new/", views.cadre_create, name="create"),
    path("export/", views.cadre_export, name="export"),
    path("<int:pk>/", views.cadre_detail, name="detail"),
    path("<int:pk>/edit/", views.cadre_edit, name="edit"),
    path("<int:pk>/photo/", views.cadre_photo, name="photo"),
    path("<int:pk>/delete/", views.cadre_delete, name="delete"),
    path("<int:pk>/sections/<slug:section>/", views.cadre_section_edit, name="section"),
    path("units/", views.orgunit_tree, name="units"),
]
