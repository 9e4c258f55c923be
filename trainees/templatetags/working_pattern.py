"""The trainee's working pattern in templates (trainees.working_pattern)."""

from django import template
from django.utils import timezone

from trainees import working_pattern

register = template.Library()


@register.simple_tag
def upcoming_change(membership):
    """The next approved change of hours that has not started yet, or None."""
    return working_pattern.upcoming_change(membership, today=timezone.localdate())


@register.simple_tag
def wte_today(membership):
    return working_pattern.wte_on(membership, timezone.localdate())
