from django.apps import AppConfig


class SupervisorsConfig(AppConfig):
    name = "supervisors"
