from django.apps import AppConfig


class NhsukConfig(AppConfig):
    name = "portal.nhsuk"
    label = "nhsuk"
    verbose_name = "NHS.UK template pack"
