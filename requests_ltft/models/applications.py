"""What every kind of application is: who applies, for which programme, where it is in its
transition table, and who may act on it."""

import uuid

from django.db import models
from django.db.models import F, Q

from portal.accounts.models import Role
from portal.accounts.scopes import directed_programme_ids, office_ids, role_kinds
from portal.core.models import optional_person
from portal.core.text import mid_sentence
from portal.workflow.models import WorkflowModel
from requests_ltft.choices import OPEN_STATUSES, Status


def application_constraints(kind: str) -> list:
    """The rules every kind's table enforces; the names start with the kind, as its migrations
    named them."""
    return [
        models.UniqueConstraint(
            fields=["trainee", "programme"],
            condition=Q(status__in=OPEN_STATUSES),
            name=f"{kind}_one_open_per_programme",
        ),
        models.CheckConstraint(condition=Q(status__in=Status.values), name=f"{kind}_status_valid"),
        models.CheckConstraint(
            condition=Q(end_date__isnull=True) | Q(end_date__gt=F("start_date")),
            name=f"{kind}_end_after_start",
        ),
    ]


def application_indexes(kind: str) -> list:
    return [
        # The queues filter on programme and status and sort on the dates: with those and the
        # key inside, a page's keys come from the index alone.
        models.Index(
            fields=["programme", "status"],
            include=["start_date", "submitted_at", "id"],
            name=f"{kind}_queue",
        ),
        models.Index(fields=["status", "submitted_at"], name=f"{kind}_status_submitted"),
        models.Index(fields=["trainee", "created_at"], name=f"{kind}_trainee"),
    ]


class ApplicationBase(WorkflowModel):
    """What LTFT and OOPP applications share: who, which programme, and the decision trail."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trainee = models.ForeignKey("trainees.Trainee", on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey("trainees.Programme", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    case_owner = optional_person(on_delete=models.SET_NULL)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    short_notice = models.BooleanField(default=False)
    cct_date_before = models.DateField(null=True, blank=True)
    provisional_cct_date = models.DateField(null=True, blank=True)
    # The answers both kinds ask: when, and why at short notice (docs/rules.md §1).
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    alternative_start_date = models.DateField(null=True, blank=True)
    exceptional_reason = models.CharField(max_length=30, blank=True)
    exceptional_explanation = models.TextField(blank=True)
    declarations_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def membership(self):
        # Read once per instance: a page asks for it several times (dates, CCT, roles).
        # Services lock and re-read the application, so they get a fresh one.
        if "_membership" not in self.__dict__:
            self._membership = self.trainee.memberships.get(programme_id=self.programme_id)
        return self._membership

    @property
    def status_in_sentence(self) -> str:
        return mid_sentence(self.get_status_display())

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
    def kind_slug(self) -> str:
        """ "ltft" or "oopp": audit actions, URL names and the privacy rules use it."""
        return self._meta.model_name.removesuffix("application")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.UNSUBMITTED)
