from django.apps import AppConfig


class RequestsLtftConfig(AppConfig):
    name = "requests_ltft"
