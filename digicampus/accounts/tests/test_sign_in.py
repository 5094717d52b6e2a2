import pytest
from django.urls import reverse

from digicampus.accounts.tests.factories import PASSWORD, UserFactory
from digicampus.core.models import AuditEntry

LOGIN = "/accounts/login/"


@pytest.mark.parametrize("identifier", ["EDU123", "mai@example.edu.vn", "0912 345 678"])
def test_user_can_sign_in_with_education_id_email_or_phone(client, db, identifier):
    UserFactory(education_id="EDU123", email="mai@example.edu.vn", phone="0912345678")

    response = client.post(LOGIN, {"username": identifier, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_keeps_the_identifier_and_shows_an_error(client, db):
    UserFactory(education_id="EDU123")

    response = client.post(LOGIN, {"username": "EDU123", "password": "wrong"})

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="EDU123"' in body
    assert "not correct" in body


def test_repeated_failures_lock_the_account_with_429_and_retry_after(client, db):
    UserFactory(education_id="EDU123")
    for _ in range(5):
        client.post(LOGIN, {"username": "EDU123", "password": "wrong"})

    response = client.post(LOGIN, {"username": "EDU123", "password": PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


def test_sign_in_answers_429_when_capacity_is_exhausted(client, db, settings, monkeypatch):
    from digicampus.accounts import throttle

    UserFactory(education_id="EDU123")
    settings.LOGIN_QUEUE_WAIT_SECONDS = 0.01
    gate = throttle._semaphore()
    held = 0
    while gate.acquire(blocking=False):
        held += 1
    try:
        response = client.post(LOGIN, {"username": "EDU123", "password": PASSWORD})
    finally:
        for _ in range(held):
            gate.release()

    assert response.status_code == 429
    assert response["Retry-After"] == "2"


def test_imported_account_must_change_password_before_anything_else(client, db):
    user = UserFactory(must_change_password=True)
    client.force_login(user)

    assert client.get("/").url == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {"new_password1": "a fresh long passphrase", "new_password2": "a fresh long passphrase"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(verb="accounts.password_change", target_id=user.pk).exists()


def test_sign_out_ends_the_session(client, db):
    client.force_login(UserFactory())

    client.post(reverse("accounts:logout"))

    assert client.get("/").status_code == 302


def test_disabling_an_account_ends_its_sessions_and_is_audited(client, district):
    from django.test import Client

    student_browser = Client()
    student_browser.force_login(district.student)
    client.force_login(district.school_admin)

    response = client.post(reverse("accounts:user_action", args=[district.student.pk, "disable"]))

    assert response.status_code == 302
    assert student_browser.get("/").status_code == 302
    assert AuditEntry.objects.filter(
        verb="accounts.disable", target_id=str(district.student.pk)
    ).exists()


def test_teacher_cannot_disable_an_account(client, district):
    client.force_login(district.teacher)

    response = client.post(reverse("accounts:user_action", args=[district.student.pk, "disable"]))

    assert response.status_code == 403


def test_language_choice_is_remembered_on_the_account(client, db):
    user = UserFactory(language="en")
    client.force_login(user)

    client.post(reverse("accounts:language_set"), {"language": "zh-hans", "next": "/"})

    user.refresh_from_db()
    assert user.language == "zh-hans"
    assert "退出" in client.get("/").content.decode()


def test_passwords_are_hashed_with_argon2id_at_owasp_minimum(db, settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["digicampus.accounts.hashers.Argon2idHasher"]

    encoded = make_password("some passphrase")

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_school_admin_reads_the_audit_log_of_own_school_only(client, district):
    from digicampus.accounts import services

    services.user_set_active(actor=district.school_admin, target=district.student, active=False)
    client.force_login(district.school_admin)

    own = client.get(reverse("accounts:audit_list", args=[district.school.pk]))
    other = client.get(reverse("accounts:audit_list", args=[district.other_school.pk]))

    assert "accounts.disable" in own.content.decode()
    assert other.status_code == 404


def test_teacher_cannot_read_the_audit_log(client, district):
    client.force_login(district.teacher)

    response = client.get(reverse("accounts:audit_list", args=[district.school.pk]))

    assert response.status_code == 403


def test_school_admin_makes_a_teacher_collaborator_and_takes_it_back(client, district):
    from digicampus.accounts.models import Membership

    client.force_login(district.school_admin)
    url = reverse("accounts:user_detail", args=[district.teacher.pk])

    client.post(url, {"role": "collaborator", "school": district.school.pk})
    membership = Membership.objects.get(user=district.teacher, role="collaborator")
    client.post(reverse("accounts:membership_revoke", args=[membership.pk]))

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(verb="accounts.role_grant").exists()
    assert AuditEntry.objects.filter(verb="accounts.role_revoke").exists()


def test_school_admin_cannot_give_roles_in_another_school(client, district):
    from digicampus.accounts.models import Membership

    client.force_login(district.school_admin)

    client.post(
        reverse("accounts:user_detail", args=[district.teacher.pk]),
        {"role": "school_admin", "school": district.other_school.pk},
    )

    assert not Membership.objects.filter(user=district.teacher, role="school_admin").exists()


def test_only_the_bureau_names_expert_reviewers(client, district):
    from digicampus.accounts.models import Membership

    client.force_login(district.school_admin)
    client.post(
        reverse("accounts:user_detail", args=[district.teacher.pk]),
        {"role": "expert_reviewer", "school": district.school.pk},
    )
    assert not Membership.objects.filter(user=district.teacher, role="expert_reviewer").exists()

    client.force_login(district.bureau_admin)
    client.post(
        reverse("accounts:user_detail", args=[district.teacher.pk]),
        {"role": "expert_reviewer", "school": district.other_school.pk},
    )

    assert Membership.objects.filter(
        user=district.teacher, role="expert_reviewer", school=district.other_school
    ).exists()


def test_teacher_cannot_give_roles(client, district):
    client.force_login(district.teacher)

    response = client.post(
        reverse("accounts:user_detail", args=[district.student.pk]),
        {"role": "collaborator", "school": district.school.pk},
    )

    assert response.status_code == 403


def test_a_deactivated_account_is_signed_out_on_its_next_request(client, db):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200

    user.is_active = False
    user.save(update_fields=["is_active"])

    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_a_session_of_a_deleted_account_signs_no_one_in(client, db):
    from django.contrib.auth import SESSION_KEY, get_user

    user = UserFactory()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = "999999999"
    session.save()
    request = type("Request", (), {"session": session})()
    assert not get_user(request).is_authenticated
