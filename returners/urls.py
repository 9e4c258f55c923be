from django.urls import path

from returners.views import absences, dashboard, meetings, office, survey

app_name = "returners"

urlpatterns = [
    path("plans/", office.plan_list_view, name="plan_list"),
    path("dashboard/", dashboard.dashboard_view, name="dashboard"),
    path("absences/new/", absences.absence_create_view, name="absence_create"),
    path("my-absences/new/", absences.my_absence_create_view, name="my_absence_create"),
    path("absences/<uuid:pk>/", absences.absence_detail_view, name="absence_detail"),
    path("absences/<uuid:pk>/dates/", absences.absence_change_view, name="absence_change"),
    path("absences/<uuid:pk>/return/", absences.absence_return_view, name="absence_return"),
    path("absences/<uuid:pk>/plan/", absences.plan_opt_in_view, name="plan_opt_in"),
    path("absences/<uuid:pk>/kit-days/new/", absences.kit_day_add_view, name="kit_day_add"),
    path(
        "absences/<uuid:pk>/kit-days/<int:day_id>/",
        absences.kit_day_change_view,
        name="kit_day_change",
    ),
    path(
        "absences/<uuid:pk>/kit-days/<int:day_id>/remove/",
        absences.kit_day_remove_view,
        name="kit_day_remove",
    ),
    path(
        "absences/<uuid:pk>/enhanced-supervision/extend/",
        absences.es_extend_view,
        name="es_extend",
    ),
    path("absences/<uuid:pk>/health/", absences.health_detail_view, name="health_detail"),
    path("meetings/<uuid:pk>/", meetings.meeting_detail_view, name="meeting_detail"),
    path("meetings/<uuid:pk>/invite.ics", meetings.meeting_ics_view, name="meeting_ics"),
    path(
        "meetings/<uuid:pk>/acknowledge/",
        meetings.meeting_acknowledge_view,
        name="meeting_acknowledge",
    ),
    path(
        "meetings/<uuid:pk>/addenda/new/",
        meetings.meeting_addendum_add_view,
        name="meeting_addendum_add",
    ),
    # The returners' survey (docs/rules.md §14).
    path("survey/comments/", survey.survey_comments_view, name="survey_comments"),
    path("survey/<uuid:pk>/", survey.survey_start_view, name="survey_start"),
    path("survey/<uuid:pk>/<slug:step>/", survey.survey_step_view, name="survey_step"),
]
