"""Demo content of the library for `seed_demo`: written through the services, so it is
checked, screened and indexed like real uploads."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Membership, User
from digicampus.library import services
from digicampus.library.choices import ResourceType, ReviewDecision, ShareScope, Subject
from digicampus.org.models import Bureau, School

TITLES = {
    "vi": {
        "series": "Kết nối tri thức với cuộc sống",
        "chapters": ["Số tự nhiên", "Phân số", "Số thập phân"],
        "plans": [
            "Giáo án: Phân số với tử và mẫu là số nguyên",
            "Giáo án: So sánh phân số",
            "Giáo án: Cộng, trừ phân số",
            "Giáo án: Nhân, chia phân số",
            "Giáo án: Hỗn số",
            "Giáo án: Số thập phân",
            "Giáo án: Ôn tập chương phân số",
        ],
        "courseware": ["Bài giảng điện tử: Phân số", "Bài giảng điện tử: Đường tròn"],
        "description": "Dùng cho tiết học trên lớp, có phiếu học tập kèm theo.",
    },
    "zh": {
        "series": "人教版",
        "chapters": ["有理数", "分数", "小数"],
        "plans": [
            "教案：分数的意义",
            "教案：分数的大小比较",
            "教案：分数的加法与减法",
            "教案：分数的乘法与除法",
            "教案：带分数",
            "教案：小数的认识",
            "教案：分数单元复习",
        ],
        "courseware": ["课件：分数", "课件：圆"],
        "description": "供课堂教学使用，附学案。",
    },
    "en": {
        "series": "Global Maths",
        "chapters": ["Whole numbers", "Fractions", "Decimals"],
        "plans": [
            "Lesson plan: what a fraction is",
            "Lesson plan: comparing fractions",
            "Lesson plan: adding and subtracting fractions",
            "Lesson plan: multiplying and dividing fractions",
            "Lesson plan: mixed numbers",
            "Lesson plan: decimals",
            "Lesson plan: fractions review",
        ],
        "courseware": ["Courseware: fractions", "Courseware: the circle"],
        "description": "For a class lesson, with a study guide.",
    },
}


def demo_pdf(pages: int = 1) -> bytes:
    """A small, valid PDF (blank pages), so previews can be drawn."""
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _school_year(today: date) -> tuple[str, date, date]:
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}", date(start, 9, 1), date(start + 1, 8, 31)


def _teacher(school: School) -> User | None:
    """The demo teacher where there is one, else the school's first teacher."""
    members = Membership.objects.filter(school=school, role=Role.TEACHER).select_related("user")
    member = (
        members.filter(user__education_id="demo.teacher").first() or members.order_by("pk").first()
    )
    return member.user if member else None


def _reviewer(school: School, role: str) -> User | None:
    field = {"bureau_id": school.bureau_id} if role == Role.BUREAU_ADMIN else {"school": school}
    member = Membership.objects.filter(role=role, **field).select_related("user").first()
    return member.user if member else None


def seed_library(*, bureau: Bureau, schools: Sequence[School], locale: str) -> int:
    """Create the demo library; returns the number of resources."""
    texts = TITLES.get(locale, TITLES["en"])
    admin = _reviewer(schools[0], Role.BUREAU_ADMIN)
    if admin is None:
        return 0
    series = services.series_create(
        actor=admin, bureau=bureau, name=texts["series"], subject=Subject.MATHS, grade=6
    )
    chapters = [
        services.chapter_create(actor=admin, series=series, number=n + 1, title=title)
        for n, title in enumerate(texts["chapters"])
    ]
    name, starts_on, ends_on = _school_year(timezone.localdate())
    services.quota_year_set(
        actor=admin, bureau=bureau, year_name=name, starts_on=starts_on, ends_on=ends_on
    )
    pdf = demo_pdf()
    made = 0
    for index, school in enumerate(schools):
        teacher = _teacher(school)
        if teacher is None:
            continue
        plans = texts["plans"] if index == 0 else texts["plans"][index % 3 :: 3]
        for n, title in enumerate(plans):
            shared = index == 0 and n in (1, 2)
            resource = services.resource_create(
                actor=teacher,
                school=school,
                upload=SimpleUploadedFile(f"plan-{n + 1}.pdf", pdf),
                title=title,
                description=texts["description"],
                resource_type=ResourceType.LESSON_PLAN,
                subject=Subject.MATHS,
                grade=6,
                chapter=chapters[1] if n < 5 else chapters[2],
                language="zh-hans" if locale == "zh" else locale,
                scope=ShareScope.DISTRICT if shared else ShareScope.SCHOOL,
            )
            made += 1
            if shared:
                for role in (Role.EXPERT_REVIEWER, Role.BUREAU_ADMIN):
                    reviewer = _reviewer(school, role) or _reviewer(school, Role.SCHOOL_ADMIN)
                    if reviewer is not None:
                        services.resource_review(
                            actor=reviewer, resource=resource, decision=ReviewDecision.APPROVE
                        )
                if n == 2:
                    services.resource_feature(actor=admin, resource=resource, featured=True)
        if index == 0:
            for n, title in enumerate(texts["courseware"]):
                services.resource_create(
                    actor=teacher,
                    school=school,
                    upload=SimpleUploadedFile(f"courseware-{n + 1}.pdf", pdf),
                    title=title,
                    resource_type=ResourceType.COURSEWARE,
                    subject=Subject.MATHS,
                    grade=6,
                    scope=ShareScope.SCHOOL,
                )
                made += 1
    return made
