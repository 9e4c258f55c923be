"""The trainee's absences and return plans on their home page (trainees.panels); the
partial's template tag reads them through a scoped selector."""

from trainees.panels import HomePanel, register_panel

register_panel(HomePanel("return_to_training", "returners/partials/_trainee_home.html"))
