"""Uploads that lie, and names that are formulas (docs/security.md §4 and §5;
ASVS 5.2, 5.3, 5.4 and 1.2.10).

Uploads are posted as raw multipart bodies so that the file name reaches the server exactly as
an attacker would send it (Django's test client would strip the folders itself).
"""

import io
import re
import zipfile
from urllib.parse import unquote

import pytest
from django.urls import reverse

from portal.reports.exports.cells import FORMULA_STARTS
from requests_ltft.models import Evidence
from tests.reports.factories import at, make_application, make_oopp
from tests.reports.test_reports_exports import csv_rows, xlsx_sheets
from tests.requests_ltft.factories import PDF
from tests.security.fingerprint import snapshot
from trainees.models import Grade, LocalOffice, Specialty

pytestmark = pytest.mark.django_db

BOUNDARY = "----portal-security-test"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def docx(with_document=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml" if with_document else "other.xml", "<w/>")
    return buffer.getvalue()


def multipart(fields: dict, filename: str, content: bytes, field="file") -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    return (
        "".join(parts).encode()
        + head.encode("utf-8", "surrogateescape")
        + content
        + (f"\r\n--{BOUNDARY}--\r\n".encode())
    )


def upload(world, role_clients, filename, content):
    url = reverse("requests_ltft:ltft_step", args=[world.ltft.pk, "evidence"])
    return role_clients.client("owner").post(
        url,
        data=multipart({}, filename, content),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )


def new_evidence(world):
    return Evidence.objects.filter(ltft_application=world.ltft).exclude(pk=world.ltft_evidence.pk)


REFUSED = [
    ("oversized", "letter.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)),
    ("empty", "letter.pdf", b""),
    ("html as pdf", "letter.pdf", b"<html><script>alert(1)</script></html>"),
    ("png as pdf", "letter.pdf", PNG),
    ("pdf as png", "scan.png", PDF),
    ("exe as jpg", "photo.jpg", b"MZ\x90\x00" + b"\x00" * 64),
    ("zip as docx", "letter.docx", docx(with_document=False)),
    ("svg", "image.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
    ("html", "page.html", b"<html></html>"),
    ("exe", "setup.exe", b"MZ"),
    ("double extension", "letter.pdf.exe", PDF),
    ("no extension", "letter", PDF),
]


@pytest.mark.parametrize(("case", "filename", "content"), REFUSED, ids=[c[0] for c in REFUSED])
def test_a_lying_or_oversized_file_is_refused_and_nothing_is_stored(
    world, role_clients, media, case, filename, content
):
    before = snapshot()
    stored_before = sorted(p.name for p in media.rglob("*") if p.is_file())
    response = upload(world, role_clients, filename, content)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not new_evidence(world).exists()
    assert snapshot() == before
    assert sorted(p.name for p in media.rglob("*") if p.is_file()) == stored_before


ACCEPTED = [
    ("folders", "../../../../etc/passwd.pdf", PDF),
    ("windows folders", "..\\..\\windows\\win.ini.pdf", PDF),
    ("absolute", "/var/www/portal/evil.pdf", PDF),
    ("quotes and tags", '"><script>alert(1)</script>.pdf', PDF),
    ("right-to-left override", "invoice\u202efdp.pdf", PDF),
    ("very long", "a" * 400 + ".pdf", PDF),
    ("upper case", "SCAN.PNG", PNG),
    ("jpeg", "photo.jpeg", JPEG),
    ("word", "letter.docx", docx()),
]


@pytest.mark.parametrize(("case", "filename", "content"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_a_real_file_with_a_tricky_name_is_stored_under_a_name_of_our_own(
    world, role_clients, media, case, filename, content
):
    response = upload(world, role_clients, filename, content)
    assert response.status_code == 302, response.content[:2000]
    evidence = new_evidence(world).get()
    stored = (media / evidence.file.name).resolve()
    assert stored.is_relative_to((media / "evidence").resolve())
    assert re.fullmatch(r"[0-9a-f]{32}\.(pdf|png|jpg|docx)", stored.name)
    assert stored.read_bytes() == content
    assert not re.search(r"[/\\\x00-\x1f\"<>\u202e]", evidence.original_name)
    assert 0 < len(evidence.original_name) <= 200

    download = role_clients.client("owner").get(
        reverse("requests_ltft:ltft_evidence_download", args=[world.ltft.pk, evidence.pk])
    )
    assert download.status_code == 200
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in unquote(disposition) and "\\" not in unquote(disposition)
    assert download["Content-Type"] == evidence.content_type
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "no-store"
    b"".join(download.streaming_content)


def test_a_file_posted_to_a_page_that_takes_none_is_ignored(world, role_clients, media):
    url = reverse("requests_ltft:ltft_step", args=[world.ltft.pk, "reasons"])
    before = snapshot()
    response = role_clients.client("owner").post(
        url,
        data=multipart({"supporting_information": ""}, "x.pdf", PDF),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 200
    assert snapshot() == before
    assert not new_evidence(world).exists()


def test_a_body_over_the_upload_limit_is_refused_with_400(world, role_clients):
    """3 MB of form fields (not a file): Django refuses it before any view runs."""
    url = reverse("requests_ltft:ltft_step", args=[world.ltft.pk, "reasons"])
    response = role_clients.client("owner").post(
        url, {"supporting_information": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 400
    # Our page, which also serves a change kept although the session could not be saved after
    # it (docs/security.md §9): check before sending it again.
    assert b"<h1>Your request could not be completed</h1>" in response.content
    assert b"reload it to check before you send it again" in response.content


# Formula injection in exports -------------------------------------------------------------------

MARK = "EVIL"
NAMES = {
    "office": f"@{MARK} office",
    "specialty": f"+{MARK} specialty",
    "programme": f'={MARK}("http://evil.example")',
    "tab programme": f"\t{MARK} tab",
    "grade": f"-{MARK}",
}


@pytest.fixture
def evil_reference_data(world):
    """Reference data an admin typed in (or an import brought) that starts like a formula,
    with applications and a return plan in Q1 2025-26 so that every export shows it."""
    from tests.factories import MembershipFactory, ProgrammeFactory
    from tests.reports.factories import make_returner

    office = LocalOffice.objects.create(
        code="EVL", name=NAMES["office"], ntn_prefix="EVL", region="Nowhere"
    )
    specialty = Specialty.objects.create(name=NAMES["specialty"])
    grade = Grade.objects.create(code=NAMES["grade"], level="SPECIALTY", year=3, sort_order=99)
    for name in (NAMES["programme"], NAMES["tab programme"]):
        programme = ProgrammeFactory(name=name, specialty=specialty, local_office=office)
        membership = MembershipFactory(programme=programme, grade=grade)
        make_application(
            membership, history=[("submit", at(2025, 4, 10)), ("approve", at(2025, 4, 20))]
        )
        make_oopp(
            membership,
            history=[("submit", at(2025, 4, 11)), ("approve", at(2025, 4, 21))],
        )
        make_returner(
            membership,
            starts_on=at(2024, 11, 1).date(),
            expected=at(2025, 5, 1).date(),
            # Returned in the period: only a return that happened counts there.
            actual=at(2025, 5, 1).date(),
        )
    return office


def _cells_of(choice, response) -> list[str]:
    if choice.endswith(":csv"):
        return [cell for row in csv_rows(response) for cell in row]
    sheets = xlsx_sheets(b"".join(response.streaming_content))
    return [
        text
        for rows in sheets.values()
        for row in rows
        for text, _style in row
        if isinstance(text, str)
    ]


EXPORTS = [
    "summary:csv",
    "summary:xlsx",
    "rows:ltft:csv",
    "rows:ltft:xlsx",
    "rows:oopp:csv",
    "rows:oopp:xlsx",
    "rows:supportt:csv",
    "rows:supportt:xlsx",
]


@pytest.mark.parametrize("choice", EXPORTS)
@pytest.mark.parametrize("filters", ["", "&office={office}"])
def test_no_export_holds_a_formula_a_name_started(
    world, evil_reference_data, role_clients, choice, filters
):
    query = "?quarter=2025-Q1" + filters.format(office=evil_reference_data.pk)
    response = role_clients.client("admin").post(
        reverse("reports:export") + query, {"export": choice}
    )
    assert response.status_code == 200, response.content[:500]
    cells = _cells_of(choice, response)
    marked = [cell for cell in cells if MARK in cell]
    assert marked, f"{choice}: the names never reached the export, so this proves nothing"
    for cell in marked:
        assert not cell.startswith(FORMULA_STARTS), f"{choice}: unescaped {cell!r}"
        assert cell.startswith("'") or not cell.lstrip("'").startswith(FORMULA_STARTS)
