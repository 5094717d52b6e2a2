from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digicampus.portal.choices import BoardAudience


class BoardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    audience = forms.ChoiceField(label=_("Open to"), choices=BoardAudience.choices)
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
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PostEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, with_title: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_title:
            del self.fields["title"]
