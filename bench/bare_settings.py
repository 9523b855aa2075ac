"""The floor the real pages are measured against: Django with no middleware, no apps, no
sessions, rendering 50 rows of the cadre table through a template. Served by gunicorn like
the real app, on the same database."""

import os

import dj_database_url

SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": []}]
USE_TZ = True
