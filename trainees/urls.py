from django.urls import path

from trainees import views

app_name = "trainees"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("profile/", views.profile_view, name="my_profile"),
    path("<uuid:pk>/", views.profile_view, name="profile"),
]
