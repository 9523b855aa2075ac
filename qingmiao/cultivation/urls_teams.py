"""Routes of the teams area."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
