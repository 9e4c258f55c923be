from django.apps import AppConfig


class ReturnersConfig(AppConfig):
    name = "returners"
