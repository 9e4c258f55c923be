"""The local office's own settings (outside /accounts/, so the second factor is required)."""

from django.urls import path

from portal.accounts import office_settings_views

app_name = "office"

urlpatterns = [
    path("", office_settings_views.office_settings_home_view, name="settings_home"),
    path("<str:code>/settings/", office_settings_views.office_settings_view, name="settings"),
    path(
        "<str:code>/settings/<slug:section>/",
        office_settings_views.office_settings_section_view,
        name="section",
    ),
]
