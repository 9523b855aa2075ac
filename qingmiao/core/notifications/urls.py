from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.open_notification, name="open"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("settings/", views.preferences, name="preferences"),
    path("robots/", views.robot_list, name="robots"),
    path("robots/new/", views.robot_edit, name="robot_create"),
    path("robots/<int:pk>/", views.robot_edit, name="robot_edit"),
    path("robots/<int:pk>/toggle/", views.robot_toggle, name="robot_toggle"),
    path("robots/<int:pk>/test/", views.robot_test, name="robot_test"),
    path("deliveries/", views.delivery_list, name="deliveries"),
    path("deliveries/retry/", views.delivery_retry, name="delivery_retry"),
]
