import pytest
from django.core.management import call_command

from bench import scale
from bench.trainees import seed_scale
from portal.accounts.models import Role, User
from trainees.models import ProgrammeMembership, Trainee

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_one_login_per_role_and_is_safe_to_run_twice(capsys):
    call_command("seed_demo")
    first = (User.objects.count(), Trainee.objects.count(), ProgrammeMembership.objects.count())
    call_command("seed_demo")
    assert (
        User.objects.count(),
        Trainee.objects.count(),
        ProgrammeMembership.objects.count(),
    ) == first
    assert Trainee.objects.count() == 20
    out = capsys.readouterr().out
    for email in ["trainee@", "supervisor@", "tpd@", "deanery@", "admin@"]:
        assert email in out
    assert out.count("otpauth://totp/") >= 3 * 2
    kinds = set(
        Role.objects.filter(user__email__endswith="@example.nhs.uk").values_list("kind", flat=True)
    )
    assert kinds == set(Role.Kind.values)


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
