"""Learning-space test data, written through the services like real data."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from digicampus.spaces import services
from digicampus.spaces.models import Assignment, Course, Space, Unit


def pdf(name: str = "bai-tap.pdf") -> SimpleUploadedFile:
    """A tiny PDF the upload service accepts."""
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")


def png(name: str = "anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue())


def space_of(user) -> Space:
    """The user's personal space, created from their school role."""
    space = services.space_for_user(user=user)
    assert space is not None
    return space


def class_space(classroom) -> Space:
    """The theme space of a class (created with the school's other spaces)."""
    services.spaces_ensure(school=classroom.school)
    return Space.objects.get(classroom=classroom)


def course(teacher, classroom=None, *, title="Toán 6 — Số học") -> Course:
    return services.course_create(
        actor=teacher,
        space=space_of(teacher),
        title=title,
        subject="Toán",
        classrooms=[classroom] if classroom else [],
    )


def unit(course_, *, title="Bài 1. Tập hợp") -> Unit:
    return services.unit_create(actor=course_.teacher, course=course_, title=title)


def homework(teacher, classroom, *, due_in_days: float = 2, title="Bài tập tuần 1") -> Assignment:
    return services.assignment_create(
        actor=teacher,
        classroom=classroom,
        title=title,
        instructions="Làm bài 1 đến bài 5 trang 42.",
        due_at=timezone.now() + timedelta(days=due_in_days),
    )
