from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.core.forms import RichTextarea
from digicampus.portal.choices import (
    BoardAudience,
    ColumnKind,
    SiteRoleKind,
    StudentPhotos,
    TopicKind,
)


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Group boards come with their interest group (spaces), not from this form.
    audience = forms.ChoiceField(
        label=_("Open to"),
        choices=[c for c in BoardAudience.choices if c[0] != BoardAudience.GROUP],
    )
    grade = forms.ModelChoiceField(
        label=pgettext_lazy("school level", "Grade"),
        queryset=None,
        required=False,
        help_text=_("For a board open to one grade."),
    )
    classroom = forms.ModelChoiceField(
        label=_("Class"),
        queryset=None,
        required=False,
        help_text=_("For a board open to one class."),
    )
    students_may_post = forms.BooleanField(
        label=_("Students may start topics and reply"), required=False, initial=True
    )
    position = forms.IntegerField(
        label=_("Position in the list"), min_value=0, max_value=1000, initial=0
    )

    def __init__(self, *args: Any, grades: Any, classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].queryset = grades
        self.fields["classroom"].queryset = classes

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        audience = data.get("audience")
        if audience == BoardAudience.GRADE and not data.get("grade"):
            self.add_error("grade", _("Choose the grade the board is open to."))
        if audience == BoardAudience.CLASS and not data.get("classroom"):
            self.add_error("classroom", _("Choose the class the board is open to."))
        if audience != BoardAudience.GRADE:
            data["grade"] = None
        if audience != BoardAudience.CLASS:
            data["classroom"] = None
        return data


class TopicForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=TopicKind.choices,
        initial=TopicKind.DISCUSSION,
        required=False,
        help_text=_("For a question, the best reply can be marked as the accepted answer."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or TopicKind.DISCUSSION

    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    quoted = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, with_title: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]


# ---------------------------------------------------------------- portals


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    tagline = forms.CharField(label=_("Tagline"), max_length=200, required=False)
    colour = forms.CharField(
        label=_("Primary colour"),
        max_length=7,
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text=_("Used for the portal's header and links."),
    )
    address = forms.CharField(label=_("Contact address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    logo = forms.FileField(label=_("Logo"), required=False, help_text=_("An image."))


class ColumnForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=ColumnKind.choices)
    slug = forms.CharField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_("Letters without accents, digits and hyphens; made from the name if empty."),
    )
    position = forms.IntegerField(
        label=_("Position in the list"), min_value=0, max_value=1000, initial=0
    )


class PageForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.CharField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_("Letters without accents, digits and hyphens; made from the title if empty."),
    )
    body = forms.CharField(label=_("Text"), required=False, widget=RichTextarea())
    published = forms.BooleanField(label=_("Published"), required=False)

    def __init__(self, *args: Any, upload_url: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.upload_url = upload_url


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    column = forms.ModelChoiceField(label=_("Column"), queryset=None)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    body = forms.CharField(
        label=_("Text"),
        max_length=200000,
        widget=RichTextarea(),
        help_text=_(
            "Paragraphs, headings, bold, italics, lists, links, quotes and images (drop them "
            "into the text). Anything else is removed when saving."
        ),
    )
    cover = forms.ModelChoiceField(label=_("Cover image"), queryset=None, required=False)
    share_with_bureau = forms.BooleanField(
        label=_("Also show on the bureau's portal"), required=False
    )
    student_photos = forms.ChoiceField(
        label=_("Students in the images"),
        choices=StudentPhotos.choices,
        initial=StudentPhotos.NONE,
        required=False,
        help_text=_(
            "A public portal is seen by anyone: an article cannot be published with images of "
            "students whose parents have not agreed."
        ),
    )

    def __init__(
        self,
        *args: Any,
        columns: Any,
        images: Any,
        school_site: bool,
        upload_url: str,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.upload_url = upload_url
        self.fields["column"].queryset = columns
        self.fields["cover"].queryset = images
        if not school_site:
            del self.fields["share_with_bureau"]

    def clean_student_photos(self) -> str:
        return self.cleaned_data["student_photos"] or StudentPhotos.NONE


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the writer change?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        help_text=_("Leave empty to publish now."),
    )


class SiteRoleForm(forms.Form):
    identifier = forms.CharField(
        label=_("Education ID or e-mail of the staff member"), max_length=150
    )
    role = forms.ChoiceField(label=_("Role"), choices=SiteRoleKind.choices)


class ImageUploadForm(forms.Form):
    image = forms.FileField(label=_("Image"))
