"""An iCalendar (RFC 5545) invitation for a scheduled meeting, written by hand: one VEVENT
with times in UTC, escaped text, lines folded at 75 octets and CRLF line endings."""

from datetime import UTC, datetime

from returners.models import Meeting

PRODID = "-//NHS England//Flexible training portal//EN"


def escape_text(value: str) -> str:
    """TEXT values (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces joined by CRLF and a space (§3.1), never
    cutting a UTF-8 character in half."""
    pieces, current, size = [], "", 0
    limit = 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def meeting_invite(meeting: Meeting, *, now: datetime, host: str) -> str:
    """The .ics text for `meeting`, which must be scheduled. `host` makes the UID globally
    unique; the UID stays the same when the meeting moves, and SEQUENCE goes up."""
    if meeting.scheduled_start is None:
        raise ValueError("Only a scheduled meeting has an invitation.")
    membership = meeting.plan.absence.membership
    trainee = membership.trainee.user
    supervisor = membership.educational_supervisor
    summary = f"SuppoRTT {meeting.get_kind_display().lower()}: {trainee.get_full_name()}"
    where = meeting.location or meeting.video_link
    description_lines = [
        f"{meeting.get_kind_display()} for {trainee.get_full_name()}'s return to training.",
    ]
    if meeting.video_link:
        description_lines.append(f"Video link: {meeting.video_link}")
    description_lines.append("Record and sign off the meeting in the Flexible training portal.")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:supportt-meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"SEQUENCE:{meeting.invite_sequence}",
        f"DTSTART:{utc_stamp(meeting.scheduled_start)}",
        f"DTEND:{utc_stamp(meeting.scheduled_end)}",
        f"SUMMARY:{escape_text(summary)}",
        f"LOCATION:{escape_text(where)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description_lines))}",
    ]
    if meeting.video_link:
        lines.append(f"URL:{meeting.video_link}")
    if supervisor is not None:
        lines.append(f"ORGANIZER;CN={_param(supervisor.get_full_name())}:mailto:{supervisor.email}")
    for person in (trainee, supervisor):
        if person is not None:
            lines.append(
                f"ATTENDEE;CN={_param(person.get_full_name())};ROLE=REQ-PARTICIPANT"
                f":mailto:{person.email}"
            )
    lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
    return "".join(f"{fold(line)}\r\n" for line in lines)


def _param(value: str) -> str:
    """A parameter value (§3.2): quoted, with the characters a quoted value cannot hold
    (double quotes and control characters) removed."""
    cleaned = "".join(ch for ch in value if ch != '"' and ch >= " ")
    return f'"{cleaned}"'
