from django.urls import path

from requests_ltft.views import queues, review, trainee

app_name = "requests_ltft"

urlpatterns = [
    path("tpd/", queues.tpd_home_view, name="tpd_home"),
    path("deanery/", queues.deanery_home_view, name="deanery_home"),
    path("ltft/", trainee.ltft_list_view, name="ltft_list"),
    path("ltft/start/", trainee.ltft_start_view, name="ltft_start"),
    path("ltft/<uuid:pk>/", review.ltft_detail_view, name="ltft_detail"),
    path("ltft/<uuid:pk>/edit/<slug:step>/", trainee.ltft_step_view, name="ltft_step"),
    path("ltft/<uuid:pk>/check/", trainee.ltft_check_view, name="ltft_check"),
    path("ltft/<uuid:pk>/submitted/", trainee.ltft_submitted_view, name="ltft_submitted"),
    path("ltft/<uuid:pk>/cct-preview/", trainee.ltft_cct_preview_view, name="ltft_cct_preview"),
    path("ltft/<uuid:pk>/do/<slug:action>/", review.ltft_action_view, name="ltft_action"),
    path("ltft/<uuid:pk>/case-owner/", review.ltft_case_owner_view, name="ltft_case_owner"),
    path(
        "ltft/<uuid:pk>/visa-override/", review.ltft_visa_override_view, name="ltft_visa_override"
    ),
    path(
        "ltft/<uuid:pk>/evidence/<uuid:evidence_pk>/",
        review.evidence_download_view,
        name="evidence_download",
    ),
    path(
        "ltft/<uuid:pk>/evidence/<uuid:evidence_pk>/remove/",
        review.evidence_delete_view,
        name="evidence_delete",
    ),
]
