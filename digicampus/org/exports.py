"""Excel export of a class list."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from digicampus.org.models import Classroom


def classroom_roster_xlsx(*, classroom: Classroom, students: Iterable[dict[str, Any]]) -> bytes:
    """The class list as an .xlsx workbook, headers in the active language."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = str(classroom.name)[:31]
    headers = [
        _("No."),
        _("Education ID"),
        _("Full name"),
        _("Date of birth"),
        _("Parents"),
        _("Parent phones"),
    ]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for n, student in enumerate(students, start=1):
        parents = student["parents"]
        ws.append(
            [
                n,
                student["education_id"],
                student["full_name"],
                student["date_of_birth"],
                ", ".join(name for name, _phone in parents),
                ", ".join(phone for _name, phone in parents),
            ]
        )
    for column, width in zip("ABCDEF", (6, 16, 28, 14, 36, 28), strict=True):
        ws.column_dimensions[column].width = width
    out = BytesIO()
    wb.save(out)
    return out.getvalue()
