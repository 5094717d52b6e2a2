from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from digicampus.safety.choices import (
    AbuseSeverity,
    AbuseState,
    AbuseWhere,
    CaseAction,
    FeedbackKind,
    ReportCategory,
)
from digicampus.safety.models import SafetySettings
from digicampus.safety.selectors import LEXICON_CATEGORIES as SCREENING_CATEGORIES
from digicampus.safety.selectors import screening_decisions


class _SchoolChoiceMixin:
    def _set_schools(self, schools: Any) -> None:
        field = self.fields["school"]  # type: ignore[attr-defined]
        field.queryset = schools
        only = list(schools[:2])
        if len(only) == 1:
            field.initial = only[0]


class ReportForm(_SchoolChoiceMixin, forms.Form):
    """A report about content on the platform (no school asked) or about something else."""

    school = forms.ModelChoiceField(label=_("School to tell"), queryset=None)
    category = forms.ChoiceField(label=_("What is wrong?"), choices=ReportCategory.choices)
    text = forms.CharField(
        label=_("What you received or saw"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Paste a suspicious message here. Do not pay or reply to it."),
    )
    link = forms.URLField(label=_("Link (optional)"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, schools: Any, about_content: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if about_content:
            del self.fields["school"]
            del self.fields["link"]
            self.fields["text"].label = _("Anything the team should know (optional)")
            self.fields["text"].help_text = ""
        else:
            self._set_schools(schools)


class TakeForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Give to"), queryset=None, required=False)

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team


class DecideForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), choices=CaseAction.choices)
    reason = forms.CharField(
        label=_("Reason the author sees"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suspend_days = forms.IntegerField(
        label=_("Days without posting (for a suspension)"),
        min_value=1,
        max_value=90,
        required=False,
    )
    resolution = forms.CharField(
        label=_("Answer to the reporters"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EscalateForm(forms.Form):
    note = forms.CharField(
        label=_("Why the bureau should look at it"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why the decision is wrong"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealDecideForm(forms.Form):
    uphold = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Keep the decision")), ("0", _("Reverse it and restore the content"))],
        coerce=lambda value: value == "1",
    )
    answer = forms.CharField(
        label=_("Answer the author sees"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AbuseReportForm(_SchoolChoiceMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("School of the child"), queryset=None)
    child = forms.ModelChoiceField(
        label=_("The child"),
        queryset=None,
        required=False,
        help_text=_("Or write the name below if the child is not in the list."),
    )
    child_name = forms.CharField(label=_("Child's name and class"), max_length=200, required=False)
    severity = forms.ChoiceField(label=_("How serious is it?"), choices=AbuseSeverity.choices)
    where = forms.ChoiceField(label=_("Where does it happen?"), choices=AbuseWhere.choices)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 6})
    )
    evidence = forms.FileField(
        label=_("Evidence (a screenshot, photo or document)"), required=False
    )

    def __init__(self, *args: Any, schools: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_schools(schools)
        self.fields["child"].queryset = children


class AbuseUpdateForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[(v, label) for v, label in AbuseState.choices if v != AbuseState.ESCALATED],
    )
    note = forms.CharField(
        label=_("Note for the case history"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    outcome = forms.CharField(
        label=_("Answer to the reporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FeedbackForm(_SchoolChoiceMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=FeedbackKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args: Any, schools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_schools(schools)


class RouteForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Person responsible"), queryset=None)

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 4}))
    close = forms.BooleanField(label=_("Close it"), required=False)


class TeamMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Teacher or student"), queryset=None)
    duty = forms.CharField(label=_("Duties"), max_length=300, required=False)
    handles_abuse = forms.BooleanField(label=_("Handles abuse reports"), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people


class SchoolSafetyForm(forms.Form):
    conduct_rules = forms.CharField(
        label=_("The school's own rules, added to the bureau's code"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Changing them asks everyone at the school to accept again."),
    )
    team_rules = forms.CharField(
        label=_("Working rules of the collaborator team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class ConductForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body_vi = forms.CharField(label=_("Text in Vietnamese"), widget=forms.Textarea)
    body_zh_hans = forms.CharField(label=_("Text in Chinese"), widget=forms.Textarea)
    body_en = forms.CharField(label=_("Text in English"), widget=forms.Textarea)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = SafetySettings
        fields = [
            "case_deadline_hours",
            "abuse_serious_hours",
            "abuse_other_hours",
            "feedback_days",
            "auto_hide_reporters",
            "helpline",
            "hold_at",
            "block_at",
            "screening_additions",
            "screening_allow",
            "screening_decisions",
        ]
        widgets = {
            "screening_additions": forms.Textarea(attrs={"rows": 4}),
            "screening_allow": forms.Textarea(attrs={"rows": 4}),
            "screening_decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for number, line in enumerate(data.get("screening_additions", "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.replace("，", ",").split(",", 2)]
            if (
                len(parts) != 3
                or parts[0] not in SCREENING_CATEGORIES
                or parts[1] not in ("1", "2", "3")
                or not parts[2]
            ):
                self.add_error(
                    "screening_additions",
                    _(
                        "Line %(number)d: write a category (%(categories)s), a severity 1–3 "
                        "and the term, separated by commas."
                    )
                    % {"number": number, "categories": ", ".join(SCREENING_CATEGORIES)},
                )
        lines = [line for line in data.get("screening_decisions", "").splitlines() if line.strip()]
        if len(screening_decisions("\n".join(lines))) != len(lines):
            self.add_error(
                "screening_decisions",
                _(
                    "Write one category per line, a colon and publish, hold or block. "
                    "Self-harm can only be held."
                ),
            )
        hold_at, block_at = data.get("hold_at"), data.get("block_at")
        if hold_at and block_at and block_at < hold_at:
            self.add_error("block_at", _("Blocking must start at or above holding."))
        return data
