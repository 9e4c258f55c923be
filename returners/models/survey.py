"""The returners' survey (docs/rules.md §14): an invitation per return, and anonymous answers.

Anonymity is by design, not by access rules: an answer has no link to the person, their
absence, plan or invitation, no timestamp, and a random id (so neither the order of ids nor a
time can pair it with the invitation marked used in the same transaction). What it keeps is
what the reports group by, and no more.
"""

import uuid

from django.db import models
from django.db.models import Q

from returners.models._common import _in
from returners.models.absences import Absence


class SurveyInvitation(models.Model):
    """One per return (an absence with a plan). It exists only once used: its row says the
    returner has answered, so the survey cannot be answered twice. When it was sent and when it
    closes are worked out from the return date (`returners.deadlines`)."""

    absence = models.OneToOneField(
        Absence, on_delete=models.CASCADE, primary_key=True, related_name="survey_invitation"
    )

    class Meta:
        verbose_name = "survey invitation (used)"

    def __str__(self):
        return "Used survey invitation"


class ReasonGroup(models.TextChoices):
    PARENTAL = "PARENTAL", "Parental leave"
    SICKNESS = "SICKNESS", "Sickness"
    OUT_OF_PROGRAMME = "OOP", "Out of programme"
    OTHER = "OTHER", "Other reasons"


class LengthBand(models.TextChoices):
    UNDER_3 = "UNDER_3", "Under 3 months"
    FROM_3_TO_6 = "3_6", "3 to 6 months"
    FROM_6_TO_12 = "6_12", "6 to 12 months"
    OVER_12 = "OVER_12", "12 months or more"


class Answer3(models.TextChoices):
    YES = "YES", "Yes"
    NO = "NO", "No"
    NOT_SURE = "NOT_SURE", "Not sure"


class NoSupportReason(models.TextChoices):
    DID_NOT_KNOW = "DID_NOT_KNOW", "I did not know about it"
    DID_NOT_NEED = "DID_NOT_NEED", "I did not need it"
    NO_TIME = "NO_TIME", "I could not get the time"
    OTHER = "OTHER", "Another reason"


def _score(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _yes_no(label):
    return models.CharField(label, max_length=8, choices=Answer3.choices, blank=True)


class SurveyAnswer(models.Model):
    """One returner's answers. Every question is optional, so every answer may be empty."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # What the reports group by: the first day of the financial quarter of the return, the
    # local office, the specialty's school, the reason's group and the length band.
    return_quarter_starts_on = models.DateField()
    local_office = models.ForeignKey(
        "trainees.LocalOffice", on_delete=models.PROTECT, related_name="+"
    )
    specialty_group = models.CharField(max_length=120)
    reason_group = models.CharField(max_length=8, choices=ReasonGroup.choices)
    length_band = models.CharField(max_length=8, choices=LengthBand.choices)
    had_support = models.BooleanField()

    confidence_first_day = _score("confidence on the first day back (1 to 5)")
    confidence_now = _score("confidence now (1 to 5)")
    pre_absence_happened = _yes_no("pre-absence meeting happened")
    pre_absence_useful = _score("pre-absence meeting usefulness (1 to 5)")
    pre_return_happened = _yes_no("pre-return meeting happened")
    pre_return_useful = _score("pre-return meeting usefulness (1 to 5)")
    post_return_happened = _yes_no("post-return meeting happened")
    post_return_useful = _score("post-return meeting usefulness (1 to 5)")
    es_had = _yes_no("had enhanced supervision")
    es_days = models.PositiveSmallIntegerField("enhanced supervision days", null=True, blank=True)
    es_enough = _yes_no("enhanced supervision was enough")
    es_useful = _score("enhanced supervision usefulness (1 to 5)")
    helped_most = models.TextField(blank=True)
    would_have_helped = models.TextField(blank=True)
    would_recommend = _yes_no("would recommend the support")
    no_support_reason = models.CharField(max_length=12, choices=NoSupportReason.choices, blank=True)
    no_support_other = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=_in("reason_group", ReasonGroup), name="survey_reason"
            ),
            models.CheckConstraint(condition=_in("length_band", LengthBand), name="survey_band"),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"survey_{name}_1_to_5",
                )
                for name in (
                    "confidence_first_day",
                    "confidence_now",
                    "pre_absence_useful",
                    "pre_return_useful",
                    "post_return_useful",
                    "es_useful",
                )
            ),
        ]

    def __str__(self):
        return "Survey answer"
