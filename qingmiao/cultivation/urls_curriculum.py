"""Routes of the curriculum area."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
