"""Build a realistic demo district: schools, a current year, classes, teachers, students and
their parents, with names of the chosen locale. Scales to hundreds of schools for benchmarks."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone, translation
from faker import Faker

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Guardianship, Membership, User
from digicampus.org.choices import SchoolLevel
from digicampus.org.models import Bureau, Classroom, Grade, School, SchoolYear, SubjectGroup

DEMO_PASSWORD = "DigiCampus-2026"  # noqa: S105 - printed for the demo district
FAKER_LOCALES = {"vi": "vi_VN", "zh": "zh_CN", "en": "en_US"}
LANGUAGE = {"vi": "vi", "zh": "zh-hans", "en": "en"}
GRADES = {
    SchoolLevel.PRIMARY: range(1, 6),
    SchoolLevel.LOWER_SECONDARY: range(6, 10),
    SchoolLevel.UPPER_SECONDARY: range(10, 13),
}
LEVEL_WORD = {
    "vi": {
        SchoolLevel.PRIMARY: "Trường Tiểu học",
        SchoolLevel.LOWER_SECONDARY: "Trường THCS",
        SchoolLevel.UPPER_SECONDARY: "Trường THPT",
    },
    "zh": {
        SchoolLevel.PRIMARY: "小学",
        SchoolLevel.LOWER_SECONDARY: "初级中学",
        SchoolLevel.UPPER_SECONDARY: "高级中学",
    },
    "en": {
        SchoolLevel.PRIMARY: "Primary School",
        SchoolLevel.LOWER_SECONDARY: "Middle School",
        SchoolLevel.UPPER_SECONDARY: "High School",
    },
}
NAMESAKES = {
    "vi": [
        "Nguyễn Du",
        "Lê Quý Đôn",
        "Chu Văn An",
        "Trần Phú",
        "Lý Tự Trọng",
        "Quang Trung",
        "Nguyễn Trãi",
        "Hai Bà Trưng",
        "Võ Thị Sáu",
        "Kim Đồng",
        "Phan Bội Châu",
        "Lê Lợi",
        "Trần Hưng Đạo",
        "Ngô Quyền",
        "Đoàn Thị Điểm",
    ],
    "zh": [
        "城关",
        "实验",
        "东关",
        "西城",
        "南湖",
        "北山",
        "新华",
        "育才",
        "光明",
        "红旗",
        "青山",
        "长江",
        "民族",
        "朝阳",
        "文昌",
    ],
    "en": [
        "Riverside",
        "Oakwood",
        "Hillcrest",
        "Lakeview",
        "Maple",
        "Westfield",
        "Northgate",
        "Elmwood",
        "Brookside",
        "Kingsway",
        "Fairview",
        "Greenhill",
        "Parkside",
        "Ashford",
        "Meadow",
    ],
}
BUREAU_NAME = {
    "vi": "Phòng Giáo dục và Đào tạo huyện Demo",
    "zh": "示范县教育局",
    "en": "Demo District Education Bureau",
}
SUBJECTS = {
    "vi": ["Toán", "Ngữ văn", "Tiếng Anh", "Khoa học tự nhiên", "Lịch sử và Địa lí"],
    "zh": ["语文", "数学", "英语", "科学", "道德与法治"],
    "en": ["Mathematics", "Literature", "English", "Science", "History and Geography"],
}
CONDUCT = {
    "body_vi": (
        "1. Tôn trọng thầy cô, bạn bè và mọi người; không xúc phạm, không bắt nạt.\n"
        "2. Không đăng, không chia sẻ thông tin xấu độc, tin giả, nội dung bạo lực hay đồi trụy.\n"
        "3. Giữ kín thông tin cá nhân: số điện thoại, địa chỉ nhà, mật khẩu, ảnh riêng tư.\n"
        "4. Gặp nội dung có hại hoặc thấy bạn bị bắt nạt, hãy báo ngay cho nhà trường.\n"
        "5. Dùng mạng để học tập và lan tỏa điều tốt đẹp."
    ),
    "body_zh_hans": (
        "1. 尊重老师、同学和他人，不辱骂、不欺凌。\n"
        "2. 不发布、不转发有害信息、谣言、暴力或色情内容。\n"
        "3. 保护个人信息：电话号码、家庭住址、密码和私人照片不外传。\n"
        "4. 遇到有害内容或发现同学被欺凌，及时向学校举报。\n"
        "5. 用网络学习知识，传播正能量。"
    ),
    "body_en": (
        "1. Respect teachers, classmates and everyone else; no insults, no bullying.\n"
        "2. Do not post or share harmful information, fake news, violent or sexual content.\n"
        "3. Keep personal data private: phone numbers, home address, passwords, private photos.\n"
        "4. If you see harmful content or someone being bullied, tell the school at once.\n"
        "5. Use the internet to learn and to spread good things."
    ),
}
CONDUCT_TITLE = {
    "vi": "Bộ quy tắc ứng xử trên không gian mạng",
    "zh": "网络文明公约",
    "en": "Code of conduct in cyberspace",
}
TEAM_DUTY = {
    "vi": "Theo dõi diễn đàn học sinh, xử lý báo cáo vi phạm",
    "zh": "巡查学生论坛，处理举报",
    "en": "Watches the student forum and handles reports",
}
DEMO_TEXTS = {
    "vi": {
        "entry": "Hôm nay em phát biểu xây dựng bài rất tích cực. Gia đình tiếp tục động viên em.",
        "title": "Giấy đồng ý cho học sinh đi tham quan",
        "body": "Lớp tổ chức tham quan bảo tàng vào thứ Sáu. Kính đề nghị phụ huynh ký xác nhận.",
    },
    "zh": {
        "entry": "今天课堂发言很积极，请家长继续鼓励。",
        "title": "学生参观活动家长同意书",
        "body": "本周五班级组织参观博物馆，请家长签字确认。",
    },
    "en": {
        "entry": "Spoke up well in class today. Please keep encouraging at home.",
        "title": "Consent form: museum visit",
        "body": "The class visits the museum on Friday. Please sign to confirm.",
    },
}
SPACE_TEXTS = {
    "vi": {
        "course": "Toán 6 — Số học",
        "subject": "Toán",
        "unit": "Bài 1. Tập hợp",
        "plan": "Giáo án bài 1",
        "video": "Video bài giảng: tập hợp",
        "homework": "Bài tập tuần 1: tập hợp",
        "instructions": "Làm các bài 1 đến 5 trang 12 và nộp trước thứ Sáu.",
        "answer": "Bài 1: A = {0; 1; 2; 3}. Bài 2: 5 ∈ B.",
        "comment": "Em làm đúng và trình bày rõ ràng.",
        "log": "Hôm nay lớp 6A học bài tập hợp, các em rất hào hứng.",
        "guestbook": "Em cảm ơn cô đã giảng bài dễ hiểu ạ!",
        "group": "Câu lạc bộ Robot",
        "group_about": "Mỗi chiều thứ Năm, lắp ráp và lập trình robot.",
        "guide": "Phê duyệt kế hoạch dạy học của tổ chuyên môn.\nTheo dõi việc giao và chấm bài tập về nhà.",
    },
    "zh": {
        "course": "七年级数学：有理数",
        "subject": "数学",
        "unit": "第一单元 正数和负数",
        "plan": "第一单元电子教案",
        "video": "教学视频：正数和负数",
        "homework": "第一周作业：正数和负数",
        "instructions": "完成课本第 12 页第 1 至 5 题，周五前提交。",
        "answer": "第 1 题：-3 是负数。第 2 题：0 既不是正数也不是负数。",
        "comment": "答题正确，书写工整。",
        "log": "今天和同学们学习了正数和负数，大家积极发言。",
        "guestbook": "谢谢老师，讲得很清楚！",
        "group": "机器人社团",
        "group_about": "每周四下午一起搭建和编程机器人。",
        "guide": "审批教研组的教学计划。\n督促作业的布置与批改。",
    },
    "en": {
        "course": "Maths 6: Sets",
        "subject": "Maths",
        "unit": "Unit 1. Sets",
        "plan": "Lesson plan, unit 1",
        "video": "Lesson video: sets",
        "homework": "Week 1 homework: sets",
        "instructions": "Do exercises 1 to 5 on page 12 and hand them in by Friday.",
        "answer": "1: A = {0, 1, 2, 3}. 2: 5 is in B.",
        "comment": "Correct and clearly written.",
        "log": "Class 6A learnt about sets today and loved it.",
        "guestbook": "Thank you for the clear lesson!",
        "group": "Robotics club",
        "group_about": "Build and program robots every Thursday afternoon.",
        "guide": "Approve the subject groups' teaching plans.\nFollow how homework is set and graded.",
    },
}
DEMO_LOGINS = [
    ("bureau admin", "demo.bureau"),
    ("school admin", "demo.principal"),
    ("homeroom teacher", "demo.teacher"),
    ("collaborator", "demo.collaborator"),
    ("expert reviewer", "demo.reviewer"),
    ("student", "demo.student"),
    ("parent", "demo.parent"),
]


def class_name(locale: str, grade: int, index: int) -> str:
    if locale == "zh":
        return f"{grade}年级{index}班"
    if locale == "vi":
        return f"{grade}A{index}"
    return f"{grade}{chr(ord('A') + index - 1)}"


class Command(BaseCommand):
    help = "Create a demo district (names in Vietnamese, Chinese or English)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--locale", choices=sorted(FAKER_LOCALES), default="vi")
        parser.add_argument("--schools", type=int, default=3)
        parser.add_argument(
            "--students", type=int, default=0, help="Total students (default: 30 per class)."
        )
        parser.add_argument("--classes-per-grade", type=int, default=2)
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has schools.",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if School.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already has a district; nothing seeded.")
                return
            raise CommandError("The database already has schools; use a fresh database.")
        locale = options["locale"]
        random.seed(options["seed"])
        fake = Faker(FAKER_LOCALES[locale])
        fake.seed_instance(options["seed"])
        self.locale, self.fake = locale, fake
        self.language = LANGUAGE[locale]
        self.password = make_password(DEMO_PASSWORD)
        self.now = timezone.now()
        self.counter = 0
        n_schools = max(1, options["schools"])
        levels = [SchoolLevel.LOWER_SECONDARY, SchoolLevel.PRIMARY, SchoolLevel.UPPER_SECONDARY]
        per_grade = max(1, options["classes_per_grade"])
        classes_total = sum(len(GRADES[levels[i % 3]]) * per_grade for i in range(n_schools))
        per_class = math.ceil(options["students"] / classes_total) if options["students"] else 30
        remaining = options["students"] or per_class * classes_total

        bureau = Bureau.objects.create(code="DEMO", name=BUREAU_NAME[locale])
        schools: list[School] = []
        for i in range(n_schools):
            with transaction.atomic():
                level = levels[i % 3]
                school, students = self._school(
                    bureau, i, level, per_grade, min(per_class, max(remaining, 0))
                )
                remaining -= students
                schools.append(school)
            if n_schools >= 20 and (i + 1) % 20 == 0:
                self.stdout.write(f"  {i + 1}/{n_schools} schools")
        with transaction.atomic():
            self._demo_accounts(bureau, schools)
        self._demo_forum(schools)
        self._demo_portal(bureau, schools)
        self._demo_messages()
        self._demo_safety(bureau, schools)
        self._demo_library(bureau, schools)
        self._demo_spaces(schools)
        # Bulk inserts leave the planner's statistics empty; without them PostgreSQL picks
        # sequential scans for the first minutes of a freshly seeded district.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded {len(schools)} schools, {User.objects.count()} accounts.")
        )
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for role, education_id in DEMO_LOGINS:
            self.stdout.write(f"  {role:<17} {education_id}")

    # -----------------------------------------------------------------------------------------

    def _user(self, prefix: str, *, minor: bool = False, **fields: Any) -> User:
        self.counter += 1
        if minor:
            born = date(2026 - random.randint(6, 17), random.randint(1, 12), random.randint(1, 28))
        else:
            born = date(random.randint(1970, 1998), random.randint(1, 12), random.randint(1, 28))
        recent = random.random() < 0.6
        return User(
            education_id=f"{prefix}{self.counter:07d}",
            full_name=self.fake.name(),
            date_of_birth=born,
            language=self.language,
            password=self.password,
            last_login=self.now - timedelta(days=random.randint(0, 29)) if recent else None,
            **fields,
        )

    def _school(
        self, bureau: Bureau, i: int, level: str, per_grade: int, per_class: int
    ) -> tuple[School, int]:
        names = NAMESAKES[self.locale]
        base = names[i % len(names)]
        suffix = "" if i < len(names) else f" {i // len(names) + 1}"
        if self.locale == "vi":
            name = f"{LEVEL_WORD['vi'][level]} {base}{suffix}"
        elif self.locale == "zh":
            name = f"{base}{suffix.strip()}{LEVEL_WORD['zh'][level]}"
        else:
            name = f"{base}{suffix} {LEVEL_WORD['en'][level]}"
        school = School.objects.create(
            bureau=bureau,
            code=f"S{i + 1:04d}",
            name=name,
            level=level,
            address=self.fake.address().replace("\n", ", ")[:300],
        )
        year = SchoolYear.objects.create(
            school=school,
            name="2026-2027",
            starts_on=date(2026, 9, 5),
            ends_on=date(2027, 5, 31),
            is_current=True,
        )
        grades = [
            Grade.objects.create(school=school, school_year=year, number=n) for n in GRADES[level]
        ]
        n_classes = len(grades) * per_grade
        teachers = User.objects.bulk_create(
            [self._user("GV", email=None) for _ in range(n_classes + 4)]
        )
        memberships = [Membership(user=t, role=Role.TEACHER, school=school) for t in teachers]
        groups = [
            SubjectGroup.objects.create(school=school, name=subject, leader=teachers[k])
            for k, subject in enumerate(SUBJECTS[self.locale])
        ]
        for k, teacher in enumerate(teachers):
            memberships.append(
                Membership(
                    user=teacher,
                    role=Role.TEACHER,
                    school=school,
                    subject_group=groups[k % len(groups)],
                )
            )
        classrooms = Classroom.objects.bulk_create(
            [
                Classroom(
                    school=school,
                    grade=g,
                    name=class_name(self.locale, g.number, k + 1),
                    homeroom_teacher=teachers[gi * per_grade + k],
                )
                for gi, g in enumerate(grades)
                for k in range(per_grade)
            ]
        )
        students: list[User] = []
        student_class: list[Classroom] = []
        for classroom in classrooms:
            for _ in range(per_class):
                students.append(self._user("HS", minor=True))
                student_class.append(classroom)
        User.objects.bulk_create(students, batch_size=1000)
        parents: list[User] = []
        links: list[tuple[int, int]] = []
        for k in range(len(students)):
            if k % 10 == 9:  # some families have two children in the school
                links.append((len(parents) - 1, k))
                continue
            parent = self._user("PH")
            parent.phone = f"09{self.counter:08d}"
            parents.append(parent)
            links.append((len(parents) - 1, k))
        User.objects.bulk_create(parents, batch_size=1000)
        memberships += [
            Membership(user=s, role=Role.STUDENT, school=school, classroom=c)
            for s, c in zip(students, student_class, strict=True)
        ]
        memberships += [Membership(user=p, role=Role.PARENT, school=school) for p in parents]
        Membership.objects.bulk_create(memberships, batch_size=2000)
        Guardianship.objects.bulk_create(
            [Guardianship(parent=parents[p], child=students[s], relation="") for p, s in links],
            batch_size=2000,
        )
        return school, len(students)

    def _demo_messages(self) -> None:
        """A contact-book entry and a consent form, delivered at once so the demo shows them."""
        from digicampus.messaging import services as messaging

        teacher = User.objects.get(education_id="demo.teacher")
        principal = User.objects.get(education_id="demo.principal")
        student = User.objects.get(education_id="demo.student")
        classroom = Classroom.objects.get(homeroom_teacher=teacher)
        text = DEMO_TEXTS[self.locale]
        with transaction.atomic():
            entry = messaging.contact_entry_create(
                actor=teacher,
                classroom=classroom,
                kind="comment",
                body=text["entry"],
                student=student,
            )
            notice = messaging.announcement_create(
                actor=principal,
                audience="class_parents",
                classrooms=[classroom],
                title=text["title"],
                body=text["body"],
                confirmation="signature",
            )
        for notification in (entry.notification, notice.notification):
            messaging.notification_fan_out(notification_id=notification.pk)

    def _demo_safety(self, bureau: Bureau, schools: list[School]) -> None:
        """The bureau's code of conduct (accepted at first sign-in) and the first school's team."""
        from digicampus.safety import services as safety

        admin = User.objects.get(education_id="demo.bureau")
        principal = User.objects.get(education_id="demo.principal")
        with transaction.atomic():
            safety.conduct_publish(
                actor=admin, bureau=bureau, title=CONDUCT_TITLE[self.locale], **CONDUCT
            )
            safety.team_member_save(
                actor=principal,
                school=schools[0],
                user=User.objects.get(education_id="demo.collaborator"),
                duty=TEAM_DUTY[self.locale],
                handles_abuse=True,
            )

    def _demo_spaces(self, schools: list[School]) -> None:
        """Every teacher's, student's and admin's space and the classes' and subject groups'
        theme spaces; demo.teacher's course with a unit, homework that demo.student handed in
        and had graded (demo.parent sees the result), and an interest group."""
        from decimal import Decimal

        from digicampus.spaces import services as spaces
        from digicampus.spaces.models import Space

        for school in schools:
            with transaction.atomic():
                spaces.spaces_ensure(school=school)
        text = SPACE_TEXTS[self.locale]
        teacher = User.objects.get(education_id="demo.teacher")
        student = User.objects.get(education_id="demo.student")
        principal = User.objects.get(education_id="demo.principal")
        classroom = Classroom.objects.get(homeroom_teacher=teacher)
        with transaction.atomic():
            space = Space.objects.get(owner=teacher)
            spaces.space_update(
                actor=teacher,
                space=space,
                major=text["subject"],
                subjects_taught=text["subject"],
            )
            spaces.post_create(actor=teacher, space=space, body=text["log"])
            course = spaces.course_create(
                actor=teacher,
                space=space,
                title=text["course"],
                subject=text["subject"],
                classrooms=[classroom],
            )
            unit = spaces.unit_create(actor=teacher, course=course, title=text["unit"])
            for slot, title in (("lesson_plan", text["plan"]), ("video", text["video"])):
                spaces.unit_resource_add(
                    actor=teacher,
                    unit=unit,
                    slot=slot,
                    title=title,
                    link="https://example.org/digicampus-demo",
                )
            homework = spaces.assignment_create(
                actor=teacher,
                classroom=classroom,
                course=course,
                title=text["homework"],
                instructions=text["instructions"],
                due_at=self.now + timedelta(days=3),
            )
            spaces.submission_save(actor=student, assignment=homework, text=text["answer"])
            spaces.grades_save(
                actor=teacher,
                assignment=homework,
                grades={student.pk: (Decimal("9.5"), text["comment"])},
            )
            spaces.guestbook_sign(actor=student, space=space, body=text["guestbook"])
            admin_space = Space.objects.get(owner=principal)
            spaces.space_update(actor=principal, space=admin_space, service_guide=text["guide"])
            group = spaces.group_create(
                actor=teacher,
                school=schools[0],
                name=text["group"],
                description=text["group_about"],
            )
            spaces.group_join(actor=student, space=group)

    def _demo_forum(self, schools: list[School]) -> None:
        """Each school's usual forum boards, named in the demo's language."""
        from digicampus.portal.services import board_defaults

        with translation.override(self.language):
            for school in schools:
                board_defaults(school=school)

    def _demo_portal(self, bureau: Bureau, schools: list[School]) -> None:
        """Each school's portal and the bureau's, with the usual columns named in the demo's
        language, and two published articles on the first school's and the bureau's."""
        from digicampus.portal.html import ascii_slug
        from digicampus.portal.models import Article, Column, Site
        from digicampus.portal.services import DEFAULT_COLUMNS, site_create

        with translation.override(self.language):
            bureau_site = site_create(actor=None, bureau=bureau)
            first = site_create(actor=None, school=schools[0])
            # The other schools in bulk: a 200-school seed must stay fast.
            taken = set(Site.objects.values_list("slug", flat=True))
            sites = []
            for school in schools[1:]:
                base = ascii_slug(school.name, max_length=60) or ascii_slug(school.code)
                slug, n = base, 1
                while slug in taken:
                    n += 1
                    slug = f"{base}-{n}"
                taken.add(slug)
                sites.append(Site(school=school, name=school.name, slug=slug))
            Site.objects.bulk_create(sites)
            Column.objects.bulk_create(
                Column(site=site, name=str(kind.label), slug=slug, kind=kind, position=i * 10)
                for site in sites
                for i, (kind, slug) in enumerate(DEFAULT_COLUMNS)
            )
            now = timezone.now()
            for site in (first, bureau_site):
                news = site.columns.get(slug="news")
                for n in range(2):
                    title = self.fake.sentence(nb_words=8).rstrip(".")
                    Article.objects.create(
                        site=site,
                        column=news,
                        title=title,
                        slug=f"demo-{n + 1}",
                        summary=self.fake.sentence(nb_words=14),
                        body="".join(f"<p>{p}</p>" for p in self.fake.paragraphs(nb=3)),
                        state="published",
                        published_at=now - timedelta(days=n),
                        share_with_bureau=site is first,
                    )

    def _demo_library(self, bureau: Bureau, schools: list[School]) -> None:
        """The library: a textbook series with chapters, this year's upload quotas, and a few
        resources in the first schools (seven lesson plans in the first, two of them shared
        with the district and approved, one featured)."""
        from digicampus.library.demo import seed_library

        with translation.override(self.language):
            seed_library(bureau=bureau, schools=schools[:6], locale=self.locale)

    def _demo_accounts(self, bureau: Bureau, schools: list[School]) -> None:
        """Named accounts with known education IDs, one per role."""
        first = schools[0]
        classroom = Classroom.objects.filter(school=first).order_by("grade__number", "name")[0]

        def named(education_id: str, **fields: Any) -> User:
            user = self._user("X", **fields)
            user.education_id = education_id
            user.save()
            return user

        admin = named("demo.bureau", email="bureau@demo.digicampus.local")
        Membership.objects.create(user=admin, role=Role.BUREAU_ADMIN, bureau=bureau)
        principal = named(
            "demo.principal", email="principal@demo.digicampus.local", phone="0900000001"
        )
        Membership.objects.create(user=principal, role=Role.SCHOOL_ADMIN, school=first)
        teacher = named("demo.teacher", email="teacher@demo.digicampus.local", phone="0900000002")
        Membership.objects.create(user=teacher, role=Role.TEACHER, school=first)
        classroom.homeroom_teacher = teacher
        classroom.save(update_fields=["homeroom_teacher"])
        collaborator = named("demo.collaborator")
        Membership.objects.create(user=collaborator, role=Role.COLLABORATOR, school=first)
        reviewer = named("demo.reviewer")
        for school in schools[:3]:
            Membership.objects.create(user=reviewer, role=Role.EXPERT_REVIEWER, school=school)
        student = named("demo.student", minor=True)
        Membership.objects.create(
            user=student, role=Role.STUDENT, school=first, classroom=classroom
        )
        parent = named("demo.parent", phone="0900000003")
        Guardianship.objects.create(parent=parent, child=student, relation="")
        Membership.objects.create(user=parent, role=Role.PARENT, school=first)
        if len(schools) > 1:
            other = schools[1]
            sibling_class = Classroom.objects.filter(school=other).order_by("pk")[0]
            sibling = named("demo.sibling", minor=True)
            Membership.objects.create(
                user=sibling, role=Role.STUDENT, school=other, classroom=sibling_class
            )
            Guardianship.objects.create(parent=parent, child=sibling, relation="")
            Membership.objects.create(user=parent, role=Role.PARENT, school=other)
