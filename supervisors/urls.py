from django.urls import path

from supervisors import views

app_name = "supervisors"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("meetings/<uuid:pk>/schedule/", views.meeting_schedule_view, name="meeting_schedule"),
    path("meetings/<uuid:pk>/cancel/", views.meeting_cancel_view, name="meeting_cancel"),
    path("meetings/<uuid:pk>/record/", views.meeting_log_view, name="meeting_log"),
    path("meetings/<uuid:pk>/actions/new/", views.meeting_action_add_view, name="action_add"),
    path(
        "meetings/<uuid:pk>/actions/<int:action_id>/remove/",
        views.meeting_action_remove_view,
        name="action_remove",
    ),
    path("meetings/<uuid:pk>/sign-off/", views.meeting_sign_off_view, name="meeting_sign_off"),
]
