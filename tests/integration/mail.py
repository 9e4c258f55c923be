"""An email backend for the integration tests: Django's file backend, made slow on request and
able to announce that a send has begun, so a test can kill the process mid-send."""

import os
import re
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        markers = os.environ.get("SEND_MARKER_DIR")
        if markers:
            Path(markers, f"sending-{os.getpid()}-{time.monotonic_ns()}").write_text(
                str(os.getpid())
            )
        time.sleep(float(os.environ.get("SLOW_SEND_SECONDS", "0")))
        return super().send_messages(email_messages)


def message_ids(mail_dir) -> list[str]:
    """The Message-ID of every email the file backend wrote, repeats included."""
    ids = []
    for path in Path(mail_dir).glob("*.log"):
        ids += re.findall(r"^Message-ID:\s*(<[^>\s]+>)", path.read_text(), flags=re.MULTILINE)
    return ids
