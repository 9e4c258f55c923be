from django.urls import path

from requests_ltft import views

app_name = "requests_ltft"

urlpatterns = [
    path("tpd/", views.tpd_home_view, name="tpd_home"),
    path("deanery/", views.deanery_home_view, name="deanery_home"),
]
