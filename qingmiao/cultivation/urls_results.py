"""Routes of the results area."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
