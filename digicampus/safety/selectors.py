"""Reads of safety: queues, who handles what, the code a user must accept, statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from functools import cache
from statistics import median
from typing import Any

from django.apps import apps
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership, User
from digicampus.core import permissions
from digicampus.org.models import Bureau, School
from digicampus.safety import screening
from digicampus.safety.choices import (
    ABUSE_OPEN_STATES,
    FEEDBACK_OPEN_STATES,
    OPEN_STATES,
    CaseSource,
    Moderation,
    ReportCategory,
    ScreeningCategory,
)
from digicampus.safety.models import (
    AbuseReport,
    Case,
    CodeOfConduct,
    ConductAcceptance,
    Feedback,
    ModeratedContent,
    PostingSuspension,
    Report,
    SafetySettings,
    SchoolSafety,
    TeamMember,
)
from digicampus.safety.rules import abuse_handler_q

# ---------------------------------------------------------------- content of other apps


@cache
def content_kinds() -> dict[str, type[ModeratedContent]]:
    """Every model of user content, by label ("app.model"); the app registry is fixed once
    loaded, so this is worked out once per process."""
    return {
        model._meta.label_lower: model
        for model in apps.get_models()
        if issubclass(model, ModeratedContent)
    }


def content_get(label: str, pk: int | None) -> ModeratedContent | None:
    model = content_kinds().get(label)
    if model is None or pk is None:
        return None
    return model._default_manager.filter(pk=pk).first()


def content_visible(*, actor: User, content: ModeratedContent) -> bool:
    """Whether the actor may see this content, as its own app decides."""
    manager = type(content)._default_manager
    return manager.visible_to(actor).filter(pk=content.pk).exists()  # type: ignore[attr-defined]


# ---------------------------------------------------------------- settings and policy


def safety_settings(*, bureau_id: int) -> SafetySettings:
    """The bureau's settings, or the defaults when it never changed them."""
    found = SafetySettings.objects.filter(bureau_id=bureau_id).first()
    return found or SafetySettings(bureau_id=bureau_id)


def school_settings(*, school: School) -> SafetySettings:
    return safety_settings(bureau_id=school.bureau_id)


DECISIONS = (screening.PUBLISH, screening.HOLD, screening.BLOCK)
# Categories a bureau may add screening terms to.
LEXICON_CATEGORIES = (*ScreeningCategory.values, ReportCategory.SCAM.value)


def policy_of(settings: SafetySettings) -> screening.Policy:
    """The screening policy built from a bureau's lists and thresholds."""
    additions = []
    for line in settings.screening_additions.splitlines():
        parts = [part.strip() for part in line.replace("，", ",").split(",", 2)]
        if (
            len(parts) == 3
            and parts[0] in LEXICON_CATEGORIES
            and parts[1] in ("1", "2", "3")
            and parts[2]
        ):
            additions.append((parts[0], parts[2], int(parts[1])))
    allow = [line.strip() for line in settings.screening_allow.splitlines() if line.strip()]
    return screening.Policy.from_lists(
        additions=additions,
        allow=allow,
        decisions=screening_decisions(settings.screening_decisions),
        hold_at=settings.hold_at,
        block_at=settings.block_at,
    )


def screening_decisions(text: str) -> dict[str, str]:
    """`category: decision` lines of a bureau's settings; lines that do not parse are skipped
    (the settings form refuses them)."""
    decisions = {}
    for line in text.splitlines():
        category, _sep, decision = (part.strip() for part in line.replace("：", ":").partition(":"))
        valid = category in screening.CATEGORIES and decision in DECISIONS
        if valid and not (category == ScreeningCategory.SELF_HARM and decision != screening.HOLD):
            decisions[category] = decision
    return decisions


def school_policy(*, school: School) -> screening.Policy:
    return policy_of(school_settings(school=school))


def bureau_policy(code: str) -> screening.Policy:
    """The policy of the bureau with this code; LookupError when there is none."""
    bureau = Bureau.objects.filter(code=code).first()
    if bureau is None:
        raise LookupError(code)
    return policy_of(safety_settings(bureau_id=bureau.pk))


# ---------------------------------------------------------------- people


def team_ids(*, school: School) -> list[int]:
    """Accounts that work the school's queue: its collaborators and school admins."""
    return list(
        Membership.objects.filter(
            Q(role=Role.COLLABORATOR) | Q(role=Role.SCHOOL_ADMIN), school=school
        )
        .values_list("user_id", flat=True)
        .distinct()
    )


def principal_ids(*, school: School) -> list[int]:
    return list(
        Membership.objects.filter(role=Role.SCHOOL_ADMIN, school=school)
        .values_list("user_id", flat=True)
        .distinct()
    )


def abuse_handler_ids(*, school: School) -> list[int]:
    """Designated handlers of abuse reports: school admins and team members chosen for it."""
    chosen = TeamMember.objects.filter(school=school, handles_abuse=True).values_list(
        "user_id", flat=True
    )
    return sorted(set(principal_ids(school=school)) | set(chosen))


def bureau_admin_ids(*, bureau_id: int) -> list[int]:
    return list(
        Membership.objects.filter(role=Role.BUREAU_ADMIN, bureau_id=bureau_id)
        .values_list("user_id", flat=True)
        .distinct()
    )


def homeroom_teacher_ids(*, student_id: int) -> list[int]:
    return list(
        Membership.objects.filter(
            user_id=student_id, role=Role.STUDENT, classroom__homeroom_teacher__isnull=False
        )
        .values_list("classroom__homeroom_teacher_id", flat=True)
        .distinct()
    )


def assignable_staff(*, school: School) -> QuerySet[User]:
    """Staff of the school to whom a case or a petition may be given."""
    staff_roles = [Role.SCHOOL_ADMIN, Role.TEACHER, Role.COLLABORATOR]
    return (
        User.objects.filter(
            memberships__school=school, memberships__role__in=staff_roles, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )


def team_candidates(*, school: School) -> QuerySet[User]:
    """People who may join the school's collaborator team: its staff and its students."""
    roles = [Role.SCHOOL_ADMIN, Role.TEACHER, Role.COLLABORATOR, Role.STUDENT]
    return (
        User.objects.filter(memberships__school=school, memberships__role__in=roles)
        .distinct()
        .order_by("full_name")
    )


def posting_suspended_until(*, user: User, school_id: int) -> Any:
    found = (
        PostingSuspension.objects.filter(user=user, school_id=school_id, until__gt=timezone.now())
        .order_by("-until")
        .first()
    )
    return found.until if found else None


# ---------------------------------------------------------------- queues


def case_queue(
    *, actor: User, school: School, state: str = "", mine: bool = False
) -> QuerySet[Case]:
    """The school's cases for its team: open ones first, the most pressing deadline first."""
    permissions.require(actor, "safety.view_queue", school)
    qs = Case.objects.filter(school=school).select_related("author", "assignee")
    if state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(state__in=OPEN_STATES)
    if mine:
        qs = qs.filter(assignee=actor)
    return qs.order_by("due_at", "pk")


def case_reports(*, actor: User, case: Case) -> QuerySet[Report]:
    """The reports behind a case; only the team sees who sent them."""
    if not permissions.can(actor, "safety.handle_case", case):
        return Report.objects.none()
    return case.reports.select_related("reporter").order_by("created_at")


def my_reports(*, actor: User) -> QuerySet[Report]:
    """Reports the actor sent, newest first."""
    return Report.objects.filter(reporter=actor).select_related("school", "case")


def my_cases(*, actor: User) -> QuerySet[Case]:
    """Decisions about the actor's own content, newest first."""
    return Case.objects.filter(author=actor).select_related("school").order_by("-created_at")


def reportable_schools(*, actor: User) -> QuerySet[School]:
    """Schools the actor may report to: where they study, work, or their children study."""
    return School.objects.filter(pk__in=permissions.scope_of(actor).school_ids).order_by("name")


def abuse_queue(*, actor: User, school: School | None = None) -> QuerySet[AbuseReport]:
    """Abuse reports the actor handles or follows, open ones first."""
    qs = AbuseReport.objects.visible_to(actor).exclude(reporter=actor)
    if school is not None:
        qs = qs.filter(school=school)
    return qs.select_related("school", "classroom", "child").order_by("state", "due_at")


def abuse_reporter_visible_ids(*, actor: User, report_ids: Sequence[int]) -> set[int]:
    """Of these abuse reports, those whose reporter the actor may see (as a handler), in one
    query however many there are."""
    handled = AbuseReport.objects.filter(
        abuse_handler_q(actor, permissions.scope_of(actor)), pk__in=report_ids
    )
    return set(handled.values_list("pk", flat=True))


def my_abuse_reports(*, actor: User) -> QuerySet[AbuseReport]:
    return AbuseReport.objects.filter(reporter=actor).select_related("school")


def abuse_children(*, actor: User, school: School | None = None) -> QuerySet[User]:
    """Children the actor may name in an abuse report (at one school, or at any of theirs):
    staff any student of their school, a parent their own children, a student themselves."""
    scope = permissions.scope_of(actor)
    schools = [school.pk] if school is not None else list(scope.school_ids)
    students = User.objects.filter(
        memberships__school_id__in=schools, memberships__role=Role.STUDENT
    )
    staff_schools = [pk for pk in schools if pk in scope.staff_school_ids]
    return (
        students.filter(
            Q(memberships__school_id__in=staff_schools, memberships__role=Role.STUDENT)
            | Q(pk__in=scope.child_ids)
            | Q(pk=actor.pk)
        )
        .distinct()
        .order_by("full_name")
    )


def feedback_queue(*, actor: User, school: School, state: str = "") -> QuerySet[Feedback]:
    permissions.require(actor, "safety.view_queue", school)
    qs = Feedback.objects.filter(school=school).select_related("sender", "assignee")
    qs = qs.filter(state=state) if state else qs.filter(state__in=FEEDBACK_OPEN_STATES)
    return qs.order_by("due_at", "pk")


def feedback_for(*, actor: User) -> QuerySet[Feedback]:
    """What the actor sent, and what was passed to them to answer."""
    return (
        Feedback.objects.filter(Q(sender=actor) | Q(assignee=actor))
        .select_related("school", "assignee")
        .order_by("-created_at")
    )


def team(*, school: School) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(school=school).select_related("user")


def team_workload(*, school: School) -> list[dict[str, Any]]:
    """Per member: open cases assigned, decided in the last 30 days, overdue."""
    now = timezone.now()
    since = now - timedelta(days=30)
    members = list(team(school=school))
    ids = [m.user_id for m in members]
    cases = Case.objects.filter(school=school)
    open_counts = dict(
        cases.filter(assignee_id__in=ids, state__in=OPEN_STATES)
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
    )
    overdue = dict(
        cases.filter(assignee_id__in=ids, state__in=OPEN_STATES, due_at__lt=now)
        .values_list("assignee_id")
        .annotate(n=Count("pk"))
    )
    decided = dict(
        cases.filter(decided_by_id__in=ids, decided_at__gte=since)
        .values_list("decided_by_id")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "member": m,
            "open": open_counts.get(m.user_id, 0),
            "overdue": overdue.get(m.user_id, 0),
            "decided": decided.get(m.user_id, 0),
        }
        for m in members
    ]


# ---------------------------------------------------------------- code of conduct


def current_code(*, bureau_id: int) -> CodeOfConduct | None:
    return CodeOfConduct.objects.filter(bureau_id=bureau_id).order_by("-version").first()


def home_school(*, user: User) -> School | None:
    """The school whose rules a user accepts: where they study or work, else a child's."""
    scope = permissions.scope_of(user)
    for ids in (
        scope.student_school_ids,
        scope.admin_school_ids | scope.teacher_school_ids | scope.collaborator_school_ids,
        scope.child_school_ids,
    ):
        if ids:
            return School.objects.filter(pk__in=ids).order_by("pk").first()
    return None


def conduct_pending(*, user: User) -> tuple[CodeOfConduct, School, SchoolSafety] | None:
    """The code and school rules the user has yet to accept, if any."""
    school = home_school(user=user)
    if school is None:
        return None
    code = current_code(bureau_id=school.bureau_id)
    if code is None:
        return None
    rules = SchoolSafety.objects.filter(school=school).first() or SchoolSafety(school=school)
    accepted = ConductAcceptance.objects.filter(
        user=user, code=code, school=school, school_revision=rules.conduct_revision
    ).exists()
    return None if accepted else (code, school, rules)


def conduct_acceptance_rates(school_ids: Sequence[int]) -> dict[int, float]:
    """Share of each school's members who accepted the current code and rules."""
    schools = School.objects.filter(pk__in=school_ids).values_list("pk", "bureau_id")
    codes = {
        row["bureau_id"]: row["latest"]
        for row in CodeOfConduct.objects.values("bureau_id").annotate(latest=Max("pk"))
    }
    revisions = dict(
        SchoolSafety.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "conduct_revision"
        )
    )
    members = dict(
        Membership.objects.filter(school_id__in=school_ids)
        .values_list("school_id")
        .annotate(n=Count("user_id", distinct=True))
    )
    accepted = {
        (school_id, code_id, revision): n
        for school_id, code_id, revision, n in ConductAcceptance.objects.filter(
            school_id__in=school_ids, code_id__in=codes.values()
        )
        .values_list("school_id", "code_id", "school_revision")
        .annotate(n=Count("user_id", distinct=True))
        .order_by()
    }
    rates: dict[int, float] = {}
    for school_id, bureau_id in schools:
        total = members.get(school_id, 0)
        code_id = codes.get(bureau_id)
        if total and code_id is not None:
            key = (school_id, code_id, revisions.get(school_id, 0))
            rates[school_id] = min(accepted.get(key, 0) / total, 1.0)
    return rates


# ---------------------------------------------------------------- statistics


def statistics(*, school_ids: Sequence[int]) -> dict[str, Any]:
    """Figures per school and overall, without anything that identifies a reporter."""
    now = timezone.now()
    cases = Case.objects.filter(school_id__in=school_ids)
    by_category = dict(cases.values_list("category").annotate(n=Count("pk")).order_by())
    by_state = dict(cases.values_list("state").annotate(n=Count("pk")).order_by())
    screening_hits: dict[str, int] = {}
    for categories in cases.filter(source=CaseSource.SCREENING).values_list(
        "categories", flat=True
    ):
        for category in categories or []:
            screening_hits[category] = screening_hits.get(category, 0) + 1
    durations = [
        (decided - created).total_seconds() / 3600
        for created, decided in cases.filter(decided_at__isnull=False).values_list(
            "created_at", "decided_at"
        )
    ]
    per_school = {
        row["school_id"]: row
        for row in cases.values("school_id")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            overdue=Count("pk", filter=Q(state__in=OPEN_STATES, due_at__lt=now)),
        )
        .order_by()
    }
    abuse = AbuseReport.objects.filter(school_id__in=school_ids)
    feedback = Feedback.objects.filter(school_id__in=school_ids)
    for row in (
        feedback.values("school_id")
        .annotate(
            feedback=Count("pk"),
            feedback_overdue=Count("pk", filter=Q(state__in=FEEDBACK_OPEN_STATES, due_at__lt=now)),
        )
        .order_by()
    ):
        per_school.setdefault(row["school_id"], {}).update(row)
    return {
        "by_category": by_category,
        "by_state": by_state,
        "screening_hits": dict(sorted(screening_hits.items())),
        "median_hours": round(median(durations), 1) if durations else None,
        "overdue": cases.filter(state__in=OPEN_STATES, due_at__lt=now).count(),
        "per_school": per_school,
        "abuse_open": abuse.filter(state__in=ABUSE_OPEN_STATES).count(),
        "abuse_escalated": abuse.filter(escalated_at__isnull=False).count(),
        "feedback_open": feedback.filter(state__in=FEEDBACK_OPEN_STATES).count(),
        "feedback_overdue": feedback.filter(state__in=FEEDBACK_OPEN_STATES, due_at__lt=now).count(),
    }


def readable_content_q(*, user: User | None = None, user_id: int | None = None) -> Q:
    """Filter for content a reader (the user, or the user of that id) may see: published, or
    their own whatever its state."""
    return Q(moderation=Moderation.PUBLISHED) | Q(author_id=user.pk if user else user_id)
