"""TIS exports to import, built in code so each test shows the rows it cares about."""

import csv
import io
from datetime import date

from openpyxl import Workbook

from trainees.importing.columns import PEOPLE_COLUMNS, STAFF_COLUMNS


def person(n: int, **overrides) -> dict:
    """A valid row for trainee number `n` of HENW, one membership each."""
    row = {
        "GMC Number": f"{7000000 + n:07d}",
        "Forenames": f"Alex{n}",
        "Surname": f"Morgan{n}",
        "Email": f"trainee{n}@import.nhs.uk",
        "Programme Number": f"NWN{n % 7:03d}",
        "Programme Name": f"North West Paediatrics {n % 7}",
        "Local Office Code": "HENW",
        "Specialty": "Paediatrics",
        "Grade": "ST3",
        "Programme Start Date": "2024-08-07",
        "Programme End Date": "31/07/2029",
        "WTE": "1.0",
        "Training Number": f"NWE/030/{n:03d}/C",
        "Educational Supervisor Email": f"es{n % 11}@import.nhs.uk",
        "Educational Supervisor Name": f"Sam Supervisor{n % 11}",
    }
    row.update(overrides)
    return row


def people(count: int, start: int = 1) -> list[dict]:
    return [person(n) for n in range(start, start + count)]


def as_csv(rows: list[dict], *, columns=PEOPLE_COLUMNS, bom=False) -> bytes:
    stream = io.StringIO()
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + stream.getvalue()).encode("utf-8")


def as_xlsx(rows: list[dict], *, columns=PEOPLE_COLUMNS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def staff(email, name, role, office="HENW", programmes="") -> dict:
    return {
        "Email": email,
        "Name": name,
        "Role": role,
        "Local Office Code": office,
        "Programme Numbers": programmes,
    }


def staff_csv(rows: list[dict]) -> bytes:
    return as_csv(rows, columns=STAFF_COLUMNS)


START = date(2024, 8, 7)
