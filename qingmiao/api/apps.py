from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "qingmiao.api"
    verbose_name = "API"
