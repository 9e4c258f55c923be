"""Reading a page's form as a browser would (field names and the values its radios, boxes and
lists offer), and generating hostile input for it with hypothesis."""

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st

DATE_PART = re.compile(r"^(?P<base>.+)_(?P<part>[012])$")


@dataclass
class Field:
    name: str
    kind: str  # "text", "choice", "multi", "date_part", "file", "hidden"
    values: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    """The fields of the page's POST forms that submit to `path` (or to themselves)."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.in_form = False
        self.select: str | None = None
        self.fields: dict[str, Field] = {}

    def _add(self, name, kind, value=None):
        found = self.fields.setdefault(name, Field(name, kind))
        if kind in ("choice", "multi") and found.kind not in ("choice", "multi"):
            found.kind = kind
        if value is not None and value not in found.values:
            found.values.append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.path
            self.in_form = (a.get("method") or "get").lower() == "post" and action.split("?")[
                0
            ] == self.path
            return
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (a.get("type") or "text").lower()
            if kind == "radio":
                self._add(name, "choice", a.get("value", "on"))
            elif kind == "checkbox":
                self._add(name, "multi", a.get("value", "on"))
            elif kind == "file":
                self._add(name, "file")
            elif kind in ("submit", "button"):
                self._add(name, "choice", a.get("value", ""))
            elif DATE_PART.match(name):
                self._add(name, "date_part")
            elif kind == "hidden":
                self._add(name, "hidden", a.get("value"))
            else:
                self._add(name, "text")
        elif tag == "textarea" and name:
            self._add(name, "text")
        elif tag == "select" and name:
            self.select = name
            self._add(name, "choice")
        elif tag == "option" and self.select:
            self._add(self.select, "choice", a.get("value", ""))
        elif tag == "button" and name:
            self._add(name, "choice", a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None


def form_fields(html: str, path: str) -> list[Field]:
    parser = _FormParser(path)
    parser.feed(html)
    return list(parser.fields.values())


# Hostile values ---------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\t",
    "\x00",
    "a\x00b",
    "\r\n",
    "A" * 5000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '"; DROP TABLE trainees_trainee; --',
    '=HYPERLINK("http://evil.example","x")',
    "+44 7700 900000",
    "-1",
    "0",
    "1",
    "100",
    "101",
    "19",
    "20",
    "65",
    "1e309",
    "NaN",
    "Infinity",
    "99999999999999999999999",
    "-99999999999999999999999",
    "3.5",
    "0x10",
    "true",
    "false",
    "None",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "\u202egpj.exe",
    "😀" * 50,
    "١٢٣",  # Arabic-Indic digits
    "１２",  # full-width digits
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "31/12/9999",
    "javascript:alert(1)",
    "https://evil.example/",
    "//evil.example",
    "a@b",
    "tpd@example.nhs.uk",
    "OTHER",
    "YES",
    "NO",
    "yes",
    "no",
    "on",
    "SUPPORT",
    "CONCERNS",
    "PARENTAL",
    "SICKNESS",
    "KIT",
    "SPLIT",
    "APPROVED",
    "csv:rows:ltft",
    "summary:csv",
]
# Forged hidden fields: names no form of ours asks for, which a mass-assignment bug would take.
FORGED_NAMES = [
    "status",
    "trainee",
    "trainee_id",
    "programme",
    "programme_id",
    "membership",
    "membership_id",
    "owner",
    "user",
    "user_id",
    "approver",
    "approved_by",
    "case_owner",
    "decided_at",
    "submitted_at",
    "revision",
    "id",
    "pk",
    "recipient",
    "requested_by",
    "logged_by",
    "signed_off_by",
    "is_staff",
    "is_superuser",
    "role",
    "kind",
    "local_office",
    "visa_override_reason",
    "declarations_confirmed_at",
    "es_recorded_by",
]
FORGED_VALUES = ["APPROVED", "ACTIVE", "SIGNED_OFF", "1", "true", "on", "ADMIN", "2020-01-01"]

DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
NEAR_DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


def hostile_text(ids: list[str]):
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=60),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        DATES.map(dt.date.isoformat),
        st.sampled_from(ids) if ids else st.nothing(),
    )


def _date_parts(day: dt.date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


EDGE_DATES = [
    dt.date(1, 1, 1),
    dt.date(1, 1, 2),
    dt.date(1, 12, 31),
    dt.date(1000, 1, 1),
    dt.date(1900, 1, 1),
    dt.date(2100, 1, 1),
    dt.date(9000, 1, 1),
    dt.date(9998, 1, 1),
    dt.date(9999, 12, 30),
    dt.date(9999, 12, 31),
]


def date_triple():
    """A date as its three boxes: real dates near and far, in the past and the future, the
    first and last days a date can have, and boxes that do not make a date at all."""
    weird = st.sampled_from(["", "0", "32", "13", "-1", "2", "29", "31", "99999", "ab", "1.5"])
    today = dt.date.today()
    soon = st.integers(-400, 800).map(lambda days: today + dt.timedelta(days=days))
    return st.one_of(
        soon.map(_date_parts),
        st.sampled_from(EDGE_DATES).map(_date_parts),
        NEAR_DATES.map(_date_parts),
        DATES.map(_date_parts),
        st.tuples(weird, weird, weird),
    )


@st.composite
def form_input(draw, fields: list[Field], ids: list[str]) -> dict:
    """One hostile submission of the form: each field present or not, with a valid choice, an
    unknown one, or any text; dates valid or not; and forged fields on top."""
    data: dict[str, list[str] | str] = {}
    dates = {}
    for f in fields:
        match = DATE_PART.match(f.name) if f.kind == "date_part" else None
        if match:
            dates.setdefault(match["base"], []).append(f.name)
            continue
        if f.kind == "file" or not draw(st.booleans() if f.kind != "hidden" else st.just(True)):
            continue
        # Mostly what the form offers, so that hostile values also reach the code behind a
        # valid form; otherwise anything.
        hostile = draw(st.integers(0, 9)) < 4
        if f.kind in ("choice", "hidden") and f.values:
            valid = st.sampled_from(f.values)
            data[f.name] = draw(hostile_text(ids) if hostile else valid)
        elif f.kind == "multi":
            valid = st.sampled_from(f.values or ["on"])
            item = st.one_of(valid, hostile_text(ids)) if hostile else valid
            data[f.name] = draw(st.lists(item, max_size=4))
        else:
            plausible = st.one_of(
                st.text(
                    st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=20
                ),
                st.integers(0, 100).map(str),
            )
            data[f.name] = draw(hostile_text(ids) if hostile else plausible)
    for names in dates.values():
        if draw(st.integers(0, 9)) == 0:
            continue  # left out entirely
        parts = draw(date_triple())
        for name, value in zip(sorted(names), parts, strict=False):
            data[name] = value
    for name in draw(st.lists(st.sampled_from(FORGED_NAMES), max_size=4, unique=True)):
        data[name] = draw(st.one_of(st.sampled_from(FORGED_VALUES), hostile_text(ids)))
    return data
