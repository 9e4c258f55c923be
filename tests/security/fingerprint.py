"""What the portal holds, as plain values, so a test can say exactly what a request changed.

The audit log, sessions, lockout counters and two-factor devices are left out: they are meant
to change on any request. So is `User.last_login`.
"""

from django.apps import apps

TABLES = [
    "accounts.user",
    "accounts.role",
    "accounts.tpddeputy",
    "accounts.invitation",
    "accounts.officesettingchange",
    "trainees.localoffice",
    "trainees.programme",
    "trainees.trainee",
    "trainees.programmemembership",
    "trainees.arcpoutcome",
    "trainees.importrun",
    "requests_ltft.ltftapplication",
    "requests_ltft.ltftstatuschange",
    "requests_ltft.ltftsnapshot",
    "requests_ltft.ooppapplication",
    "requests_ltft.ooppstatuschange",
    "requests_ltft.ooppsnapshot",
    "requests_ltft.evidence",
    "returners.absence",
    "returners.keepintouchday",
    "returners.returnplan",
    "returners.enhancedsupervisionextension",
    "returners.supporttsettings",
    "returners.meeting",
    "returners.meetingstatuschange",
    "returners.agreedaction",
    "returners.meetingaddendum",
    "notifications.notification",
    "notifications.remindersent",
    "notifications.officethreshold",
    "reports.reportexport",
]
IGNORED_FIELDS = {"accounts.user": {"last_login"}}


def _columns(model) -> list[str]:
    ignored = IGNORED_FIELDS.get(model._meta.label_lower, set())
    return [f.attname for f in model._meta.concrete_fields if f.attname not in ignored]


def snapshot() -> dict[str, dict]:
    state = {}
    for label in TABLES:
        model = apps.get_model(label)
        columns = _columns(model)
        state[label] = {
            row[0]: row for row in model._default_manager.order_by().values_list("pk", *columns)
        }
    return state


def changes(before: dict, after: dict) -> dict[str, dict]:
    """{table: {"added": [pk], "removed": [pk], "changed": {pk: [column, ...]}}} for every
    table that differs."""
    found = {}
    for label in TABLES:
        old, new = before[label], after[label]
        if old == new:
            continue
        columns = ["pk", *_columns(apps.get_model(label))]
        changed = {}
        for pk in old.keys() & new.keys():
            if old[pk] != new[pk]:
                changed[pk] = [
                    c for c, a, b in zip(columns, old[pk], new[pk], strict=True) if a != b
                ]
        found[label] = {
            "added": sorted(map(str, new.keys() - old.keys())),
            "removed": sorted(map(str, old.keys() - new.keys())),
            "changed": changed,
        }
    return found


# Opening a page marks the person's own messages about it read (portal.notifications
# .middleware): the one write a GET may make. Only these columns, of the requester's own
# rows, are left out; a change to anyone else's message is still a write.
OWN_READ_COLUMNS = {"read_at", "updated_at"}


def without_own_reads(found: dict, after: dict, user_id) -> dict:
    """`found` (from `changes`) without the requester's own messages being marked read."""
    table = "notifications.notification"
    if table not in found or user_id is None:
        return found
    columns = ["pk", *_columns(apps.get_model(table))]
    recipient = columns.index("recipient_id")
    entry = found[table]
    changed = {
        pk: cols
        for pk, cols in entry["changed"].items()
        if not (set(cols) <= OWN_READ_COLUMNS and after[table][pk][recipient] == user_id)
    }
    rest = {label: value for label, value in found.items() if label != table}
    if changed or entry["added"] or entry["removed"]:
        rest[table] = {**entry, "changed": changed}
    return rest
