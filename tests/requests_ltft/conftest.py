import pytest

from requests_ltft.services import ltft as ltft_services
from tests.requests_ltft.factories import OoppApplicationFactory, personas_with_application


@pytest.fixture
def people(db):
    return personas_with_application()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def oopp_people(db, media):
    return personas_with_application(OoppApplicationFactory)


@pytest.fixture
def approved(people, media):
    """An 80% change until completion, approved, starting in 20 weeks (the factory's date)."""
    app = ltft_services.ltft_submit(application=people.application, actor=people.trainee)
    app = ltft_services.ltft_tpd_support(application=app, actor=people.tpd)
    return ltft_services.ltft_approve(application=app, actor=people.deanery)
