from datetime import timedelta

from django.utils import timezone

from digicampus.core.indicators import indicator_list, indicator_values


def test_signed_in_indicator_counts_accounts_per_school(district):
    district.teacher.last_login = timezone.now() - timedelta(days=3)
    district.teacher.save()
    district.student.last_login = timezone.now() - timedelta(days=90)
    district.student.save()
    ids = [district.school.pk, district.other_school.pk]

    recent = indicator_values("accounts.active_30d", ids)
    ever = indicator_values("accounts.signed_in", ids)

    members_here = 7  # admin, teacher, collaborator, reviewer, student, classmate, parent
    assert recent.per_school[district.school.pk] == round(100 / members_here, 1)
    assert ever.per_school[district.school.pk] == round(200 / members_here, 1)
    assert recent.per_school[district.other_school.pk] == 0.0
    assert 0 < recent.overall < recent.per_school[district.school.pk]


def test_every_indicator_has_a_label_and_computes(district):
    for indicator in indicator_list():
        result = indicator_values(indicator.key, [district.school.pk])
        assert str(indicator.label)
        assert result.overall >= 0
