"""Routes of the attendance area."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
