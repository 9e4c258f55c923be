"""The trainee's LTFT and OOPP applications on their home page (trainees.panels)."""

from requests_ltft.selectors.ltft import ltft_list_for_trainee
from requests_ltft.selectors.oopp import oopp_list_for_trainee
from trainees.panels import HomePanel, register_panel


def _applications(request, trainee) -> dict:
    return {
        "applications": ltft_list_for_trainee(user=request.user),
        "oopp_applications": oopp_list_for_trainee(user=request.user),
    }


register_panel(
    HomePanel("applications", "requests_ltft/partials/_trainee_home.html", _applications)
)
