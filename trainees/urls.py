from django.urls import path

from trainees import import_views, views

app_name = "trainees"

urlpatterns = [
    path("", views.home_view, name="home"),
    path("profile/", views.profile_view, name="my_profile"),
    path("<uuid:pk>/", views.profile_view, name="profile"),
    path("imports/", import_views.import_start_view, name="import_start"),
    path("imports/<uuid:pk>/", import_views.import_detail_view, name="import_detail"),
    path("imports/<uuid:pk>/confirm/", import_views.import_confirm_view, name="import_confirm"),
    path(
        "imports/<uuid:pk>/end-missing/",
        import_views.import_end_missing_view,
        name="import_end_missing",
    ),
    path("imports/<uuid:pk>/invite/", import_views.import_invite_view, name="import_invite"),
    path("imports/<uuid:pk>/errors.csv", import_views.import_errors_view, name="import_errors"),
]
