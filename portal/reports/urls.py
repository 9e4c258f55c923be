from django.urls import path

from portal.reports import views

app_name = "reports"

urlpatterns = [path("", views.home_view, name="home")]
