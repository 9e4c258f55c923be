import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from bench import scale
from bench.trainees import seed_scale
from portal.accounts.models import Role, User
from portal.notifications.models import Notification
from portal.reports.forms import report_form
from portal.reports.selectors import report_sections
from portal.reports.suppression import suppress
from requests_ltft.choices import Status
from requests_ltft.models import LtftApplication, LtftStatusChange, OoppApplication
from returners.models import Absence, KeepInTouchDay, Meeting
from tests.signing_in import sign_in
from trainees.models import ProgrammeMembership, Trainee

pytestmark = pytest.mark.django_db


def test_seed_scale_adds_trainees_up_to_the_target_in_bulk(django_assert_max_num_queries):
    seen = []
    seed_scale(30, lambda done, total: seen.append(done))
    assert Trainee.objects.count() == 30
    assert seen == [30]
    with django_assert_max_num_queries(40):
        added = seed_scale(50, lambda done, total: None)
    assert added == 20
    assert Trainee.objects.count() == 50
    assert ProgrammeMembership.objects.filter(educational_supervisor__isnull=False).count() == 50


def test_seed_scale_can_add_applications_with_their_history():
    from requests_ltft.models import LtftApplication, LtftStatusChange

    assert scale.main(["--trainees", "40", "--applications", "30"]) == 0
    assert Trainee.objects.count() == 40
    assert LtftApplication.objects.count() == 30
    assert LtftStatusChange.objects.count() >= 30


def _loaded() -> list[int]:
    models = [User, Trainee, ProgrammeMembership, LtftApplication, OoppApplication]
    models += [LtftStatusChange, Absence, Meeting]
    return [model.objects.count() for model in models]


def _listed(client, user, url) -> str:
    sign_in(client, user)
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode()


def test_the_demo_has_a_login_per_role_queues_every_status_and_a_report_with_figures(
    client, capsys, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo uploads evidence
    call_command("seed_demo")
    out = capsys.readouterr().out
    for email in ["trainee@", "supervisor@", "tpd@", "deanery@", "admin@"]:
        assert email in out
    assert out.count("otpauth://totp/") == 4  # every staff role signs in with a second factor
    kinds = set(
        Role.objects.filter(user__email__endswith="@example.nhs.uk").values_list("kind", flat=True)
    )
    assert kinds == set(Role.Kind.values)
    loaded = _loaded()
    call_command("seed_demo")  # as a second `make run` does
    assert _loaded() == loaded

    statuses = set(LtftApplication.objects.values_list("status", flat=True)) | set(
        OoppApplication.objects.values_list("status", flat=True)
    )
    assert statuses == set(Status.values)
    returned = LtftApplication.objects.get(trainee__user__email="trainee@example.nhs.uk")
    assert (returned.status, returned.revision) == (Status.UNSUBMITTED, 2)
    assert Meeting.objects.filter(status=Meeting.Status.ACKNOWLEDGED).exists()
    assert KeepInTouchDay.objects.exists()
    assert Notification.objects.filter(recipient__email="tpd@example.nhs.uk").exists()

    tpd = User.objects.get(email="tpd@example.nhs.uk")
    deanery = User.objects.get(email="deanery@example.nhs.uk")
    waiting_on_tpd = LtftApplication.objects.filter(status=Status.SUBMITTED, programme__tpds=tpd)
    assert waiting_on_tpd.count() >= 2
    tpd_queue = _listed(client, tpd, reverse("requests_ltft:tpd_home"))
    for application in waiting_on_tpd:
        assert application.trainee.user.last_name in tpd_queue
    deanery_queue = _listed(client, deanery, reverse("requests_ltft:deanery_home"))
    waiting_on_deanery = LtftApplication.objects.filter(status=Status.TPD_SUPPORTED)
    assert waiting_on_deanery.count() >= 2
    for application in waiting_on_deanery:
        assert application.trainee.user.last_name in deanery_queue

    # The report page opens on the last complete quarter: its figures are there, and large
    # enough to survive small-number suppression (docs/rules.md §10).
    report_page = _listed(client, deanery, reverse("reports:home"))
    assert "chart-ltft-" in report_page
    filters = report_form({}, user=deanery).filters()
    sections = {s.key: suppress(s) for s in report_sections(filters=filters)}
    ltft, oopp = sections["ltft"], sections["oopp"]
    for key in ["received", "approved", "rejected", "withdrawn", "returned"]:
        cell = ltft.figure(key).current
        assert cell.value >= 5 and not cell.suppressed, key
    assert not ltft.figure("to_decision").current.suppressed
    assert oopp.figure("approved").current.value >= 5


def test_the_make_run_startup_path_prints_no_system_check_warning():
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "System check identified no issues" in checked.stdout
    assert "WARNING" not in checked.stdout + checked.stderr


def test_a_tis_file_for_the_demo_programme_updates_it_rather_than_adding_another():
    from tests.trainees.tis_files import as_csv, person
    from trainees.demo import seed_demo
    from trainees.importing.people_writes import import_people
    from trainees.models import LocalOffice, Programme

    seed_demo()
    office = LocalOffice.objects.get(code="HENW")
    row = person(1, **{"Programme Number": "NWP001", "Programme Name": "North West Paediatrics"})

    preview = import_people(as_csv([row]), offices={"HENW": office}, home=office, dry_run=True)
    import_people(as_csv([row]), offices={"HENW": office}, home=office, dry_run=False)

    assert preview.errors == [] and "programme North West" not in preview.created[0]["what"]
    assert Programme.objects.filter(name="North West Paediatrics").count() == 1
