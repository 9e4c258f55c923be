"""Checks on uploaded evidence: the content must be what the name claims (ASVS V5)."""

import zipfile
from dataclasses import dataclass

MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


ALLOWED = {
    ".pdf": FileKind(".pdf", "application/pdf"),
    ".png": FileKind(".png", "image/png"),
    ".jpg": FileKind(".jpg", "image/jpeg"),
    ".jpeg": FileKind(".jpg", "image/jpeg"),
    ".docx": FileKind(
        ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}
ALLOWED_TEXT = "a PDF, PNG, JPEG or Word (.docx) file"


def _content_matches(kind: FileKind, head: bytes, upload) -> bool:
    if kind.extension == ".pdf":
        return head.startswith(b"%PDF-")
    if kind.extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if kind.extension == ".jpg":
        return head.startswith(b"\xff\xd8\xff")
    if not head.startswith(b"PK\x03\x04"):
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def evidence_problem(upload) -> str | None:
    """Why this file cannot be accepted, in words the trainee can act on; None if it can."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    kind = ALLOWED.get(extension)
    if kind is None:
        return f"The selected file must be {ALLOWED_TEXT}"
    if upload.size == 0:
        return "The selected file is empty. Choose a file that has something in it"
    if upload.size > MAX_BYTES:
        return "The selected file must be smaller than 10MB"
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not _content_matches(kind, head, upload):
        claimed = extension[1:].upper()
        return f"The selected file is not a real {claimed} file. Choose {ALLOWED_TEXT}"
    return None


def safe_display_name(name: str) -> str:
    """The uploaded name without any folder part or control characters, for display only."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>')
    return cleaned[:200] or "evidence"
