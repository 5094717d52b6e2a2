"""Inbox, announcements, the contact book and channel preferences."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digicampus.accounts.choices import Role
from digicampus.accounts.models import User
from digicampus.core import permissions
from digicampus.core.errors import DomainError
from digicampus.core.forms import add_domain_error
from digicampus.messaging import selectors, services
from digicampus.messaging.choices import Audience, Confirmation
from digicampus.messaging.forms import (
    AnnouncementForm,
    ConfirmForm,
    ContactEntryForm,
    ConversationPolicyForm,
    ConversationStartForm,
    PreferenceForm,
    ReplyForm,
)
from digicampus.messaging.models import Announcement, ContactEntry, Delivery
from digicampus.org.models import Classroom, Grade, School
from digicampus.safety import selectors as safety_selectors


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    before = request.GET.get("before")
    items = selectors.inbox(
        user=request.user, before=int(before) if before and before.isdigit() else None
    )
    context = {
        "items": items,
        "next_cursor": items[-1].notification_id if len(items) == 30 else None,
        "unread": selectors.unread_count(user=request.user),
    }
    return render(request, "messaging/inbox.html", context)


@login_required
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a message: it counts as read; go to what it is about."""
    try:
        delivery = selectors.notification_for_reader(user=request.user, pk=pk)
    except Delivery.DoesNotExist as missing:
        raise Http404 from missing
    services.notification_mark_read(delivery=delivery)
    url = delivery.notification.url
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}):
        return redirect(url)
    return render(request, "messaging/notification_detail.html", {"delivery": delivery})


@login_required
def preference_view(request: HttpRequest) -> HttpResponse:
    current = getattr(request.user, "channel_preference", None)
    initial = {"email": True, "sms": False}
    if current is not None:
        initial = {
            "email": current.email,
            "sms": current.sms,
            "quiet_from": current.quiet_from,
            "quiet_until": current.quiet_until,
        }
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preference_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your choices have been saved."))
        return redirect("messaging:preferences")
    return render(request, "messaging/preferences.html", {"form": form})


def _audiences(user: User) -> list[str]:
    scope = permissions.scope_of(user)
    audiences = []
    if scope.managed_school_ids:
        audiences += [Audience.SCHOOL_PARENTS, Audience.SCHOOL_STAFF, Audience.GRADE_PARENTS]
    if scope.managed_school_ids or scope.teacher_school_ids or scope.homeroom_class_ids:
        audiences.append(Audience.CLASS_PARENTS)
    if scope.bureau_ids or scope.is_superuser:
        audiences += [Audience.DISTRICT_PARENTS, Audience.DISTRICT_STAFF]
    return audiences


@login_required
def announcement_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.announcement_list(actor=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "messaging/announcement_list.html",
        {"page": page, "can_send": bool(_audiences(request.user))},
    )


@login_required
def announcement_create_view(request: HttpRequest) -> HttpResponse:
    audiences = _audiences(request.user)
    if not audiences:
        raise PermissionDenied
    scope = permissions.scope_of(request.user)
    form = AnnouncementForm(
        request.POST or None,
        request.FILES or None,
        audiences=audiences,
        schools=School.objects.filter(pk__in=scope.managed_school_ids),
        grades=Grade.objects.filter(
            school_id__in=scope.managed_school_ids, school_year__is_current=True
        ).select_related("school"),
        classrooms=selectors.sendable_classes(actor=request.user),
        district_schools=School.objects.filter(bureau_id__in=scope.bureau_ids),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            announcement = services.announcement_create(
                actor=request.user,
                audience=data["audience"],
                title=data["title"],
                body=data["body"],
                confirmation=data["confirmation"],
                school=data.get("school"),
                grades=list(data.get("grades") or []),
                classrooms=list(data.get("classrooms") or []),
                schools=list(data.get("schools") or []),
                send_at=data.get("send_at"),
                uploads=[data["attachment"]] if data.get("attachment") else [],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The announcement is being sent."))
            return redirect(announcement)
    return render(request, "messaging/announcement_form.html", {"form": form})


def _announcement_or_404(request: HttpRequest, pk: int) -> Announcement:
    return get_object_or_404(
        Announcement.objects.visible_to(request.user).select_related("author", "school"), pk=pk
    )


@login_required
def announcement_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _announcement_or_404(request, pk)
    can_see_receipts = permissions.can(request.user, "messaging.view_receipts", announcement)
    received = Delivery.objects.filter(
        notification_id=announcement.notification_id, recipient=request.user
    ).exists()
    confirmed = announcement.confirmations.filter(user=request.user).first()
    context = {
        "announcement": announcement,
        "receipts": selectors.announcement_receipts(actor=request.user, announcement=announcement)
        if can_see_receipts
        else None,
        "confirm_form": ConfirmForm()
        if received and not confirmed and announcement.confirmation != Confirmation.NONE
        else None,
        "confirmed": confirmed,
        "needs_signature": announcement.confirmation == Confirmation.SIGNATURE,
    }
    return render(request, "messaging/announcement_detail.html", context)


@login_required
def announcement_attachment_view(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """Download an attachment of an announcement the user may see."""
    announcement = _announcement_or_404(request, pk)
    stored = get_object_or_404(announcement.attachments.all(), pk=file_pk)
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )


@login_required
@require_POST
def announcement_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _announcement_or_404(request, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.announcement_confirm(
            actor=request.user,
            announcement=announcement,
            signature=form.cleaned_data.get("signature", ""),
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Thank you, your confirmation has been recorded."))
    return redirect(announcement)


@login_required
@require_POST
def announcement_remind_view(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = _announcement_or_404(request, pk)
    reminder = services.announcement_remind(actor=request.user, announcement=announcement)
    if reminder is None:
        messages.info(request, _("Everyone has already answered."))
    else:
        messages.success(request, _("A reminder is on its way."))
    return redirect(announcement)


@login_required
def classroom_contact_book_view(request: HttpRequest, pk: int) -> HttpResponse:
    classroom = get_object_or_404(
        Classroom.objects.visible_to(request.user).select_related("school"), pk=pk
    )
    permissions.require(request.user, "messaging.write_entry", classroom)
    students = User.objects.filter(
        memberships__classroom=classroom, memberships__role=Role.STUDENT
    ).order_by("full_name")
    form = ContactEntryForm(request.POST or None, students=students)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_entry_create(
                actor=request.user, classroom=classroom, **form.cleaned_data
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The entry has been written; families are notified."))
            return redirect("messaging:classroom_contact_book", pk=classroom.pk)
    entries = Paginator(
        selectors.contact_entries(actor=request.user, classroom=classroom), 30
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "messaging/classroom_contact_book.html",
        {"classroom": classroom, "form": form, "page": entries},
    )


@login_required
def child_contact_book_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A student's contact book, for the student, their parents and their teachers."""
    student = _student_book_or_404(request, pk)
    entries = Paginator(
        selectors.contact_entries(actor=request.user, student=student), 30
    ).get_page(request.GET.get("page"))
    return render(
        request, "messaging/child_contact_book.html", {"student": student, "page": entries}
    )


def _student_book_or_404(request: HttpRequest, pk: int) -> User:
    student = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    if not selectors.student_book_readable(actor=request.user, student=student):
        raise Http404
    return student


@login_required
def contact_book_summary_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's contact book of one student, grouped by kind, ready to print."""
    student = _student_book_or_404(request, pk)
    summary = selectors.contact_book_summary(actor=request.user, student=student)
    return render(request, "messaging/contact_book_summary.html", {"student": student, **summary})


@login_required
def entry_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        ContactEntry.objects.visible_to(request.user).select_related(
            "author", "student", "classroom", "school"
        ),
        pk=pk,
    )
    can_reply = permissions.can(request.user, "messaging.reply", entry)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not can_reply:
            raise PermissionDenied
        if form.is_valid():
            services.contact_reply_create(
                actor=request.user, entry=entry, body=form.cleaned_data["body"]
            )
            messages.success(request, _("Your reply has been sent."))
            return redirect(entry)
    replies = entry.replies.select_related("author")
    receipts = (
        selectors.entry_receipts(actor=request.user, entry=entry)
        if permissions.can(request.user, "messaging.write_entry", entry.classroom)
        else None
    )
    return render(
        request,
        "messaging/entry_detail.html",
        {
            "entry": entry,
            "replies": replies,
            "form": form if can_reply else None,
            "receipts": receipts,
        },
    )


@login_required
@require_POST
def entry_remind_view(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        ContactEntry.objects.visible_to(request.user).select_related("classroom", "school"),
        pk=pk,
    )
    if services.contact_entry_remind(actor=request.user, entry=entry) is None:
        messages.info(request, _("Everyone has already answered."))
    else:
        messages.success(request, _("A reminder is on its way."))
    return redirect(entry)


@login_required
def failed_list_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    page = Paginator(selectors.failed_deliveries(actor=request.user, school=school), 50)
    return render(
        request,
        "messaging/failed_list.html",
        {"school": school, "page": page.get_page(request.GET.get("page"))},
    )


@login_required
def conversation_list_view(request: HttpRequest) -> HttpResponse:
    """The user's conversations; parents also see whom they may write to about each child."""
    from digicampus.accounts.selectors import children_of

    page = Paginator(selectors.conversation_list(actor=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "messaging/conversation_list.html",
        {"page": page, "children": children_of(parent=request.user)},
    )


@login_required
def conversation_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A parent starts a conversation about child `pk`."""
    if pk not in permissions.scope_of(request.user).child_ids:
        raise Http404
    student = get_object_or_404(User, pk=pk)
    form = ConversationStartForm(
        request.POST or None, teachers=selectors.allowed_teachers(student=student)
    )
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.conversation_start(
                actor=request.user,
                student=student,
                teacher=form.cleaned_data["teacher"],
                body=form.cleaned_data["body"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(conversation)
    return render(request, "messaging/conversation_form.html", {"form": form, "student": student})


@login_required
def conversation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = get_object_or_404(
        selectors.conversation_list(actor=request.user).select_related("school"), pk=pk
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_reply(
                actor=request.user, conversation=conversation, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(conversation)
    messages_ = conversation.messages.select_related("author").filter(
        safety_selectors.readable_content_q(user=request.user)
    )
    return render(
        request,
        "messaging/conversation_detail.html",
        {"conversation": conversation, "thread": messages_, "form": form},
    )


@login_required
def conversation_policy_view(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_object_or_404(School.objects.visible_to(request.user), pk=pk)
    permissions.require(request.user, "messaging.announce_school", school)
    policy = selectors.conversation_policy(school=school)
    form = ConversationPolicyForm(
        request.POST or None,
        initial={
            "homeroom_only": policy.homeroom_only,
            "hours_from": policy.hours_from,
            "hours_until": policy.hours_until,
            "private_results": policy.private_results,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.conversation_policy_update(actor=request.user, school=school, **form.cleaned_data)
        messages.success(request, _("The rules have been saved."))
        return redirect("messaging:conversation_policy", pk=school.pk)
    return render(request, "messaging/conversation_policy.html", {"form": form, "school": school})
