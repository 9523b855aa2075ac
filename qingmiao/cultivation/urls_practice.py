"""Routes of the practice area."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
