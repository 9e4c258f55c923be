"""Who a notice is written for. Every notice has one version per audience it is sent to
(issue 15, item 6): the trainee reads about their own application ("your application"), the
people around them read about the trainee by name, with what they need to do.

The versions are templates: `notifications/email/<notice>/<audience>.txt`, whose first line is
the subject and the rest (after a blank line) the message; an optional `<audience>.html` beside
it is the HTML part. A notice sent to an audience it has no version for raises
TemplateDoesNotExist, and tests/notifications/test_notice_audiences.py renders every version.
"""

from enum import StrEnum


class Audience(StrEnum):
    TRAINEE = "trainee"  # the trainee the notice is about
    SUPERVISOR = "supervisor"  # their educational supervisor
    TPD = "tpd"  # the training programme director(s) of the programme
    DEANERY = "deanery"  # the local office's deanery reviewers (and a case owner)
    USER = "user"  # the person the notice is about when no trainee is (an invitation, a download)


def template_name(notice: str, audience: Audience, extension: str = "txt") -> str:
    return f"notifications/email/{notice}/{audience}.{extension}"
