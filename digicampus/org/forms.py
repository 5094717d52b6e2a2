from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.org.choices import SchoolLevel


class SchoolForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    level = forms.ChoiceField(label=_("Level"), choices=SchoolLevel.choices)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class SchoolYearForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=32, help_text=_("For example 2026-2027"))
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    make_current = forms.BooleanField(
        label=_("Make it the current year"), required=False, initial=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("The year must end after it starts."))
        return data


class GradeForm(forms.Form):
    number = forms.IntegerField(
        label=pgettext_lazy("school level", "Grade"), min_value=1, max_value=12
    )


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.education_id})"


class ClassroomForm(forms.Form):
    name = forms.CharField(label=_("Class name"), max_length=32)
    homeroom_teacher = TeacherChoiceField(
        label=_("Homeroom teacher"), queryset=None, required=False
    )

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["homeroom_teacher"].queryset = teachers


class SubjectGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    leader = TeacherChoiceField(label=_("Leader"), queryset=None, required=False)

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = teachers


class SubjectGroupMemberForm(forms.Form):
    teacher = TeacherChoiceField(label=_("Teacher"), queryset=None)

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
