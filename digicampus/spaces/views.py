"""Pages of learning spaces: personal and theme spaces, courses and units, homework and its
grading, supervision and the lifecycle of spaces. Thin over `selectors` and `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from digicampus.accounts.models import User
from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.core.rendered import file_row_seconds, rendered_rows
from digicampus.library.models import StoredFile
from digicampus.org.models import Classroom, School
from digicampus.portal.selectors import LATEST_TOPIC_FIELDS
from digicampus.safety.choices import Moderation
from digicampus.spaces import selectors, services
from digicampus.spaces.choices import (
    GUESTBOOK_PER_PAGE,
    PEOPLE_PER_PAGE,
    POSTS_PER_PAGE,
    SECTION_ROWS,
    SECTIONS_BY_ROLE,
    Section,
    SpaceKind,
    SpaceRole,
)
from digicampus.spaces.forms import (
    AssignmentForm,
    CollectForm,
    CourseForm,
    GroupForm,
    GuestbookForm,
    HideForm,
    LayoutForm,
    MemberForm,
    PhotoForm,
    PostForm,
    ProfileForm,
    ResourceForm,
    ServiceGuideForm,
    StudentProfileForm,
    SubmissionForm,
    ThemeForm,
    TransferForm,
    UnitForm,
    parse_grades,
)
from digicampus.spaces.models import (
    Assignment,
    Course,
    GuestbookEntry,
    Space,
    SpacePost,
    Submission,
    Unit,
)


def _get(getter: Any, **kwargs: Any) -> Any:
    """A selector's `get`, with 404 for anything the reader may not see."""
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist as error:
        raise Http404 from error


def _space(request: HttpRequest, pk: int) -> Space:
    try:
        return selectors.space_get(actor=request.user, pk=pk)
    except Space.DoesNotExist as error:
        raise Http404 from error


def _school(request: HttpRequest, pk: int) -> School:
    return get_object_or_404(selectors.space_schools(actor=request.user), pk=pk)


def _classroom(request: HttpRequest, pk: int) -> Classroom:
    """A class whose theme space the reader sees, or whose homework they manage."""
    classroom = get_object_or_404(Classroom.objects.select_related("school"), pk=pk)
    if not (
        Space.objects.visible_to(request.user).filter(classroom=classroom).exists()
        or permissions.can(request.user, "spaces.set_homework", classroom)
    ):
        raise Http404
    return classroom


def _tell(request: HttpRequest, item: SpacePost | GuestbookEntry) -> None:
    """Tell the author what screening decided."""
    if item.moderation == Moderation.PUBLISHED:
        messages.success(request, _("Published."))
    elif item.moderation == Moderation.HELD:
        messages.warning(
            request,
            _(
                "Your post is waiting for a check by the school's safety team. "
                "Until then only you can see it."
            ),
        )
    else:
        messages.error(
            request,
            _("Your post was not published: %(reason)s")
            % {"reason": _(item.moderation_reason) if item.moderation_reason else ""},
        )


def _space_action(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    """A button on a space page: call one service on the space, say what happened (or why
    not) and go back to the space."""
    space = _space(request, pk)
    try:
        service(actor=request.user, space=space)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect(space)


# ---------------------------------------------------------------- spaces


@login_required
def spaces_home_view(request: HttpRequest) -> HttpResponse:
    """The user's own space, their schools' spaces, and for parents their children's results."""
    own = services.space_for_user(user=request.user)
    context = {
        "own": own,
        "schools": selectors.space_schools(actor=request.user),
        "children": selectors.children_results(actor=request.user),
    }
    return render(request, "spaces/spaces_home.html", context)


@login_required
def my_space_view(request: HttpRequest) -> HttpResponse:
    space = services.space_for_user(user=request.user)
    if space is None:
        return redirect("spaces:home")
    return redirect(space)


@login_required
def school_spaces_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A school's theme spaces and interest groups, and the personal spaces the reader sees."""
    school = _school(request, pk)
    spaces = selectors.space_list(actor=request.user, school=school)
    people = Paginator(spaces.filter(kind=SpaceKind.PERSONAL), PEOPLE_PER_PAGE)
    context = {
        "school": school,
        "themes": spaces.exclude(kind=SpaceKind.PERSONAL),
        "page": people.get_page(request.GET.get("page")),
        "can_create_group": permissions.can(request.user, "spaces.create_group", school),
        "can_manage": permissions.can(request.user, "spaces.manage_school", school),
    }
    return render(request, "spaces/school_spaces.html", context)


@login_required
@require_POST
def spaces_ensure_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    created = services.spaces_ensure(school=school, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s space has been created.", "%(count)s spaces have been created.", created
        )
        % {"count": created},
    )
    return redirect("spaces:school_spaces", pk=school.pk)


def _sections(space: Space) -> list[str]:
    if space.is_personal:
        allowed = SECTIONS_BY_ROLE[SpaceRole(space.role)]
        return [s for s in (space.layout or allowed) if s in allowed]
    return [Section.DYNAMICS]


def _feed_items(
    request: HttpRequest,
    model: type[SpacePost] | type[GuestbookEntry],
    rows: list[tuple[Any, ...]],
    can_supervise: bool,
) -> list[SafeString]:
    """Feed posts or guestbook notes from their `selectors.FEED_ROW_FIELDS` (and
    `POST_ROW_FIELDS`), rendered once per change (see `core.rendered`)."""
    reader = request.user.pk
    values = [
        (*row, model._meta.label_lower, can_supervise, row[_AUTHOR] == reader) for row in rows
    ]

    def contexts(positions: list[int]) -> list[dict[str, Any] | None]:
        wanted = [rows[i][0] for i in positions]
        related = ("author", "attachment") if model is SpacePost else ("author",)
        found = model.objects.select_related(*related).in_bulk(wanted)
        return [
            {
                "item": found[pk],
                "anchor": "post" if model is SpacePost else "guestbook",
                "label": model._meta.label_lower,
                "can_supervise": can_supervise,
                "mine": found[pk].author_id is not None and found[pk].author_id == reader,
            }
            if pk in found
            else None
            for pk in wanted
        ]

    # Posts may link to their attachment's stored file.
    return rendered_rows(
        "spaces/partials/feed_item.html", values, contexts, seconds=file_row_seconds()
    )


_AUTHOR = selectors.FEED_ROW_FIELDS.index("author_id")


def _topic_rows(rows: list[tuple[Any, ...]]) -> list[SafeString]:
    """A theme space's latest forum topics from their `LATEST_TOPIC_FIELDS`, each rendered
    once per change (`core.rendered`)."""

    def contexts(positions: list[int]) -> list[dict[str, Any]]:
        return [
            {
                "topic": dict(zip(LATEST_TOPIC_FIELDS, rows[i], strict=True)),
                "url": reverse("portal:topic_detail", args=[rows[i][0]]),
            }
            for i in positions
        ]

    return rendered_rows("spaces/partials/topic_row.html", rows, contexts)


@login_required
def space_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A space: its header and the sections its layout shows; a theme space also shows its
    forum board with the latest discussions and questions, and a group its members."""
    space = _space(request, pk)
    user = request.user
    sections = _sections(space)
    can_supervise = permissions.can(user, "spaces.supervise", space)
    # The paginator only numbers the pages; the rows come from `post_rows`.
    count = selectors.post_count(actor=user, space=space)
    posts = Paginator(range(count), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    start = (posts.number - 1) * POSTS_PER_PAGE
    rows = selectors.post_rows(actor=user, space=space, start=start, stop=start + POSTS_PER_PAGE)
    context: dict[str, Any] = {
        "space": space,
        "sections": sections,
        "posts": posts,
        "feed": _feed_items(request, SpacePost, rows, can_supervise),
        "can_edit": permissions.can(user, "spaces.edit", space),
        "can_post": permissions.can(user, "spaces.post", space),
        "can_supervise": can_supervise,
        "can_lifecycle": permissions.can(user, "spaces.manage_lifecycle", space),
        "can_export": space.is_personal and permissions.can(user, "spaces.export", space),
        "show_texts": permissions.can(user, "spaces.read_texts", space),
        "post_form": PostForm(),
        "hide_form": HideForm(),
    }
    if Section.GUESTBOOK in sections:
        notes = selectors.guestbook_rows(actor=user, space=space, stop=GUESTBOOK_PER_PAGE)
        context["guestbook"] = _feed_items(request, GuestbookEntry, notes, can_supervise)
        context["can_sign"] = permissions.can(user, "spaces.sign_guestbook", space)
        context["guestbook_form"] = GuestbookForm()
    if Section.COURSES in sections:
        context["courses"] = selectors.course_page(actor=user, space=space, limit=SECTION_ROWS)
        context["can_build"] = permissions.can(user, "spaces.build_course", space)
    if Section.COLLECTION in sections:
        context["collection"] = selectors.collection_page(
            actor=user, space=space, limit=SECTION_ROWS
        )
        context["collect_form"] = CollectForm() if space.owner_id == user.pk else None
    if Section.HOMEWORK in sections and permissions.can(user, "spaces.see_homework", space):
        context["homework"] = selectors.assignment_list_for_student(
            actor=user, student=space.owner
        )[:SECTION_ROWS]
    if space.kind in (SpaceKind.CLASS, SpaceKind.GROUP):
        boards = selectors.theme_boards(actor=user, space=space)
        context["boards"] = boards
        for name, kind in (
            ("discussions", selectors.DISCUSSION),
            ("questions", selectors.QUESTION),
        ):
            context[name] = _topic_rows(
                selectors.board_topics(actor=user, boards=boards, kind=kind)
            )
    if space.kind == SpaceKind.GROUP:
        context["members"] = selectors.member_list(space=space)[:SECTION_ROWS]
        context["is_member"] = selectors.is_member(user=user, space=space)
        context["can_join"] = permissions.can(user, "spaces.join", space)
        context["can_manage_members"] = permissions.can(user, "spaces.manage_members", space)
    return render(request, "spaces/space_detail.html", context)


@login_required
def space_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a space: the profile and personal section, the service guide, a theme space's name
    and description, and which sections the page shows."""
    space = _space(request, pk)
    permissions.require(request.user, "spaces.edit", space)
    if space.role == SpaceRole.TEACHER:
        form_class: Any = ProfileForm
    elif space.role == SpaceRole.ADMIN:
        form_class = type("AdminForm", (ServiceGuideForm, ProfileForm), {})
    elif space.role == SpaceRole.STUDENT:
        form_class = StudentProfileForm
    else:
        form_class = ThemeForm
    initial = {name: getattr(space, name) for name in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    allowed = list(SECTIONS_BY_ROLE.get(SpaceRole(space.role), [])) if space.role else []
    layout = LayoutForm(
        request.POST or None, allowed=allowed, current=_sections(space), prefix="layout"
    )
    if request.method == "POST" and form.is_valid() and (not allowed or layout.is_valid()):
        try:
            services.space_update(actor=request.user, space=space, **form.cleaned_data)
            if allowed:
                services.space_layout_set(
                    actor=request.user, space=space, sections=layout.sections()
                )
        except DomainError as error:
            add_domain_error(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The space has been saved."))
            return redirect(space)
    context = {
        "space": space,
        "form": form,
        "layout": layout if allowed else None,
        "photo_form": PhotoForm() if space.is_personal else None,
    }
    return render(request, "spaces/space_form.html", context)


@login_required
@require_POST
def space_photo_view(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.space_photo_set(
                actor=request.user, space=space, upload=form.cleaned_data["photo"]
            )
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The photo has been saved."))
    return redirect("spaces:space_edit", pk=space.pk)


@login_required
def post_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Write in a space's feed; on an error the form comes back with what was typed."""
    space = _space(request, pk)
    permissions.require(request.user, "spaces.post", space)
    form = PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.post_create(
                actor=request.user,
                space=space,
                body=form.cleaned_data["body"],
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["attachment"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _tell(request, post)
            return redirect(space)
    return render(request, "spaces/post_form.html", {"space": space, "form": form})


@login_required
def guestbook_sign_view(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space(request, pk)
    permissions.require(request.user, "spaces.sign_guestbook", space)
    form = GuestbookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.guestbook_sign(
                actor=request.user, space=space, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            _tell(request, entry)
            return redirect(f"{space.get_absolute_url()}#guestbook")
    return render(request, "spaces/guestbook_form.html", {"space": space, "form": form})


@login_required
def collect_view(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space(request, pk)
    permissions.require(request.user, "spaces.collect", space)
    form = CollectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.collected_add(
                actor=request.user,
                space=space,
                title=data["title"],
                link=data["link"],
                note=data["note"],
                upload=data["file"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Kept in your collection."))
            return redirect(space)
    return render(request, "spaces/collect_form.html", {"space": space, "form": form})


def _hide(request: HttpRequest, item: services.SpaceItem) -> HttpResponse:
    space = item.space
    if not permissions.can(request.user, "spaces.supervise", space):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.item_hide(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        messages.success(request, _("Hidden. The author sees the reason."))
        return redirect(space)
    return render(request, "spaces/hide_form.html", {"space": space, "item": item, "form": form})


@login_required
def post_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _hide(request, _get(selectors.post_get, actor=request.user, pk=pk))


@login_required
def guestbook_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _hide(request, _get(selectors.guestbook_get, actor=request.user, pk=pk))


@login_required
def collected_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _hide(request, _get(selectors.collected_get, actor=request.user, pk=pk))


@login_required
def course_hide_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _hide(request, _get(selectors.course_get, actor=request.user, pk=pk))


@login_required
@require_POST
def course_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(selectors.course_get, actor=request.user, pk=pk)
    services.item_restore(actor=request.user, item=item)
    return redirect(item)


@login_required
@require_POST
def post_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(selectors.post_get, actor=request.user, pk=pk)
    services.item_restore(actor=request.user, item=item)
    return redirect(item.space)


@login_required
@require_POST
def guestbook_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(selectors.guestbook_get, actor=request.user, pk=pk)
    services.item_restore(actor=request.user, item=item)
    return redirect(item.space)


# ---------------------------------------------------------------- groups


@login_required
def group_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = _school(request, pk)
    permissions.require(request.user, "spaces.create_group", school)
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, school=school, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The group has been created."))
            return redirect(group)
    return render(request, "spaces/group_form.html", {"school": school, "form": form})


@login_required
@require_POST
def group_join_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _space_action(request, pk, services.group_join, _("You have joined the group."))


@login_required
@require_POST
def group_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _space_action(request, pk, services.group_leave, _("You have left the group."))


@login_required
def member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space(request, pk)
    permissions.require(request.user, "spaces.manage_members", space)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = (
            User.objects.visible_to(request.user)
            .filter(education_id=form.cleaned_data["education_id"].strip())
            .first()
        )
        if user is None:
            form.add_error("education_id", _("Nobody of your school has this education ID."))
        else:
            try:
                services.member_add(actor=request.user, space=space, user=user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("%(name)s is now a member.") % {"name": user.full_name})
                return redirect(space)
    return render(request, "spaces/member_form.html", {"space": space, "form": form})


# ---------------------------------------------------------------- courses


@login_required
def course_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space(request, pk)
    permissions.require(request.user, "spaces.build_course", space)
    form = CourseForm(
        request.POST or None,
        classes=selectors.teaching_classes(actor=request.user, school=space.school),
    )
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, space=space, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The course has been created."))
            return redirect(course)
    return render(request, "spaces/course_form.html", {"space": space, "form": form})


@login_required
def course_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A course and its units, each with its standard slots; the teacher adds units here."""
    course: Course = _get(selectors.course_get, actor=request.user, pk=pk)
    can_edit = permissions.can(request.user, "spaces.edit_course", course)
    form = UnitForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            unit = services.unit_create(actor=request.user, course=course, **form.cleaned_data)
            messages.success(request, _("The unit has been added."))
            return redirect(unit)
    units = [(unit, selectors.unit_is_complete(unit)) for unit in course.units.all()]
    context = {
        "course": course,
        "units": units,
        "form": form if can_edit else None,
        "can_supervise": permissions.can(request.user, "spaces.supervise", course.space),
    }
    return render(request, "spaces/course_detail.html", context)


@login_required
def unit_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's standard slots and their resources; the teacher fills a slot here."""
    unit: Unit = _get(selectors.unit_get, actor=request.user, pk=pk)
    can_edit = permissions.can(request.user, "spaces.edit_course", unit.course)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.unit_resource_add(
                    actor=request.user,
                    unit=unit,
                    slot=data["slot"],
                    title=data["title"],
                    upload=data["file"],
                    link=data["link"] or "",
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The resource has been added."))
                return redirect(unit)
    context = {
        "unit": unit,
        "course": unit.course,
        "slots": selectors.unit_slots(unit),
        "form": form if can_edit else None,
    }
    return render(request, "spaces/unit_detail.html", context)


@login_required
@require_POST
def unit_resource_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    resource = _get(selectors.unit_resource_get, actor=request.user, pk=pk)
    unit = resource.unit
    services.unit_resource_remove(actor=request.user, resource=resource)
    messages.success(request, _("The resource has been removed."))
    return redirect(unit)


# ---------------------------------------------------------------- homework


@login_required
def homework_home_view(request: HttpRequest) -> HttpResponse:
    """Homework the user set (teachers), their own (students), their classes (homeroom)."""
    user = request.user
    space = services.space_for_user(user=user)
    context: dict[str, Any] = {
        "set_by_me": selectors.assignment_list_for_teacher(actor=user)[:50],
        "mine": (
            selectors.assignment_list_for_student(actor=user, student=user)[:50]
            if space is not None and space.role == SpaceRole.STUDENT
            else []
        ),
        "homeroom": selectors.homeroom_classes(actor=user),
        "children": selectors.children_results(actor=user),
        "classes": (
            selectors.teaching_classes(actor=user, school=space.school)
            if space is not None and space.role != SpaceRole.STUDENT
            else []
        ),
    }
    return render(request, "spaces/homework_home.html", context)


@login_required
def class_homework_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A class's homework with how many handed in and were graded, and the overdue list."""
    classroom = _classroom(request, pk)
    context = {
        "classroom": classroom,
        "assignments": selectors.assignment_list_for_class(actor=request.user, classroom=classroom),
        "overdue": selectors.overdue_list(actor=request.user, classroom=classroom),
        "can_set": permissions.can(request.user, "spaces.set_homework", classroom),
        "can_graduate": permissions.can(request.user, "spaces.manage_school", classroom.school),
    }
    return render(request, "spaces/class_homework.html", context)


@login_required
def assignment_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = _classroom(request, pk)
    permissions.require(request.user, "spaces.set_homework", classroom)
    form = AssignmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.assignment_create(
                actor=request.user,
                classroom=classroom,
                title=data["title"],
                instructions=data["instructions"],
                due_at=data["due_at"],
                uploads=[data["file"]] if data["file"] else [],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The homework has been set."))
            return redirect(assignment)
    return render(request, "spaces/assignment_form.html", {"classroom": classroom, "form": form})


@login_required
def assignment_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Homework: its instructions; for a student the hand-in form and their result; for those
    who grade it, the missing list and the link to the grading view."""
    assignment: Assignment = _get(selectors.assignment_get, actor=request.user, pk=pk)
    user = request.user
    can_submit = permissions.can(user, "spaces.submit", assignment)
    can_grade = permissions.can(user, "spaces.grade", assignment)
    mine = (
        Submission.objects.visible_to(user)
        .filter(assignment=assignment, student=user)
        .prefetch_related("files")
        .first()
        if can_submit
        else None
    )
    form = SubmissionForm(
        request.POST or None, request.FILES or None, initial={"text": mine.text if mine else ""}
    )
    if request.method == "POST":
        if not can_submit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                submission = services.submission_save(
                    actor=user,
                    assignment=assignment,
                    text=data["text"],
                    uploads=[data["file"]] if data["file"] else [],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                if submission.is_late:
                    messages.warning(request, _("Handed in after the due time: marked late."))
                else:
                    messages.success(request, _("Handed in."))
                return redirect(assignment)
    context = {
        "assignment": assignment,
        "mine": mine,
        "form": form if can_submit and not (mine and mine.is_graded) else None,
        "can_grade": can_grade,
        "missing": selectors.missing_students(assignment=assignment) if can_grade else [],
    }
    return render(request, "spaces/assignment_detail.html", context)


@login_required
def grading_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Grade a whole class in one form: a score and a comment per student who handed in."""
    assignment: Assignment = _get(selectors.assignment_to_grade, actor=request.user, pk=pk)
    lines = selectors.grading_lines(assignment=assignment)
    errors: dict[int, str] = {}
    if request.method == "POST":
        handed = [line[0] for line in lines if line[_SUBMISSION] is not None]
        grades, errors = parse_grades(request.POST, handed)
        if not errors:
            try:
                n = services.grades_save(actor=request.user, assignment=assignment, grades=grades)
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(
                    request,
                    ngettext("%(count)s result released.", "%(count)s results released.", n)
                    % {"count": n},
                )
                return redirect("spaces:grading", pk=assignment.pk)
    context = {
        "assignment": assignment,
        "lines": _grading_lines(request, lines, errors),
        "has_errors": bool(errors),
    }
    return render(request, "spaces/grading.html", context)


_SUBMISSION = selectors.GRADING_LINE_FIELDS.index("submission_id")


def _grading_lines(
    request: HttpRequest, lines: list[tuple[Any, ...]], errors: dict[int, str]
) -> list[SafeString]:
    """The lines of the grading form from their `selectors.GRADING_LINE_FIELDS`, with the
    score and comment as saved or, after a refused form, as typed; each rendered once per
    change (see `core.rendered`)."""
    shown = []
    for line in lines:
        row = dict(zip(selectors.GRADING_LINE_FIELDS, line, strict=True))
        student = row["student_id"]
        if request.method == "POST":
            row["score"] = request.POST.get(f"score-{student}", "")
            row["comment"] = request.POST.get(f"comment-{student}", "")
        else:
            row["score"] = "" if row["score"] is None else row["score"]
            row["comment"] = row["comment"] or ""
        row["error"] = errors.get(student, "")
        shown.append(row)

    def contexts(positions: list[int]) -> list[dict[str, Any]]:
        storage = StoredFile._meta.get_field("file").storage
        return [
            {
                "line": shown[i],
                "url": reverse("spaces:submission_detail", args=[shown[i]["submission_id"]])
                if shown[i]["submission_id"]
                else "",
                "files": [(storage.url(name), original) for name, original in shown[i]["files"]],
            }
            for i in positions
        ]

    # Lines link to the handed-in files.
    return rendered_rows(
        "spaces/partials/grading_line.html",
        [tuple(row.values()) for row in shown],
        contexts,
        seconds=file_row_seconds(),
    )


@login_required
def submission_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    submission: Submission = _get(selectors.submission_get, actor=request.user, pk=pk)
    return render(request, "spaces/submission_detail.html", {"submission": submission})


@login_required
def children_results_view(request: HttpRequest) -> HttpResponse:
    """For parents: each child's graded homework."""
    context = {"children": selectors.children_results(actor=request.user)}
    return render(request, "spaces/children_results.html", context)


# ---------------------------------------------------------------- lifecycle


@login_required
@require_POST
def space_seal_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _space_action(request, pk, services.space_seal, _("The space is sealed."))


@login_required
@require_POST
def space_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space(request, pk)
    data = services.space_export(actor=request.user, space=space)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="space-{space.pk}.zip"'
    return response


@login_required
@require_POST
def space_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _space_action(request, pk, services.space_close, _("The space is closed."))


@login_required
def space_transfer_view(request: HttpRequest, pk: int) -> HttpResponse:
    space = _space(request, pk)
    permissions.require(request.user, "spaces.manage_lifecycle", space)
    schools = School.objects.filter(bureau_id=space.school.bureau_id).exclude(pk=space.school_id)
    form = TransferForm(request.POST or None, schools=schools.order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.space_transfer(
                actor=request.user, space=space, school=form.cleaned_data["school"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        except PermissionDenied:
            form.add_error("school", _("You cannot move a space to that school."))
        else:
            messages.success(request, _("The space has moved with its owner."))
            return redirect(space)
    return render(request, "spaces/transfer_form.html", {"space": space, "form": form})


@login_required
@require_POST
def class_graduate_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = _classroom(request, pk)
    n = services.class_graduate(actor=request.user, classroom=classroom)
    messages.success(
        request,
        ngettext("%(count)s student space sealed.", "%(count)s student spaces sealed.", n)
        % {"count": n},
    )
    return redirect("spaces:class_homework", pk=classroom.pk)
