"""A meeting's statuses, apart from the models so the transition table can name them."""

from django.db import models


class MeetingStatus(models.TextChoices):
    PENDING = "PENDING", "Not scheduled yet"
    SCHEDULED = "SCHEDULED", "Scheduled, not held yet"
    LOGGED = "LOGGED", "Recorded, not signed off"
    SIGNED_OFF = "SIGNED_OFF", "Signed off"
    ACKNOWLEDGED = "ACKNOWLEDGED", "Acknowledged by the trainee"


# Both still need the meeting to be held: reminders, due dates and urgency read these.
NOT_HELD = (MeetingStatus.PENDING, MeetingStatus.SCHEDULED)
