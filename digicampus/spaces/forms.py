"""Forms of learning-space pages: they parse and validate fields only."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from digicampus.spaces.choices import MAX_SCORE, GroupKind, PostKind, Section, SlotKind


def _text(label: Any, rows: int = 3, required: bool = True, max_length: int = 5000) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class PostForm(forms.Form):
    body = _text(_("What's new?"), rows=3)
    kind = forms.ChoiceField(label=_("Kind"), choices=PostKind.choices, initial=PostKind.NOTE)
    attachment = forms.FileField(
        label=_("File (PDF, image, Office document or video)"), required=False
    )


class GuestbookForm(forms.Form):
    body = _text(_("Your note"), rows=2, max_length=2000)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason shown to the author"), max_length=500)


class ProfileForm(forms.Form):
    graduated_from = forms.CharField(
        label=_("School graduated from"), max_length=200, required=False
    )
    major = forms.CharField(label=_("Major"), max_length=200, required=False)
    subjects_taught = forms.CharField(label=_("Subjects taught"), max_length=200, required=False)
    positions = forms.CharField(label=_("Positions"), max_length=200, required=False)
    career = _text(_("Career"), required=False)
    achievements = _text(_("Achievements"), required=False)
    personal_title = forms.CharField(
        label=_("Title of the personal section"), max_length=100, required=False
    )
    personal_body = _text(_("Personal section"), rows=4, required=False)


class StudentProfileForm(forms.Form):
    personal_title = forms.CharField(
        label=_("Title of the personal section"), max_length=100, required=False
    )
    personal_body = _text(_("Personal section"), rows=4, required=False)


class ServiceGuideForm(forms.Form):
    service_guide = _text(
        _("Service guide: the duties of the role and the links to its procedures"),
        rows=8,
        required=False,
        max_length=20000,
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    description = _text(_("Description"), required=False)


class LayoutForm(forms.Form):
    """The place of each section the space may show: 1 first, 2 next…; 0 hides it."""

    def __init__(self, *args: Any, allowed: list[str], current: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Section.choices)
        self.allowed = allowed
        for name in allowed:
            self.fields[name] = forms.IntegerField(
                label=labels[name],
                min_value=0,
                max_value=len(allowed),
                initial=current.index(name) + 1 if name in current else 0,
                help_text=_("Its place on the page; 0 hides it."),
            )

    def sections(self) -> list[str]:
        """The sections shown, in the chosen order (ties keep the usual order)."""
        placed = [(self.cleaned_data[name], i, name) for i, name in enumerate(self.allowed)]
        return [name for place, _i, name in sorted(placed) if place]


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))


class CollectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    note = _text(_("Note"), rows=2, required=False)
    file = forms.FileField(label=_("File"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("link") and not data.get("file"):
            self.add_error(None, _("Attach a file or give a link."))
        return data


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    group_kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    description = _text(_("Description"), required=False)
    open_to_join = forms.BooleanField(
        label=_("Students may join by themselves"), required=False, initial=True
    )


class MemberForm(forms.Form):
    education_id = forms.CharField(label=_("Education ID of the student or teacher"), max_length=32)


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    subject = forms.CharField(label=_("Subject"), max_length=100, required=False)
    description = _text(_("Description"), required=False)
    classrooms = forms.ModelMultipleChoiceField(
        label=_("Classes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["classrooms"].queryset = classes


class UnitForm(forms.Form):
    title = forms.CharField(label=_("Title of the unit"), max_length=200)
    summary = _text(_("Summary"), rows=2, required=False)


class ResourceForm(forms.Form):
    slot = forms.ChoiceField(label=_("Slot"), choices=SlotKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("Link (e.g. a lesson video)"), required=False, assume_scheme="https"
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("link") and not data.get("file"):
            self.add_error(None, _("Attach a file or give a link."))
        return data


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    instructions = _text(_("Instructions"), rows=5)
    due_at = forms.DateTimeField(
        label=_("Due"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )
    file = forms.FileField(label=_("File"), required=False)


class SubmissionForm(forms.Form):
    text = _text(_("Your answer"), rows=5, required=False, max_length=20000)
    file = forms.FileField(label=_("File"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("text") and not data.get("file"):
            self.add_error(None, _("Write an answer or attach a file."))
        return data


class TransferForm(forms.Form):
    school = forms.ModelChoiceField(label=_("New school"), queryset=None)

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


def parse_grades(
    data: Any, student_ids: list[int]
) -> tuple[dict[int, tuple[Decimal | None, str]], dict[int, str]]:
    """The bulk grading form: `score-<id>` and `comment-<id>` for every student. Returns the
    grades and, per student, the error of a score that is not a number from 0 to MAX_SCORE."""
    grades: dict[int, tuple[Decimal | None, str]] = {}
    errors: dict[int, str] = {}
    for student_id in student_ids:
        raw = (data.get(f"score-{student_id}") or "").strip().replace(",", ".")
        comment = (data.get(f"comment-{student_id}") or "")[:2000]
        score: Decimal | None = None
        if raw:
            try:
                score = Decimal(raw)
            except ArithmeticError:
                errors[student_id] = str(_("Enter a number."))
                continue
            if not score.is_finite() or not Decimal(0) <= score <= MAX_SCORE:
                errors[student_id] = str(
                    _("A score is between 0 and %(max)s.") % {"max": MAX_SCORE}
                )
                continue
        grades[student_id] = (score, comment)
    return grades, errors
