from django.urls import path

from portal.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("export/", views.export_view, name="export"),
    path("exports/<uuid:pk>/status/", views.export_status_view, name="export_status"),
    path("exports/<uuid:pk>/download/", views.export_download_view, name="export_download"),
]
