"""Forms of the library pages; they parse and validate fields only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.library.choices import (
    GRADES,
    Licence,
    ResourceLanguage,
    ResourceType,
    ReviewDecision,
    ShareScope,
    Subject,
)


def _blank(choices: Any, label: Any = "—") -> list[tuple[Any, Any]]:
    return [("", label), *choices]


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    resource_type = forms.ChoiceField(
        label=_("Type"), required=False, choices=_blank(ResourceType.choices, _("All types"))
    )
    subject = forms.ChoiceField(
        label=pgettext_lazy("school subject", "Subject"),
        required=False,
        choices=_blank(Subject.choices, _("All subjects")),
    )
    grade = forms.TypedChoiceField(
        label=pgettext_lazy("school level", "Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank(GRADES, _("All grades")),
    )
    chapter = forms.ModelChoiceField(label=_("Chapter"), required=False, queryset=None)
    scope = forms.ChoiceField(
        label=_("Shared with"), required=False, choices=_blank(ShareScope.choices, _("Any"))
    )
    featured = forms.BooleanField(label=_("Featured only"), required=False)
    mine = forms.BooleanField(label=_("My resources"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, chapters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = chapters

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        chapter = data.get("chapter")
        return {
            "resource_type": data.get("resource_type") or None,
            "subject": data.get("subject") or None,
            "grade": data.get("grade"),
            "chapter": chapter.pk if chapter else None,
            "scope": data.get("scope") or None,
            "featured": data.get("featured") or None,
            "mine": data.get("mine") or None,
        }


class ResourceForm(forms.Form):
    """The description of a resource; the file comes with it on creation."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resource_type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    subject = forms.ChoiceField(
        label=pgettext_lazy("school subject", "Subject"), choices=Subject.choices
    )
    grade = forms.TypedChoiceField(
        label=pgettext_lazy("school level", "Grade"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=_blank(GRADES),
    )
    chapter = forms.ModelChoiceField(label=_("Chapter"), required=False, queryset=None)
    language = forms.ChoiceField(label=_("Language"), choices=ResourceLanguage.choices)
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)
    credit = forms.CharField(
        label=_("Author"),
        required=False,
        max_length=200,
        help_text=_("Who made it, when it is not you."),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=300, help_text=_("Separated by commas.")
    )
    scope = forms.ChoiceField(
        label=_("Shared with"),
        choices=ShareScope.choices,
        initial=ShareScope.SCHOOL,
        help_text=_("Beyond the school, the school and then the bureau review it first."),
    )

    def __init__(self, *args: Any, chapters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = chapters


class ResourceCreateForm(ResourceForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, Word, Excel, PowerPoint, a photo (JPEG, PNG, WebP) or an MP4 video."),
    )
    upload = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("upload"):
            self.add_error("file", _("Choose a file to upload."))
        return data


class VersionForm(forms.Form):
    file = forms.FileField(label=_("New file"))
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ReviewDecision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, choices=[(n, "★" * n) for n in range(1, 6)]
    )


class QuotaForm(forms.Form):
    year_name = forms.CharField(label=_("School year"), max_length=32, initial="2026-2027")
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in ResourceType.choices:
            self.fields[f"target_{value}"] = forms.IntegerField(
                label=label, min_value=0, max_value=1000, required=False
            )

    def targets(self) -> dict[str, int]:
        return {
            value: self.cleaned_data.get(f"target_{value}") or 0
            for value, _label in ResourceType.choices
        }


class SeriesForm(forms.Form):
    name = forms.CharField(label=_("Textbook series"), max_length=200)
    subject = forms.ChoiceField(
        label=pgettext_lazy("school subject", "Subject"), choices=Subject.choices
    )
    grade = forms.TypedChoiceField(
        label=pgettext_lazy("school level", "Grade"), coerce=int, choices=GRADES
    )


class ChapterForm(forms.Form):
    series = forms.ModelChoiceField(label=_("Textbook series"), queryset=None)
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=500)
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args: Any, series: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["series"].queryset = series


class AlbumForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    event = forms.CharField(label=_("Event"), required=False, max_length=200)
    event_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scope = forms.ChoiceField(
        label=_("Shared with"),
        choices=[c for c in ShareScope.choices if c[0] != ShareScope.PRIVATE],
        initial=ShareScope.SCHOOL,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class PhotoUploadForm(forms.Form):
    files = MultipleFileField(label=_("Photos"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    shows_students = forms.BooleanField(
        label=_("Students can be seen"), required=False, initial=True
    )
    consent_recorded = forms.BooleanField(
        label=_("Consent to show them beyond the school is recorded"), required=False
    )


class PhotoForm(forms.Form):
    caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    shows_students = forms.BooleanField(label=_("Students can be seen"), required=False)
    consent_recorded = forms.BooleanField(
        label=_("Consent to show them beyond the school is recorded"), required=False
    )
