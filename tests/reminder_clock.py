"""Running reminder rules with the clock moved, and reading whom they emailed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from portal.notifications.models import Notification, ReminderSent
from portal.notifications.reminders import reminders_send_due

LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int = 7):
    """UK time on `day`; 07:00 is when beat runs the daily sweep."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON))


def run_on(day: date, rule) -> int:
    """How many reminders `rule` sends when the sweep runs on `day`."""
    with at(day):
        return reminders_send_due(rules=[rule()])[rule.name]


def sent_to(rule) -> list[str]:
    """The addresses each email of `rule` went to, one entry per email."""
    ledger = ReminderSent.objects.filter(rule=rule.name).values_list("pk", flat=True)
    prefixes = tuple(f"reminder:{pk}:" for pk in ledger)
    emails = Notification.objects.filter(channel="EMAIL").select_related("recipient")
    return sorted(n.recipient.email for n in emails if (n.dedupe_key or "").startswith(prefixes))
