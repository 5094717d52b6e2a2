from datetime import date

import factory

from digicampus.org.choices import SchoolLevel
from digicampus.org.models import Bureau, Classroom, Grade, School, SchoolYear, SubjectGroup


class BureauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bureau

    code = factory.Sequence(lambda n: f"B{n:03d}")
    name = factory.Faker("city", locale="vi_VN")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    bureau = factory.SubFactory(BureauFactory)
    code = factory.Sequence(lambda n: f"S{n:04d}")
    name = factory.Sequence(lambda n: f"Trường THCS số {n}")
    level = SchoolLevel.LOWER_SECONDARY


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026-2027"
    starts_on = date(2026, 9, 5)
    ends_on = date(2027, 5, 31)
    is_current = True


class GradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grade

    school_year = factory.SubFactory(SchoolYearFactory)
    school = factory.SelfAttribute("school_year.school")
    number = 6


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    grade = factory.SubFactory(GradeFactory)
    school = factory.SelfAttribute("grade.school")
    name = factory.Sequence(lambda n: f"6A{n}")


class SubjectGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectGroup

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Tổ Toán {n}")
