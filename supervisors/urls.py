from django.urls import path

from supervisors import views

app_name = "supervisors"

urlpatterns = [path("", views.home_view, name="home")]
