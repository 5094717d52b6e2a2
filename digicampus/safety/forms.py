from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from digicampus.safety.choices import ReportCategory, ReportState


class ReportForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School to tell"), queryset=None)
    category = forms.ChoiceField(label=_("What is it?"), choices=ReportCategory.choices)
    text = forms.CharField(
        label=_("The message or what you saw"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Paste the suspicious message. Do not pay or reply to it."),
    )
    link = forms.URLField(label=_("Link (optional)"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()


class HandleForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ReportState.choices)
    resolution = forms.CharField(
        label=_("Answer to the reporter"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
