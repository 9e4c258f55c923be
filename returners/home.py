"""The trainee's absences and return plans on their home page (trainees.panels)."""

from returners.presenters import trainee_home_panel
from trainees.panels import HomePanel, register_panel


def _return_to_training(request, trainee) -> dict:
    return {"return_to_training": trainee_home_panel(user=request.user, trainee=trainee)}


register_panel(
    HomePanel("return_to_training", "returners/partials/_trainee_home.html", _return_to_training)
)
