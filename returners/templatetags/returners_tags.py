"""`{% return_to_training_summary trainee %}`: the trainee's absences and plans on their home
page. The tag calls a scoped selector, so the template does no querying itself."""

from django import template
from django.utils import timezone

from returners.models import Meeting
from returners.presenters import plan_summary
from returners.selectors import absence_list_for_trainee

register = template.Library()


@register.inclusion_tag("returners/partials/_trainee_summary.html", takes_context=True)
def return_to_training_summary(context, trainee):
    user = context["request"].user
    today = timezone.localdate()
    items = []
    for absence in absence_list_for_trainee(user=user, trainee=trainee):
        plan = getattr(absence, "plan", None)
        summary = plan_summary(plan, today, absence) if plan else None
        to_acknowledge = (
            [s.meeting for s in summary.meetings if s.meeting.status == Meeting.Status.SIGNED_OFF]
            if summary
            else []
        )
        items.append({"absence": absence, "summary": summary, "to_acknowledge": to_acknowledge})
    return {"items": items, "is_own": trainee.user_id == user.pk}
