"""Build small .xlsx files for import tests."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

STUDENT_HEADER = [
    "Education ID",
    "Full name",
    "Date of birth",
    "Class",
    "Phone",
    "E-mail",
    "Parent education ID",
    "Parent full name",
    "Parent phone",
    "Parent e-mail",
    "Relation",
]


def workbook_bytes(header, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(header, rows, name="students.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        workbook_bytes(header, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def student_row(n, classroom_name, parent_phone=None, **overrides):
    row = {
        "education_id": f"HS{n:05d}",
        "full_name": f"Học sinh {n}",
        "dob": "15/03/2013",
        "class": classroom_name,
        "phone": None,
        "email": None,
        "parent_id": None,
        "parent_name": f"Phụ huynh {n}",
        "parent_phone": parent_phone or f"09{n:08d}",
        "parent_email": None,
        "relation": "Mẹ",
    }
    row.update(overrides)
    return [
        row["education_id"],
        row["full_name"],
        row["dob"],
        row["class"],
        row["phone"],
        row["email"],
        row["parent_id"],
        row["parent_name"],
        row["parent_phone"],
        row["parent_email"],
        row["relation"],
    ]
