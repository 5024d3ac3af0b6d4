"""Time on the course before a claim: each credit type's share of its hours, the checklist's
step, the claim refused below it and allowed at it, the attestation stating the recorded time;
the lesson share the CE rules set; the finish page and /learn/ leading to the credit."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import services as course_services
from courses.certificates import selectors, services
from courses.certificates.models import Attestation, Certificate, PostTestAttempt
from courses.models import Lesson, LessonCompletion
from tests.factories import UserFactory

from .factories import (
    CertificateFactory,
    CreditOfferingFactory,
    learner_with_steps,
    spend_course_time,
)

pytestmark = pytest.mark.django_db

NEEDED = 16_200  # 75% of the CHES offering's 6 hours


def _time_item(checklist):
    return next(item for item in checklist.items if item.key == "time")


def test_credit_checklist_time_step_names_the_time_recorded_and_needed(rules):
    learner = learner_with_steps(rules, time=False)
    spend_course_time(learner, rules, seconds=2 * 3600 + 10 * 60)
    item = _time_item(selectors.credit_checklist(user=learner, rules=rules))
    assert not item.done
    assert item.detail == "Time on the course: 2 h 10 min of 4 h 30 min needed."


@pytest.mark.parametrize(
    ("seconds", "claimed"),
    [pytest.param(NEEDED - 2, False, id="just-short"), pytest.param(NEEDED, True, id="at-it")],
)
def test_certificate_claim_needs_the_engaged_share_of_the_credited_hours(
    rules, course, seconds, claimed
):
    learner = learner_with_steps(rules, time=False)
    spend_course_time(learner, rules, seconds=seconds)
    if claimed:
        services.certificate_claim(user=learner, course=course, credit_type="ches")
        assert Certificate.objects.filter(learner=learner).exists()
        return
    with pytest.raises(ValidationError) as refusal:
        services.certificate_claim(user=learner, course=course, credit_type="ches")
    assert refusal.value.messages == [
        "Not yet: time on the course: 4 h 29 min of 4 h 30 min needed."
    ]
    assert not Certificate.objects.exists()


def test_certificate_claim_each_credit_type_needs_its_own_share(rules, course):
    CreditOfferingFactory(rules=rules, credit_type="cne", hours=Decimal("6.0"), engaged_share=100)
    learner = learner_with_steps(rules, time=False)
    spend_course_time(learner, rules, seconds=NEEDED)
    # The page's step is done: the least demanding credit can be claimed.
    assert _time_item(selectors.credit_checklist(user=learner, rules=rules)).done
    with pytest.raises(ValidationError, match="4 h 30 min of 6 h needed"):
        services.certificate_claim(user=learner, course=course, credit_type="cne")
    services.certificate_claim(user=learner, course=course, credit_type="ches")
    assert list(Certificate.objects.values_list("credit_type", flat=True)) == ["ches"]


def test_certificate_claim_zero_share_needs_no_time(rules, course):
    rules.offerings.update(engaged_share=0)
    learner = learner_with_steps(rules, time=False)
    Attestation.objects.filter(user=learner).delete()
    services.attestation_record(user=learner, rules=rules)
    services.certificate_claim(user=learner, course=course, credit_type="ches")
    assert Certificate.objects.filter(learner=learner).exists()


def test_attestation_record_states_the_recorded_time(rules):
    learner = UserFactory(verified=True)
    spend_course_time(learner, rules, seconds=4 * 3600 + 35 * 60)
    attestation = services.attestation_record(user=learner, rules=rules)
    assert attestation.text.startswith(str(rules.attestation_text))
    assert attestation.text.endswith("Time recorded on this course: 4 h 35 min.")


def test_attestation_record_below_the_time_needed_is_refused(rules):
    learner = UserFactory(verified=True)
    spend_course_time(learner, rules, seconds=3600)
    with pytest.raises(ValidationError, match="1 h of 4 h 30 min recorded"):
        services.attestation_record(user=learner, rules=rules)
    assert not Attestation.objects.exists()


def test_claim_page_shows_the_time_step_and_keeps_the_attestation_until_the_time_is_in(
    client, rules
):
    learner = learner_with_steps(rules, time=False, attestation=False)
    spend_course_time(learner, rules, seconds=3600)
    client.force_login(learner)
    url = reverse("certificates:claim", args=[rules.course.slug])
    content = client.get(url).content.decode()
    assert "Time on the course: 1 h of 4 h 30 min needed." in content
    assert "needs 4 h 30 min recorded on the course" in content
    assert 'value="attest"' not in content
    assert "Once your time on the course is recorded." in content
    response = client.post(url, {"action": "attest", "attest": "on"}, follow=True)
    assert "Spend the time on the course first: 1 h of 4 h 30 min recorded." in (
        response.content.decode()
    )
    assert not Attestation.objects.exists()

    spend_course_time(learner, rules, seconds=NEEDED)
    content = client.get(url).content.decode()
    assert 'value="attest"' in content
    assert "Time recorded on this course: 4 h 30 min." in content  # what the learner ticks


def test_lesson_complete_needs_the_share_the_ce_rules_set(rules):
    rules.lesson_time_share = 80
    rules.save()
    learner = UserFactory(verified=True)
    course_services.enrollment_create(user=learner, course=rules.course)
    lesson = Lesson.objects.filter(unit__course=rules.course).first()
    spend_course_time(learner, rules, seconds=2 * 11 * 60)  # 11 minutes on each lesson
    with pytest.raises(ValidationError, match="About 1 more minute"):
        course_services.lesson_complete(user=learner, lesson=lesson)
    rules.lesson_time_share = 70
    rules.save()  # the course pages see the edit at once
    _completion, created = course_services.lesson_complete(user=learner, lesson=lesson)
    assert created


def test_lesson_complete_without_ce_rules_needs_half_the_expected_time(db):
    from tests.courses.factories import build_course, spend_time

    course = build_course(units=1, lessons=1, questions=0)
    learner = UserFactory(verified=True)
    course_services.enrollment_create(user=learner, course=course)
    lesson = course.units.get().lessons.get()
    spend_time(learner, [lesson], seconds=449)
    with pytest.raises(ValidationError):
        course_services.lesson_complete(user=learner, lesson=lesson)
    spend_time(learner, [lesson], seconds=450)
    assert course_services.lesson_complete(user=learner, lesson=lesson)[1]


# --- Where the learner goes once the course is finished ---------------------------------------


def _finished(rules, **steps):
    """A learner who finished every unit, with the claim's other steps as told."""
    learner = learner_with_steps(rules, **steps)
    from courses.models import Enrollment

    Enrollment.objects.get_or_create(user=learner, course=rules.course)
    return learner


def test_finished_page_lists_the_claim_steps_left_with_links(client, rules):
    learner = _finished(rules, post_test=None, evaluation=False, attestation=False)
    client.force_login(learner)
    content = client.get(reverse("courses:finished", args=[rules.course.slug])).content.decode()
    assert "You have finished — claim your CE credit (3 steps left)" in content
    assert f'href="{reverse("certificates:post_test", args=[rules.course.slug])}"' in content
    assert f'href="{reverse("certificates:evaluation", args=[rules.course.slug])}"' in content
    claim = reverse("certificates:claim", args=[rules.course.slug])
    assert f'href="{claim}#attest-heading">Attest to your time' in content
    assert "Complete every unit" not in content


def test_finished_page_names_the_time_still_needed(client, rules):
    learner = _finished(rules, time=False, attestation=False)
    client.force_login(learner)
    content = client.get(reverse("courses:finished", args=[rules.course.slug])).content.decode()
    assert "(2 steps left)" in content
    assert "Time on the course: 0 min of 4 h 30 min needed." in content


def test_finished_page_every_step_done_offers_the_claim(client, rules):
    client.force_login(_finished(rules))
    content = client.get(reverse("courses:finished", args=[rules.course.slug])).content.decode()
    assert "claim your CE credit (0 steps left)" in content
    assert "Every step is done" in content


def test_finished_page_once_issued_offers_the_certificate(client, rules):
    learner = _finished(rules)
    certificate = CertificateFactory(learner=learner, course=rules.course, issued=True)
    client.force_login(learner)
    content = client.get(reverse("courses:finished", args=[rules.course.slug])).content.decode()
    assert "<h1>You have finished</h1>" in content
    assert reverse("certificates:download", args=[certificate.pk]) in content


def test_dashboard_finished_course_with_credit_shows_claim_credit(client, rules):
    learner = _finished(rules, post_test=None)
    client.force_login(learner)
    content = client.get(reverse("learn:dashboard")).content.decode()
    claim = reverse("certificates:claim", args=[rules.course.slug])
    assert f'<a class="btn btn-primary" href="{claim}">Claim credit' in content
    assert "Download certificate" not in content


def test_dashboard_issued_certificate_shows_download_certificate(client, rules):
    learner = _finished(rules)
    certificate = CertificateFactory(learner=learner, course=rules.course, issued=True)
    client.force_login(learner)
    content = client.get(reverse("learn:dashboard")).content.decode()
    assert reverse("certificates:download", args=[certificate.pk]) in content
    assert "Download certificate" in content
    assert "Claim credit" not in content  # the course's one credit is claimed


def test_dashboard_unfinished_course_with_credit_has_no_claim_button(client, rules):
    learner = _finished(rules, units=False)
    client.force_login(learner)
    assert "Claim credit" not in client.get(reverse("learn:dashboard")).content.decode()


def test_dashboard_another_learners_certificate_is_never_offered(client, rules):
    learner = _finished(rules)
    other = CertificateFactory(course=rules.course, issued=True)
    client.force_login(learner)
    content = client.get(reverse("learn:dashboard")).content.decode()
    assert reverse("certificates:download", args=[other.pk]) not in content
    assert "Claim credit" in content


def test_last_lesson_of_a_credit_course_lands_on_the_claim_steps(client, rules):
    learner = learner_with_steps(rules, units=False, post_test=None, evaluation=False)
    course_services.enrollment_create(user=learner, course=rules.course)
    last = Lesson.objects.filter(unit__course=rules.course).exclude(
        pk__in=LessonCompletion.objects.filter(user=learner).values("lesson")
    )
    [lesson] = last
    client.force_login(learner)
    url = reverse(
        "courses:lesson_complete", args=[rules.course.slug, lesson.unit.number, lesson.slug]
    )
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("courses:finished", args=[rules.course.slug])
    assert "claim your CE credit (2 steps left)" in response.content.decode()
    assert not PostTestAttempt.objects.filter(user=learner).exists()


@pytest.mark.parametrize("courses", [1, 5])
def test_dashboard_queries_do_not_grow_with_finished_credit_courses(
    client, courses, django_assert_max_num_queries
):
    from courses.models import Enrollment
    from tests.courses.factories import build_course, complete_unit

    from .factories import CreditRulesFactory

    learner = UserFactory(verified=True)
    for _ in range(courses):
        course = build_course(units=2, lessons=2, questions=1)
        rules = CreditRulesFactory(course=course)
        CreditOfferingFactory(rules=rules)
        Enrollment.objects.create(user=learner, course=course)
        for unit in course.units.all():
            complete_unit(learner, unit)
        CertificateFactory(learner=learner, course=course, issued=True)
    client.force_login(learner)
    with django_assert_max_num_queries(12):
        content = client.get(reverse("learn:dashboard")).content.decode()
    assert content.count("Download certificate") == courses
