from django.urls import path

from requests_ltft.kinds import LTFT, OOPP
from requests_ltft.views import ltft, oopp, queues
from requests_ltft.views.common import kind_urls

app_name = "requests_ltft"

urlpatterns = [
    path("tpd/", queues.tpd_home_view, name="tpd_home"),
    path("deanery/", queues.deanery_home_view, name="deanery_home"),
    path("ltft/start/", ltft.ltft_start_view, name="ltft_start"),
    path("ltft/<uuid:pk>/visa-override/", ltft.ltft_visa_override_view, name="ltft_visa_override"),
    *kind_urls(LTFT),
    path("oopp/start/", oopp.oopp_start_view, name="oopp_start"),
    path("oopp/supervision/", oopp.oopp_supervision_view, name="oopp_supervision"),
    path(
        "oopp/<uuid:pk>/supervisor-view/",
        oopp.oopp_supervisor_opinion_view,
        name="oopp_supervisor_view",
    ),
    path("oopp/<uuid:pk>/return/", oopp.oopp_return_view, name="oopp_return"),
    path("oopp/<uuid:pk>/recognition/", oopp.oopp_recognition_view, name="oopp_recognition"),
    *kind_urls(OOPP),
]
