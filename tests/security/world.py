"""One small world for the security tests: the persona set (tests/personas.py), whose trainee
is here the `owner` of one record of every kind.

The owner has: an LTFT application (a draft, with an evidence file), an OOPP application
(submitted, with its post confirmation), a sickness absence with sickness details and a return
plan whose three meetings are signed off (pre-absence), recorded with occupational health notes
and an agreed action (pre-return) and scheduled (post-return); an in-app notification; and the
admin has a report export ready to download. The other trainee has an LTFT draft and an absence
too, so "someone else's record" always exists.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from portal.accounts.models import Role, User
from portal.notifications.models import Notification
from portal.reports.models import KEEP_FOR, ReportExport
from requests_ltft.choices import Status
from requests_ltft.models import Evidence, LtftApplication, OoppApplication
from returners.models import AbsenceReason, AgreedAction, KeepInTouchDay, Meeting, MeetingKind
from returners.services import meeting_log, meeting_schedule, meeting_sign_off
from tests.factories import MembershipFactory, user_with_role
from tests.personas import Personas, build_personas
from tests.requests_ltft.factories import PDF, LtftApplicationFactory, OoppApplicationFactory
from tests.returners.factories import log_absence

ROLES = (
    "owner",
    "other_trainee",
    "supervisor",
    "other_supervisor",
    "tpd",
    "other_tpd",
    "deanery",
    "other_deanery",
    "admin",
    "anonymous",
)


@dataclass
class World:
    people: Personas
    users: dict[str, User | None]
    ltft: LtftApplication
    ltft_evidence: Evidence
    oopp: OoppApplication
    oopp_evidence: Evidence
    absence: object
    meeting_signed: Meeting
    meeting_logged: Meeting
    meeting_scheduled: Meeting
    action: AgreedAction
    notification: Notification
    export: ReportExport
    other_ltft: LtftApplication
    other_absence: object
    extra: dict = field(default_factory=dict)

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)

    @property
    def owner_trainee(self):
        return self.users["owner"].trainee

    @property
    def membership(self):
        return self.ltft.membership


def add_evidence(application, *, name="letter.pdf", content=PDF) -> Evidence:
    field_name = (
        "ltft_application" if isinstance(application, LtftApplication) else "oopp_application"
    )
    evidence = Evidence(
        original_name=name,
        extension=".pdf",
        content_type="application/pdf",
        size=len(content),
        uploaded_by=application.trainee.user,
        **{field_name: application},
    )
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence


def build_world() -> World:
    people = build_personas()
    north_west, deanery, admin = people.north_west, people.deanery, people.admin
    supervisor, other_supervisor = people.supervisor, people.other_supervisor
    membership, other_membership = people.membership, people.other_membership
    owner, other_trainee = people.trainee, people.other_trainee

    ltft = LtftApplicationFactory(membership=membership)
    ltft_evidence = add_evidence(ltft)
    oopp = OoppApplicationFactory(
        membership=membership, status=Status.SUBMITTED, submitted_at=timezone.now()
    )
    other_ltft = LtftApplicationFactory(membership=other_membership)

    today = timezone.localdate()
    absence = log_absence(
        membership,
        reason=AbsenceReason.SICKNESS,
        sickness_details="Needs a phased return after surgery",
        starts_on=today - timedelta(days=30),
        expected_return_on=today + timedelta(days=120),
        planned=False,
        actor=supervisor,
    )
    other_absence = log_absence(
        other_membership,
        starts_on=today - timedelta(days=10),
        expected_return_on=today + timedelta(days=200),
        actor=other_supervisor,
    )
    meetings = {m.kind: m for m in absence.plan.meetings.all()}
    signed = meeting_log(
        meeting=meetings[MeetingKind.PRE_ABSENCE], actor=supervisor, held_on=today, content={}
    )
    signed = meeting_sign_off(meeting=signed, actor=supervisor)
    logged = meeting_log(
        meeting=meetings[MeetingKind.PRE_RETURN],
        actor=supervisor,
        held_on=today,
        content={},
        health_notes="Occupational health advise a phased return",
    )
    action = AgreedAction.objects.create(
        meeting=logged, description="Book a simulation session", owner="SUPERVISOR"
    )
    scheduled = meeting_schedule(
        meeting=meetings[MeetingKind.POST_RETURN],
        actor=supervisor,
        starts_at=timezone.now() + timedelta(days=130),
        duration_minutes=60,
        location="Education centre, room 2",
    )

    notification = Notification.objects.create(
        recipient=owner,
        channel=Notification.Channel.IN_APP,
        subject="Your application was received",
        body_text="We have received it.",
        status=Notification.Status.SENT,
    )
    export = ReportExport(
        requested_by=admin,
        kind="summary",
        file_format="csv",
        description="Report summary (CSV)",
        status=ReportExport.Status.READY,
        filename="report-summary.csv",
        expires_at=timezone.now() + KEEP_FOR,
    )
    export.file.save("report-summary.csv", ContentFile(b"Section,Table\n"), save=False)
    export.save()

    users = {
        "owner": owner,
        "other_trainee": other_trainee,
        **{role: getattr(people, role) for role in ROLES[2:-1]},
        "anonymous": None,
    }
    return World(
        people=people,
        users=users,
        ltft=ltft,
        ltft_evidence=ltft_evidence,
        oopp=oopp,
        oopp_evidence=oopp.evidence.get(),
        absence=absence,
        meeting_signed=signed,
        meeting_logged=logged,
        meeting_scheduled=scheduled,
        action=action,
        notification=notification,
        export=export,
        other_ltft=other_ltft,
        other_absence=other_absence,
        extra={
            **_people_import_objects(north_west, deanery),
            # A day written directly (the service keeps KIT days to parental leave), so the
            # owner's absence has one to change and remove.
            "kit_day": KeepInTouchDay.objects.create(
                absence=absence, kind="KIT", on=today - timedelta(days=7), logged_by=supervisor
            ),
        },
    )


def _people_import_objects(office, deanery) -> dict:
    """An import of the deanery's office, and someone of that office with an invitation."""
    from portal.accounts.invitations import send_invitation
    from trainees.models import ImportRun

    run = ImportRun.objects.create(
        local_office=office, created_by=deanery, file_name="tis.csv", content=b"GMC Number\n"
    )
    invitee = user_with_role(Role.Kind.TRAINEE, office, first_name="Ina", last_name="Vitee")
    send_invitation(user=invitee, sent_by=deanery)
    # A finished import that left one membership out and created one person not yet invited.
    left_out = MembershipFactory(programme__local_office=office)
    created = user_with_role(Role.Kind.TRAINEE, office, first_name="Noah", last_name="Vite")
    finished = ImportRun.objects.create(
        local_office=office, created_by=deanery, file_name="full.csv", content=b"GMC Number\n",
        status=ImportRun.Status.DONE,
        result={
            "rows": 1, "new_user_ids": [str(created.pk)],
            "not_in_file": [{"id": str(left_out.pk), "what": "A membership left out"}],
        },
    )  # fmt: skip
    return {"import_run": run, "finished_import_run": finished, "invitee": invitee}
