from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from digicampus.messaging.choices import Audience, Confirmation, EntryKind


class AnnouncementForm(forms.Form):
    audience = forms.ChoiceField(label=_("To"))
    school = forms.ModelChoiceField(label=_("School"), queryset=None, required=False)
    grades = forms.ModelMultipleChoiceField(
        label=_("Grades"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    classrooms = forms.ModelMultipleChoiceField(
        label=_("Classes"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}))
    confirmation = forms.ChoiceField(label=_("Confirmation"), choices=Confirmation.choices)
    attachment = forms.FileField(label=_("Attachment (PDF, image or Office file)"), required=False)
    send_at = forms.DateTimeField(
        label=_("Send later (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(
        self,
        *args: Any,
        audiences: list[str],
        schools: Any,
        grades: Any,
        classrooms: Any,
        district_schools: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Audience.choices)
        self.fields["audience"].choices = [(a, labels[a]) for a in audiences]
        self.fields["school"].queryset = schools
        self.fields["classrooms"].queryset = classrooms
        self.fields["grades"].queryset = grades
        self.fields["grades"].label_from_instance = lambda g: f"{g.school.name} · {g.number}"
        self.fields["schools"].queryset = district_schools
        if not district_schools.exists():
            del self.fields["schools"]
        if not schools.exists():
            del self.fields["school"]
            del self.fields["grades"]


class ContactEntryForm(forms.Form):
    student = forms.ModelChoiceField(
        label=_("Student"),
        queryset=None,
        required=False,
        empty_label=_("The whole class"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, students: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].label_from_instance = lambda u: u.full_name


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(forms.Form):
    signature = forms.CharField(
        label=_("Type your full name to sign"), max_length=150, required=False
    )


class PreferenceForm(forms.Form):
    email = forms.BooleanField(label=_("Also send me messages by e-mail"), required=False)
    sms = forms.BooleanField(label=_("Also send me messages by SMS"), required=False)
    quiet_from = forms.TimeField(
        label=_("No SMS from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_until = forms.TimeField(
        label=_("No SMS until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


class ConversationStartForm(forms.Form):
    teacher = forms.ModelChoiceField(label=_("Teacher"), queryset=None)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["teacher"].label_from_instance = lambda u: u.full_name


class ConversationPolicyForm(forms.Form):
    homeroom_only = forms.BooleanField(
        label=_("Parents write only to the homeroom teacher"), required=False
    )
    hours_from = forms.TimeField(
        label=_("Parents may write from"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    hours_until = forms.TimeField(
        label=_("Parents may write until"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    private_results = forms.BooleanField(
        label=_("Results and discipline only to each family, never to a whole class"),
        required=False,
    )
