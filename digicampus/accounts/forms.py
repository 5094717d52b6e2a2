from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from digicampus.accounts.choices import ImportKind, Language


class SignInForm(AuthenticationForm):
    """Sign in with an education ID, e-mail or phone."""

    username = forms.CharField(
        label=_("Education ID, e-mail or phone"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "The identifier or password is not correct. Both may be case-sensitive."
        ),
        "inactive": _("This account is disabled."),
    }


class PasswordChangeForm(SetPasswordForm):
    """Choose a new password (the old one is not asked for after a one-time code)."""


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    next = forms.CharField(required=False)


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file contains"), choices=ImportKind.choices)
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("For example the name of the app that will use it."),
    )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    school = forms.ModelChoiceField(label=_("School"), queryset=None)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], schools: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["school"].queryset = schools
