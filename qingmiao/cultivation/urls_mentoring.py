"""Routes of the mentoring area."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
