"""Routes of the plans area."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
