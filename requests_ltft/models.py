import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from portal.accounts.models import Role
from portal.accounts.scopes import directed_programme_ids, office_ids, role_kinds
from portal.workflow.models import Snapshot, StatusChange, WorkflowModel
from requests_ltft.choices import OPEN_STATUSES, STANDARD_PERCENTS, Status
from requests_ltft.transitions import LTFT_TRANSITIONS


class ApplicationBase(WorkflowModel):
    """What LTFT and OOPP applications share: who, which programme, and the decision trail."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trainee = models.ForeignKey("trainees.Trainee", on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey("trainees.Programme", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    case_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    short_notice = models.BooleanField(default=False)
    cct_date_before = models.DateField(null=True, blank=True)
    provisional_cct_date = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def membership(self):
        # Read once per instance: a page asks for it several times (dates, CCT, roles).
        # Services lock and re-read the application, so they get a fresh one.
        if "_membership" not in self.__dict__:
            self._membership = self.trainee.memberships.get(programme_id=self.programme_id)
        return self._membership

    def refresh_from_db(self, *args, **kwargs):
        # What is remembered below is re-read too, as the rest of the row is.
        self.__dict__.pop("_membership", None)
        self.__dict__.pop("_roles_of", None)
        super().refresh_from_db(*args, **kwargs)

    def roles_of(self, user) -> set[str]:
        # Remembered per user on this instance: a page asks for them several times.
        known = self.__dict__.setdefault("_roles_of", {})
        if user.pk not in known:
            known[user.pk] = self._work_out_roles(user)
        return set(known[user.pk])

    def _work_out_roles(self, user) -> set[str]:
        roles = set()
        kinds = role_kinds(user)
        if self.trainee.user_id == user.pk:
            roles.add("OWNER")
        if Role.Kind.TPD in kinds and self.programme_id in directed_programme_ids(user):
            roles.add("TPD")
        if self.programme.local_office_id in office_ids(user, Role.Kind.DEANERY):
            roles.add("DEANERY")
        if Role.Kind.SUPERVISOR in kinds and self._supervised_by(user):
            roles.add("SUPERVISOR")
        return roles

    def _supervised_by(self, user) -> bool:
        try:
            return self.membership.educational_supervisor_id == user.pk
        except self.trainee.memberships.model.DoesNotExist:
            return False

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.UNSUBMITTED)


class LtftApplication(ApplicationBase):
    """An application to change working hours (docs/rules.md §2)."""

    current_percent = models.PositiveSmallIntegerField()
    proposed_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    alternative_start_date = models.DateField(null=True, blank=True)
    exceptional_reason = models.CharField(max_length=30, blank=True)
    exceptional_explanation = models.TextField(blank=True)
    reasons = models.JSONField(default=list, blank=True)
    reason_other = models.CharField(max_length=200, blank=True)
    supporting_information = models.TextField(blank=True)
    tpd_name = models.CharField(max_length=120, blank=True)
    tpd_email = models.EmailField(blank=True)
    other_discussions = models.JSONField(default=list, blank=True)
    skilled_worker_visa = models.BooleanField(null=True, blank=True)
    visa_override_reason = models.TextField(blank=True)
    declarations_confirmed_at = models.DateTimeField(null=True, blank=True)

    TRANSITIONS = LTFT_TRANSITIONS

    class Meta:
        verbose_name = "LTFT application"
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "programme"],
                condition=Q(status__in=OPEN_STATUSES),
                name="ltft_one_open_per_programme",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="ltft_status_valid"),
            models.CheckConstraint(
                condition=Q(proposed_percent__isnull=True)
                | Q(proposed_percent__gte=20, proposed_percent__lte=100),
                name="ltft_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("start_date")),
                name="ltft_end_after_start",
            ),
        ]
        indexes = [
            # The queues filter on programme and status and sort on the dates: with those
            # and the key inside, a page's keys come from the index alone.
            models.Index(
                fields=["programme", "status"],
                include=["start_date", "submitted_at", "id"],
                name="ltft_queue",
            ),
            models.Index(fields=["status", "submitted_at"], name="ltft_status_submitted"),
            models.Index(fields=["trainee", "created_at"], name="ltft_trainee"),
        ]

    def __str__(self):
        return f"LTFT application {str(self.pk)[:8]} ({self.get_status_display()})"

    @property
    def is_bespoke(self) -> bool:
        return self.proposed_percent is not None and self.proposed_percent not in STANDARD_PERCENTS

    @property
    def proposed_wte(self) -> Decimal | None:
        return None if self.proposed_percent is None else Decimal(self.proposed_percent) / 100

    @property
    def current_wte(self) -> Decimal:
        return Decimal(self.current_percent) / 100

    def snapshot_data(self) -> dict:
        from requests_ltft.presenters import ltft_answers

        return {row.key: row.value for row in ltft_answers(self)}


class LtftStatusChange(StatusChange):
    application = models.ForeignKey(
        LtftApplication, on_delete=models.PROTECT, related_name="status_changes"
    )


class LtftSnapshot(Snapshot):
    application = models.ForeignKey(
        LtftApplication, on_delete=models.PROTECT, related_name="snapshots"
    )

    class Meta(Snapshot.Meta):
        constraints = [
            models.UniqueConstraint(fields=["application", "revision"], name="ltft_snapshot_rev")
        ]


def _evidence_path(instance, filename):
    # Stored under a generated name: the uploaded name is kept only as data, never as a path.
    return f"evidence/{uuid.uuid4().hex}{instance.extension}"


class Evidence(models.Model):
    """A file a trainee uploaded in support of an application. Special-category data."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ltft_application = models.ForeignKey(
        LtftApplication, on_delete=models.CASCADE, null=True, blank=True, related_name="evidence"
    )
    oopp_application = models.ForeignKey(
        "requests_ltft.OoppApplication",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
    )
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField(max_length=200)
    extension = models.CharField(max_length=6)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.original_name


# The OOPP models live in their own module; importing them here registers them with the app.
from requests_ltft.oopp.models import (  # noqa: E402, F401
    OoppApplication,
    OoppSnapshot,
    OoppStatusChange,
)
