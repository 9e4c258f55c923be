"""Every notice is written for the person who reads it (issue 15, items 6 and 7).

The trainee reads about their own application ("your application"); the TPD, the educational
supervisor and the deanery read about the trainee by name, with what they have to do, and
never the trainee's own instructions (appeal advice, "give the employer notice")."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import TemplateDoesNotExist

from portal.notifications.audiences import Audience
from portal.notifications.models import Notification
from portal.notifications.services import build_notifications, notify
from requests_ltft.services import ltft, oopp
from tests.requests_ltft.factories import OoppApplicationFactory, personas_with_application

pytestmark = pytest.mark.django_db

# Things only the trainee should be told (second person, about their own application).
FOR_THE_TRAINEE_ONLY = (
    "your application",
    "your ltft",
    "your oopp",
    "your changed",
    "your new working hours",
    "your out of programme",
    "your return",
    "your completion",
    "your provisional",
    "your training programme director",
    "your educational supervisor",
    "you can appeal",
    "give the employer notice",
    "make the changes and resubmit",
)


def problems(audience: Audience, subject: str, text: str, trainee_name: str) -> list[str]:
    """What is wrong with a message for `audience` about the trainee `trainee_name`."""
    words = f"{subject}\n{text}"
    lower = words.lower()
    found = []
    if audience == Audience.TRAINEE:
        if "your" not in lower and "you " not in lower:
            found.append("does not speak to the trainee")
        if trainee_name in words:
            found.append("speaks of the trainee in the third person")
    elif audience != Audience.USER:
        if trainee_name not in words:
            found.append("does not name the trainee")
        found += [f"says {phrase!r}" for phrase in FOR_THE_TRAINEE_ONLY if phrase in lower]
    return found


def notice_versions() -> list[tuple[str, Audience]]:
    """Every version of every notice the portal has (`<notice>/<audience>.txt`)."""
    roots = [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]]
    roots += [Path(settings.BASE_DIR) / app / "templates" for app in ("portal/reports",)]
    found = set()
    for root in roots:
        for path in (root / "notifications" / "email").glob("*/*.txt"):
            if not path.parent.name.startswith("test_"):
                found.add((path.parent.name, Audience(path.stem)))
    return sorted(found)


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return personas_with_application(OoppApplicationFactory)


def sample_context(people) -> dict:
    application = people.application
    application.provisional_cct_date = application.start_date
    application.es_view = "SUPPORT"
    name = people.trainee.get_full_name()
    return {
        "application": application,
        "reason": "The dates need to change",
        "trainee_name": name,
        "programme_name": application.programme.name,
        "meeting": "Pre-return meeting",
        "meeting_name": "Pre-return meeting",
        "kind": "OOPP application",
        "kind_long": "application for an Out of Programme Pause",
        "supervisor_name": people.supervisor.get_full_name(),
        "tpd_names": people.tpd.get_full_name(),
        "cancelled_by": people.supervisor.get_full_name(),
        "signed_by": people.supervisor.get_full_name(),
        "has_plan": True,
        "days": 5,
    }


def test_there_are_versions_to_check():
    versions = notice_versions()
    assert ("ltft_approved", Audience.TPD) in versions
    assert ("report_export_ready", Audience.USER) in versions
    assert len(versions) > 60


@pytest.mark.parametrize(("notice", "audience"), notice_versions())
def test_each_version_is_addressed_to_its_reader(people, notice, audience):
    reader = {
        Audience.TRAINEE: people.trainee,
        Audience.SUPERVISOR: people.supervisor,
        Audience.TPD: people.tpd,
        Audience.DEANERY: people.deanery,
        Audience.USER: people.admin,
    }[audience]
    email, in_app = build_notifications(
        recipient=reader,
        audience=audience,
        notice=notice,
        context=sample_context(people),
        link_path="/",
        dedupe_key=None,
    )
    assert email.subject and in_app.body_text
    assert "\n" not in email.subject
    found = problems(audience, in_app.subject, in_app.body_text, people.trainee.get_full_name())
    assert not found, f"{notice}/{audience}: {found}\n{in_app.subject}\n{in_app.body_text}"


def test_a_notice_without_a_version_for_an_audience_is_an_error(people):
    with pytest.raises(TemplateDoesNotExist):
        notify(notice="ltft_approved", to={Audience.SUPERVISOR: [people.supervisor]}, context={})


def test_every_application_notice_has_a_version_for_each_audience_it_is_sent_to():
    tables = [*ltft.NOTICES.values(), *oopp.NOTICES.values()]
    tables.append([oopp.SUPERVISOR_OPINION_RECORDED, oopp.RECOGNITION_RECORDED])
    versions = set(notice_versions())
    missing = [
        (notice.notice, audience)
        for notices in tables
        for notice in notices
        for audience in notice.to
        if (notice.notice, audience) not in versions
    ]
    assert not missing


def check_everything_sent(people):
    """Each message written so far reads right for the role its recipient has here."""
    roles = {
        people.trainee.pk: Audience.TRAINEE,
        people.tpd.pk: Audience.TPD,
        people.supervisor.pk: Audience.SUPERVISOR,
        people.deanery.pk: Audience.DEANERY,
    }
    sent = Notification.objects.filter(channel=Notification.Channel.IN_APP)
    assert sent.exists()
    wrong = {}
    for message in sent:
        audience = roles[message.recipient_id]
        found = problems(
            audience, message.subject, message.body_text, people.trainee.get_full_name()
        )
        if found:
            wrong[f"{audience}: {message.subject}"] = found
    assert not wrong
    return sent


def test_an_oopp_from_submission_to_approval_speaks_to_each_person(people):
    p = people
    app = oopp.oopp_submit(application=p.application, actor=p.trainee)
    app = oopp.oopp_return_for_changes(application=app, actor=p.tpd, reason="Dates")
    app = oopp.oopp_submit(application=app, actor=p.trainee)
    app = oopp.oopp_tpd_support(application=app, actor=p.tpd)
    oopp.oopp_approve(application=app, actor=p.deanery)
    sent = check_everything_sent(p)
    approved = sent.filter(subject__icontains="has been approved")
    assert {m.recipient for m in approved} == {p.trainee, p.tpd, p.supervisor}
    assert "Give the employer notice" in approved.get(recipient=p.trainee).body_text


def test_an_ltft_rejection_gives_appeal_advice_to_the_trainee_only():
    p = personas_with_application()
    app = ltft.ltft_submit(application=p.application, actor=p.trainee)
    app = ltft.ltft_tpd_support(application=app, actor=p.tpd)
    ltft.ltft_reject(application=app, actor=p.deanery, reason="Service needs")
    sent = check_everything_sent(p)
    rejected = sent.filter(subject__icontains="not been approved")
    assert "appeal within 15 working days" in rejected.get(recipient=p.trainee).body_text
    assert "You can appeal" not in rejected.get(recipient=p.tpd).body_text


@pytest.mark.parametrize("kind", ["ltft", "oopp"])
def test_a_resubmission_reaches_the_tpd_as_one_with_what_changed(kind):
    p = (
        personas_with_application()
        if kind == "ltft"
        else personas_with_application(OoppApplicationFactory)
    )
    services = ltft if kind == "ltft" else oopp
    submit = getattr(services, f"{kind}_submit")
    app = submit(application=p.application, actor=p.trainee)
    app = getattr(services, f"{kind}_return_for_changes")(
        application=app, actor=p.tpd, reason="Change the start date"
    )
    Notification.objects.all().delete()
    submit(application=app, actor=p.trainee)

    check_everything_sent(p)
    to_tpd = Notification.objects.get(recipient=p.tpd, channel=Notification.Channel.EMAIL)
    assert "resubmitted" in to_tpd.subject
    assert "after your request for changes" in to_tpd.subject
    assert to_tpd.link_url.endswith(f"/{app.pk}/#changes")
    assert "shows what changed" in to_tpd.body_text
    assert "What changed" in to_tpd.body_text or "See what changed" in to_tpd.body_text
