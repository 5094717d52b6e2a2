"""Bulk import of students (with parents) and teachers from an .xlsx file.

An import is checked first (a dry run that reports every bad row), then committed in one
transaction: either every row is created or none. Both steps run in a Celery worker; progress
goes to the `progress` cache so the page can show it while the transaction is still open.

Imported accounts get no password: each gets a random one-time sign-in code (kept only as a
SHA-256 digest; it has enough entropy not to need a slow hash), printed on first sign-in slips,
and must choose a password at first sign-in.
"""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from digicampus.accounts.choices import ImportKind, ImportStatus, Role
from digicampus.accounts.errors import AccountError
from digicampus.accounts.models import Guardianship, ImportJob, Membership, User
from digicampus.accounts.phones import normalize_phone
from digicampus.core import audit, permissions
from digicampus.core.errors import DomainError
from digicampus.org.models import Classroom, School, SubjectGroup

XLSX_MAGIC = b"PK\x03\x04"
ACTIVATION_DAYS = 30
BATCH = 1000


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    required: bool = False


STUDENT_COLUMNS = [
    Column("education_id", gettext_lazy("Education ID"), True),
    Column("full_name", gettext_lazy("Full name"), True),
    Column("date_of_birth", gettext_lazy("Date of birth")),
    Column("class", gettext_lazy("Class"), True),
    Column("phone", gettext_lazy("Phone")),
    Column("email", gettext_lazy("E-mail")),
    Column("parent_education_id", gettext_lazy("Parent education ID")),
    Column("parent_full_name", gettext_lazy("Parent full name")),
    Column("parent_phone", gettext_lazy("Parent phone")),
    Column("parent_email", gettext_lazy("Parent e-mail")),
    Column("relation", gettext_lazy("Relation")),
]
TEACHER_COLUMNS = [
    Column("education_id", gettext_lazy("Education ID"), True),
    Column("full_name", gettext_lazy("Full name"), True),
    Column("date_of_birth", gettext_lazy("Date of birth")),
    Column("phone", gettext_lazy("Phone")),
    Column("email", gettext_lazy("E-mail")),
    Column("subject_group", gettext_lazy("Subject group")),
]
COLUMNS = {ImportKind.STUDENTS: STUDENT_COLUMNS, ImportKind.TEACHERS: TEACHER_COLUMNS}


def _messages() -> dict[str, str]:
    return {
        AccountError.MISSING_VALUE: _("“%(column)s” is required."),
        AccountError.DUPLICATE_ID: _("Education ID %(value)s is already used."),
        AccountError.DUPLICATE_PHONE: _("Phone %(value)s already belongs to another person."),
        AccountError.DUPLICATE_EMAIL: _("E-mail %(value)s already belongs to another person."),
        AccountError.UNKNOWN_CLASS: _(
            "Class “%(value)s” does not exist in the school's current year."
        ),
        AccountError.BAD_PHONE: _("“%(value)s” is not a valid phone number."),
        AccountError.BAD_EMAIL: _("“%(value)s” is not a valid e-mail address."),
        AccountError.BAD_DATE: _("“%(value)s” is not a valid date (use DD/MM/YYYY)."),
        AccountError.BAD_HEADER: _("The column “%(column)s” is missing from the first row."),
        AccountError.BAD_FILE: _("The file is not an Excel workbook (.xlsx)."),
    }


def row_error_message(error: dict[str, Any]) -> str:
    """A stored row error in the active language."""
    template = _messages().get(error["code"], error["code"])
    return template % {"column": error.get("column_label", ""), "value": error.get("value", "")}


def column_labels(kind: str) -> list[str]:
    """Header labels of the import template in the active language."""
    return [str(c.label) for c in COLUMNS[kind]]


def template_xlsx(kind: str) -> bytes:
    """An empty workbook with the header row a school fills in."""
    wb = Workbook()
    ws = wb.active
    ws.append(column_labels(kind))
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Progress, shared between the worker and the web processes.


def _progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def progress_set(job_id: int, processed: int, total: int) -> None:
    caches["progress"].set(_progress_key(job_id), (processed, total), 3600)


def progress_get(job: ImportJob) -> tuple[int, int]:
    """(rows done, rows in all) of a running job; the stored figures once it has stopped."""
    if job.is_running:
        value = caches["progress"].get(_progress_key(job.pk))
        if value:
            return value
    return job.processed_rows, job.total_rows


# ---------------------------------------------------------------------------------------------
# Starting a job (in the request: only a cheap check of the file's content).


@transaction.atomic
def import_job_create(*, actor: User, school: School, kind: str, upload: Any) -> ImportJob:
    """Store an uploaded file and queue its check. Refuses files that are not .xlsx by content."""
    permissions.require(actor, "accounts.import_people", school)
    head = upload.read(4)
    upload.seek(0)
    if head != XLSX_MAGIC or upload.size > settings.IMPORT_MAX_BYTES:
        raise DomainError(AccountError.BAD_FILE, _("The file is not an Excel workbook (.xlsx)."))
    job = ImportJob(
        school=school,
        created_by=actor,
        kind=kind,
        original_name=str(upload.name)[:255],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.file.save(f"{kind}.xlsx", upload, save=False)
    job.save()
    audit.record(actor=actor, verb="accounts.import_upload", target=job, school_id=school.pk)
    from digicampus.accounts.tasks import check_import

    transaction.on_commit(lambda: check_import.delay(job_id=job.pk))
    return job


# ---------------------------------------------------------------------------------------------
# Reading and checking.


@dataclass
class Parsed:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _cell_text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(text)


def _header_map(kind: str, header: tuple[Any, ...]) -> tuple[dict[str, int], list[Column]]:
    """Map column keys to positions; headers may be in any of the three languages."""
    aliases: dict[str, str] = {}
    for column in COLUMNS[kind]:
        aliases[column.key.lower()] = column.key
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                aliases[str(column.label).strip().lower()] = column.key
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = aliases.get(_cell_text(cell).lower())
        if key and key not in positions:
            positions[key] = index
    missing = [c for c in COLUMNS[kind] if c.required and c.key not in positions]
    return positions, missing


def _read_rows(job: ImportJob) -> Iterator[tuple[int, dict[str, Any]]] | None:
    job.file.open("rb")
    try:
        data = job.file.read()
    finally:
        job.file.close()
    try:
        wb = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return None
    return _iter_sheet(wb)


def _iter_sheet(wb: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    ws = wb.worksheets[0]
    for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if not any(v not in (None, "") for v in row):
            continue
        yield number, {"_raw": row}
    wb.close()


class _Checker:
    """Checks every row of one job against the file itself and the database."""

    def __init__(self, job: ImportJob, on_progress: Any = None) -> None:
        self.job = job
        self.kind = job.kind
        self.on_progress = on_progress
        self.parsed = Parsed()

    def error(self, row: int, column: Column | None, code: str, value: Any = "") -> None:
        self.parsed.errors.append(
            {
                "row": row,
                "column": column.key if column else "",
                "column_label": str(column.label) if column else "",
                "code": code,
                "value": _cell_text(value)[:100],
            }
        )

    def run(self) -> Parsed:
        rows = _read_rows(self.job)
        if rows is None:
            self.error(0, None, AccountError.BAD_FILE)
            return self.parsed
        first = next(rows, None)
        if first is None:
            self.error(1, None, AccountError.BAD_HEADER)
            return self.parsed
        positions, missing = _header_map(self.kind, first[1]["_raw"])
        for column in missing:
            self.error(1, column, AccountError.BAD_HEADER)
        if missing:
            return self.parsed
        raw_rows = list(rows)
        self.total = len(raw_rows)
        columns = {c.key: c for c in COLUMNS[self.kind]}
        for number, item in raw_rows:
            values = item["_raw"]
            record: dict[str, Any] = {"_row": number}
            for key, index in positions.items():
                record[key] = values[index] if index < len(values) else None
            self._check_fields(record, columns)
            self.parsed.rows.append(record)
        self._check_against_database(columns)
        return self.parsed

    def _check_fields(self, record: dict[str, Any], columns: dict[str, Column]) -> None:
        row = record["_row"]
        has_parent_contact = bool(
            _cell_text(record.get("parent_phone")) or _cell_text(record.get("parent_education_id"))
        )
        for column in COLUMNS[self.kind]:
            text = _cell_text(record.get(column.key))
            if column.required and not text:
                self.error(row, column, AccountError.MISSING_VALUE)
            if column.key not in ("date_of_birth", "phone", "parent_phone"):
                record[column.key] = text
        raw_dob = record.get("date_of_birth")
        record["date_of_birth"] = None
        if _cell_text(raw_dob):
            try:
                record["date_of_birth"] = _parse_date(raw_dob)
            except ValueError:
                self.error(row, columns["date_of_birth"], AccountError.BAD_DATE, raw_dob)
        for key in ("phone", "parent_phone"):
            if key not in columns:
                continue
            raw = record.get(key)
            record[key] = None
            if _cell_text(raw):
                phone = normalize_phone(raw)
                if phone is None:
                    self.error(row, columns[key], AccountError.BAD_PHONE, raw)
                record[key] = phone
        for key in ("email", "parent_email"):
            if key not in columns or not record.get(key):
                if key in columns:
                    record[key] = None
                continue
            try:
                validate_email(record[key])
                record[key] = record[key].lower()
            except ValidationError:
                self.error(row, columns[key], AccountError.BAD_EMAIL, record[key])
                record[key] = None
        needs_contact = (
            self.kind == ImportKind.STUDENTS
            and record.get("parent_full_name")
            and not has_parent_contact
        )
        if needs_contact:
            self.error(row, columns["parent_phone"], AccountError.MISSING_VALUE)

    def _check_against_database(self, columns: dict[str, Column]) -> None:
        rows = self.parsed.rows
        school = self.job.school
        ids = [r["education_id"] for r in rows if r.get("education_id")]
        existing_ids = _existing(User, "education_id", ids)
        phones = [r["phone"] for r in rows if r.get("phone")]
        emails = [r["email"] for r in rows if r.get("email")]
        existing_phones = _existing(User, "phone", phones)
        existing_emails = _existing(User, "email", emails)
        seen_ids: set[str] = set()
        seen_phones: set[str] = set()
        seen_emails: set[str] = set()
        if self.kind == ImportKind.STUDENTS:
            classes = {
                c.name.lower(): c.pk
                for c in Classroom.objects.filter(
                    school=school, grade__school_year__is_current=True
                )
            }
        else:
            groups = {g.name.lower(): g.pk for g in SubjectGroup.objects.filter(school=school)}
        for n, record in enumerate(rows, start=1):
            row = record["_row"]
            education_id = record.get("education_id")
            if education_id:
                if education_id in existing_ids or education_id in seen_ids:
                    self.error(
                        row, columns["education_id"], AccountError.DUPLICATE_ID, education_id
                    )
                seen_ids.add(education_id)
            phone = record.get("phone")
            if phone:
                if phone in existing_phones or phone in seen_phones:
                    self.error(row, columns["phone"], AccountError.DUPLICATE_PHONE, phone)
                seen_phones.add(phone)
            email = record.get("email")
            if email:
                if email in existing_emails or email in seen_emails:
                    self.error(row, columns["email"], AccountError.DUPLICATE_EMAIL, email)
                seen_emails.add(email)
            if self.kind == ImportKind.STUDENTS:
                name = record.get("class", "")
                record["classroom_id"] = classes.get(name.lower())
                if name and record["classroom_id"] is None:
                    self.error(row, columns["class"], AccountError.UNKNOWN_CLASS, name)
            else:
                name = record.get("subject_group", "")
                record["subject_group_id"] = groups.get(name.lower()) if name else None
            if self.on_progress and n % 500 == 0:
                self.on_progress(n, len(rows))
        if self.kind == ImportKind.STUDENTS:
            self._check_parents(columns, seen_ids, seen_phones, seen_emails)

    def _check_parents(
        self,
        columns: dict[str, Column],
        student_ids: set[str],
        student_phones: set[str],
        student_emails: set[str],
    ) -> None:
        rows = [r for r in self.parsed.rows if r.get("parent_full_name")]
        given_ids = [r["parent_education_id"] for r in rows if r.get("parent_education_id")]
        phones = [r["parent_phone"] for r in rows if r.get("parent_phone")]
        by_id = (
            {u.education_id: u.pk for u in User.objects.filter(education_id__in=given_ids)}
            if given_ids
            else {}
        )
        by_phone = _existing_map(User, "phone", phones)
        for record in rows:
            row = record["_row"]
            pid = record.get("parent_education_id")
            phone = record.get("parent_phone")
            if pid and pid in student_ids:
                self.error(row, columns["parent_education_id"], AccountError.DUPLICATE_ID, pid)
            if phone and phone in student_phones:
                self.error(row, columns["parent_phone"], AccountError.DUPLICATE_PHONE, phone)
            existing = by_id.get(pid) if pid else None
            if existing is None and phone:
                existing = by_phone.get(phone)
            elif existing is not None and phone and by_phone.get(phone, existing) != existing:
                self.error(row, columns["parent_phone"], AccountError.DUPLICATE_PHONE, phone)
            record["parent_user_id"] = existing
            record["parent_key"] = pid or phone


def _existing(model: Any, field_name: str, values: list[str]) -> set[str]:
    return set(_existing_map(model, field_name, values))


def _existing_map(model: Any, field_name: str, values: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(values))
    for start in range(0, len(unique), 900):
        chunk = unique[start : start + 900]
        for value, pk in model.objects.filter(**{f"{field_name}__in": chunk}).values_list(
            field_name, "pk"
        ):
            found[value] = pk
    return found


def import_job_check(*, job: ImportJob) -> ImportJob:
    """The dry run: read the file, record every bad row; READY when there is none."""
    checker = _Checker(job, on_progress=lambda n, total: progress_set(job.pk, n, total))
    parsed = checker.run()
    job.total_rows = len(parsed.rows)
    job.processed_rows = len(parsed.rows)
    job.errors = sorted(parsed.errors, key=lambda e: e["row"])
    job.status = ImportStatus.INVALID if parsed.errors else ImportStatus.READY
    if job.kind == ImportKind.STUDENTS:
        new_parents = {
            r["parent_key"]
            for r in parsed.rows
            if r.get("parent_key") and not r.get("parent_user_id")
        }
        linked = {r["parent_user_id"] for r in parsed.rows if r.get("parent_user_id")}
        job.summary = {
            "students": len(parsed.rows),
            "new_parents": len(new_parents),
            "existing_parents": len(linked),
        }
    else:
        job.summary = {"teachers": len(parsed.rows)}
    job.save(
        update_fields=["total_rows", "processed_rows", "errors", "status", "summary", "updated_at"]
    )
    return job


# ---------------------------------------------------------------------------------------------
# Committing.


def import_job_start(*, actor: User, job: ImportJob) -> ImportJob:
    """Queue the commit of a checked job."""
    permissions.require(actor, "accounts.import_people", job.school)
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.IMPORTING, processed_rows=0
    )
    if not updated:
        raise DomainError(AccountError.NOT_READY, _("This import is not ready to run."))
    job.refresh_from_db()
    from digicampus.accounts.tasks import commit_import

    transaction.on_commit(lambda: commit_import.delay(job_id=job.pk))
    return job


def _new_code() -> tuple[str, str]:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(10))
    return code, hashlib.sha256(code.encode()).hexdigest()


def import_job_commit(*, job: ImportJob) -> ImportJob:
    """Create every account of a checked job in one transaction, or none if anything fails.

    Re-checks the file first (the database may have changed since the dry run).
    """
    total = job.total_rows or 1
    progress_set(job.pk, 0, total)
    parsed = _Checker(job).run()
    if parsed.errors:
        job.errors = sorted(parsed.errors, key=lambda e: e["row"])
        job.status = ImportStatus.INVALID
        job.save(update_fields=["errors", "status", "updated_at"])
        return job
    slips: list[tuple[str, str, str, str]] = []
    unusable = make_password(None)
    expires = timezone.now() + timedelta(days=ACTIVATION_DAYS)

    def new_user(record: dict[str, Any], prefix: str = "") -> User:
        code, digest = _new_code()
        user = User(
            education_id=record[f"{prefix}education_id"],
            full_name=record[f"{prefix}full_name"],
            phone=record.get(f"{prefix}phone") or None,
            email=record.get(f"{prefix}email") or None,
            date_of_birth=record.get("date_of_birth") if not prefix else None,
            language=job.language,
            password=unusable,
            must_change_password=True,
            activation_digest=digest,
            activation_expires_at=expires,
        )
        slips.append((record.get("class", ""), user.education_id, user.full_name, code))
        return user

    school = job.school
    with transaction.atomic():
        # bulk_create sets primary keys on both supported databases (SQLite and PostgreSQL).
        users: list[User] = [new_user(r) for r in parsed.rows]
        for start in range(0, len(users), BATCH):
            User.objects.bulk_create(users[start : start + BATCH])
            progress_set(job.pk, min(start + BATCH, len(users)) // 2, total)
        by_id = {u.education_id: u.pk for u in users}
        memberships: list[Membership] = []
        links: list[Guardianship] = []
        if job.kind == ImportKind.STUDENTS:
            parent_pk = _create_parents(parsed.rows, new_user, job)
            parent_school: set[int] = set()
            for record in parsed.rows:
                student_pk = by_id[record["education_id"]]
                memberships.append(
                    Membership(
                        user_id=student_pk,
                        role=Role.STUDENT,
                        school=school,
                        classroom_id=record["classroom_id"],
                    )
                )
                key = record.get("parent_key")
                if key:
                    pid = parent_pk[key]
                    links.append(
                        Guardianship(
                            parent_id=pid, child_id=student_pk, relation=record.get("relation", "")
                        )
                    )
                    if pid not in parent_school:
                        parent_school.add(pid)
                        memberships.append(Membership(user_id=pid, role=Role.PARENT, school=school))
        else:
            for record in parsed.rows:
                memberships.append(
                    Membership(
                        user_id=by_id[record["education_id"]], role=Role.TEACHER, school=school
                    )
                )
                if record.get("subject_group_id"):
                    memberships.append(
                        Membership(
                            user_id=by_id[record["education_id"]],
                            role=Role.TEACHER,
                            school=school,
                            subject_group_id=record["subject_group_id"],
                        )
                    )
        for start in range(0, len(memberships), BATCH):
            Membership.objects.bulk_create(
                memberships[start : start + BATCH], ignore_conflicts=True
            )
        for start in range(0, len(links), BATCH):
            Guardianship.objects.bulk_create(links[start : start + BATCH], ignore_conflicts=True)
        # Parents who already had an account now have one more child.
        permissions.scope_changed(
            *{r["parent_user_id"] for r in parsed.rows if r.get("parent_user_id")}
        )
        progress_set(job.pk, total, total)
        job.slips.save(f"slips-{job.pk}.xlsx", ContentFile(_slips_xlsx(job, slips)), save=False)
        job.status = ImportStatus.DONE
        job.processed_rows = job.total_rows
        job.summary = {**job.summary, "accounts_created": len(slips)}
        job.errors = []
        job.save(
            update_fields=["slips", "status", "processed_rows", "summary", "errors", "updated_at"]
        )
        audit.record(
            actor=job.created_by,
            verb="accounts.import_commit",
            target=job,
            school_id=school.pk,
            data={"accounts_created": len(slips), "kind": job.kind},
        )
    return job


def _create_parents(rows: list[dict[str, Any]], new_user: Any, job: ImportJob) -> dict[str, int]:
    parent_pk: dict[str, int] = {}
    pending: dict[str, User] = {}
    for record in rows:
        key = record.get("parent_key")
        if not key or key in parent_pk or key in pending:
            continue
        if record.get("parent_user_id"):
            parent_pk[key] = record["parent_user_id"]
            continue
        data = {
            "education_id": record.get("parent_education_id") or f"P{record['education_id']}",
            "full_name": record["parent_full_name"],
            "phone": record.get("parent_phone"),
            "email": record.get("parent_email"),
            "class": record.get("class", ""),
        }
        pending[key] = new_user(data)
    users = list(pending.values())
    for start in range(0, len(users), BATCH):
        User.objects.bulk_create(users[start : start + BATCH])
    for key, user in pending.items():
        parent_pk[key] = user.pk
    return parent_pk


def _slips_xlsx(job: ImportJob, slips: list[tuple[str, str, str, str]]) -> bytes:
    with translation.override(job.language):
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("First sign-in"))
        ws.append([_("Class"), _("Education ID"), _("Full name"), _("One-time sign-in code")])
        for row in sorted(slips):
            ws.append(list(row))
        out = BytesIO()
        wb.save(out)
        return out.getvalue()


def slips_by_class(job: ImportJob) -> list[tuple[str, list[dict[str, str]]]]:
    """The first sign-in slips of a committed job, grouped by class, for printing."""
    if not job.slips:
        return []
    with job.slips.open("rb") as handle:
        wb = load_workbook(BytesIO(handle.read()), read_only=True)
    groups: dict[str, list[dict[str, str]]] = {}
    for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True):
        classroom, education_id, full_name, code = (_cell_text(v) for v in row[:4])
        groups.setdefault(classroom, []).append(
            {"education_id": education_id, "full_name": full_name, "code": code}
        )
    wb.close()
    return sorted(groups.items())


def import_job_fail(*, job_id: int) -> None:
    """Mark a job failed after an unexpected error in the worker (nothing was created)."""
    ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED)
