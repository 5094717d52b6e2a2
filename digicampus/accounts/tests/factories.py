import factory

from digicampus.accounts.choices import Role
from digicampus.accounts.models import Guardianship, Membership, User

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    education_id = factory.Sequence(lambda n: f"ID{n:06d}")
    full_name = factory.Faker("name", locale="vi_VN")
    language = "en"
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER


def make_member(role: str, **scope) -> User:
    """A new user holding `role` on the given scope (bureau=, school=, classroom=...)."""
    user = UserFactory()
    if "classroom" in scope and "school" not in scope:
        scope["school"] = scope["classroom"].school
    Membership.objects.create(user=user, role=role, **scope)
    return user


def make_parent_of(child: User) -> User:
    parent = UserFactory()
    Guardianship.objects.create(parent=parent, child=child)
    school_id = child.memberships.values_list("school_id", flat=True).first()
    Membership.objects.get_or_create(user=parent, role=Role.PARENT, school_id=school_id)
    return parent
