"""Absences and the KIT/SPLIT days worked during them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from portal.core.models import BaseModel
from returners.models._common import _in


class AbsenceReason(models.TextChoices):
    PARENTAL = "PARENTAL", "Parental leave"
    SICKNESS = "SICKNESS", "Sickness"
    OOPP = "OOPP", "Out of Programme Pause (OOPP)"
    OOPE = "OOPE", "Out of Programme Experience (OOPE)"
    OOPR = "OOPR", "Out of Programme Research (OOPR)"
    OOPT = "OOPT", "Out of Programme Training (OOPT)"
    OOPC = "OOPC", "Out of Programme Career break (OOPC)"
    CARER = "CARER", "Carer's leave"
    OTHER = "OTHER", "Other"


class ParentalLeave(models.TextChoices):
    MATERNITY = "MATERNITY", "Maternity leave"
    ADOPTION = "ADOPTION", "Adoption leave"
    SHARED = "SHARED", "Shared parental leave"
    MATERNITY_THEN_SHARED = (
        "MATERNITY_THEN_SHARED",
        "Maternity or adoption leave, then shared parental leave",
    )
    PATERNITY = "PATERNITY", "Paternity leave"


class AbsenceQuerySet(models.QuerySet):
    def for_trainee(self, trainee):
        return self.filter(membership__trainee=trainee)


class Absence(BaseModel):
    """Time out of training. The trainee is reached through the programme membership they are
    absent from, which also gives the local office (timings) and the educational supervisor."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.ForeignKey(
        "trainees.ProgrammeMembership", on_delete=models.PROTECT, related_name="absences"
    )
    reason = models.CharField(max_length=12, choices=AbsenceReason.choices)
    parental_leave = models.CharField(max_length=24, choices=ParentalLeave.choices, blank=True)
    other_reason = models.CharField("other reason", max_length=200, blank=True)
    # Special category (health). Shown only to the trainee, their supervisor, TPD and deanery,
    # each view audited; never in emails, exports or the admin.
    sickness_details = models.TextField(blank=True)
    starts_on = models.DateField("first day of the absence")
    expected_return_on = models.DateField("expected return date")
    actual_return_on = models.DateField("actual return date", null=True, blank=True)
    planned = models.BooleanField()
    # The pre-absence window of an unplanned absence runs from the day it was logged.
    logged_on = models.DateField()
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    logged_by_system = models.CharField(max_length=40, blank=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=_in("reason", AbsenceReason), name="absence_reason"),
            models.CheckConstraint(
                condition=(Q(reason="PARENTAL") & _in("parental_leave", ParentalLeave))
                | (~Q(reason="PARENTAL") & Q(parental_leave="")),
                name="absence_parental_leave_iff_parental",
            ),
            models.CheckConstraint(
                condition=(Q(reason="OTHER") & ~Q(other_reason=""))
                | (~Q(reason="OTHER") & Q(other_reason="")),
                name="absence_other_reason_iff_other",
            ),
            models.CheckConstraint(
                condition=Q(reason="SICKNESS") | Q(sickness_details=""),
                name="absence_sickness_details_only_for_sickness",
            ),
            models.CheckConstraint(
                condition=Q(expected_return_on__gt=F("starts_on")),
                name="absence_expected_return_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_return_on__isnull=True) | Q(actual_return_on__gt=F("starts_on")),
                name="absence_actual_return_after_start",
            ),
            models.CheckConstraint(
                condition=Q(logged_by__isnull=False) | ~Q(logged_by_system=""),
                name="absence_logged_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["membership", "starts_on"], name="absence_membership")]

    def __str__(self):
        return f"{self.get_reason_display()} from {self.starts_on:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("returners:absence_detail", args=[self.pk])

    @property
    def return_on(self):
        """The return that counts: the actual one once it has happened."""
        return self.actual_return_on or self.expected_return_on

    @property
    def has_returned(self) -> bool:
        return self.actual_return_on is not None

    @property
    def reason_label(self) -> str:
        if self.reason == AbsenceReason.PARENTAL:
            return self.get_parental_leave_display()
        if self.reason == AbsenceReason.OTHER:
            return f"Other: {self.other_reason}"
        return self.get_reason_display()


class KitDayKind(models.TextChoices):
    KIT = "KIT", "Keeping in touch (KIT) day"
    SPLIT = "SPLIT", "Shared parental leave in touch (SPLIT) day"


class KeepInTouchDay(BaseModel):
    """A KIT day (maternity or adoption leave) or SPLIT day (shared parental leave). Any part of
    a day counts as a whole one, so a date is logged once per absence."""

    Kind = KitDayKind

    absence = models.ForeignKey(Absence, on_delete=models.PROTECT, related_name="kit_days")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    on = models.DateField("date")
    note = models.CharField(max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["on"]
        verbose_name = "keeping-in-touch day"
        constraints = [
            models.CheckConstraint(condition=_in("kind", KitDayKind), name="kit_day_kind"),
            models.UniqueConstraint(fields=["absence", "on"], name="kit_day_once_per_date"),
        ]

    def __str__(self):
        return f"{self.kind} day on {self.on:%d %b %Y}"
