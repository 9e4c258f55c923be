"""`{% return_to_training_summary trainee %}`: the trainee's absences and plans on their home
page. The tag only hands over to `returners.presenters.trainee_home_panel`, whose reads are the
scoped selectors; once home pages gather their panels from each app, the view calls that
function and this tag goes."""

from django import template

from returners.presenters import trainee_home_panel

register = template.Library()


@register.inclusion_tag("returners/partials/_trainee_summary.html", takes_context=True)
def return_to_training_summary(context, trainee):
    return trainee_home_panel(user=context["request"].user, trainee=trainee)
