from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses.certificates import selectors, services
from courses.certificates.models import (
    Certificate,
    CreditType,
    EvaluationAnswer,
    EvaluationItem,
    EvaluationResponse,
)
from tests.factories import UserFactory

from .factories import (
    CertificateFactory,
    CourseFactory,
    CreditRulesFactory,
    EvaluationItemFactory,
    learner_with_steps,
    written_last_first,
)

pytestmark = pytest.mark.django_db

STEPS = ["units", "time", "post_test", "evaluation", "attestation", "name"]

# A learner who has done every step before a claim but one; the id says what is missing.
ONE_STEP_MISSING = [
    pytest.param("units", {"units": False}, id="one-lesson-unread"),
    pytest.param("time", {"time": False}, id="no-time-on-the-course"),
    pytest.param("post_test", {"post_test": None}, id="post-test-never-sat"),
    pytest.param("post_test", {"post_test": "failed"}, id="post-test-only-failed"),
    pytest.param("post_test", {"post_test": "open"}, id="post-test-started-not-submitted"),
    pytest.param("evaluation", {"evaluation": False}, id="no-evaluation"),
    pytest.param("attestation", {"attestation": False}, id="no-attestation"),
    pytest.param("name", {"full_name": "  "}, id="no-name"),
]


def test_credit_checklist_every_step_done_is_ready(rules):
    checklist = selectors.credit_checklist(user=learner_with_steps(rules), rules=rules)
    assert [item.key for item in checklist.items] == STEPS
    assert all(item.done for item in checklist.items)
    assert checklist.ready
    assert checklist.missing == []


@pytest.mark.parametrize(("missing", "steps"), ONE_STEP_MISSING)
def test_credit_checklist_one_step_missing_only_that_step_is_not_done(rules, missing, steps):
    learner = learner_with_steps(rules, **steps)
    checklist = selectors.credit_checklist(user=learner, rules=rules)
    assert {item.key: item.done for item in checklist.items} == {
        step: step != missing for step in STEPS
    }
    assert not checklist.ready
    [label] = checklist.missing
    item = next(item for item in checklist.items if item.key == missing)
    # The time step names the time recorded and needed; the others their task.
    assert label == (str(item.detail).rstrip(".") if missing == "time" else str(item.label))
    # The flags the pages read (post-test page, attestation form) agree with the items.
    assert checklist.post_test_passed is (missing != "post_test")
    assert checklist.evaluation_submitted is (missing != "evaluation")
    assert checklist.attested is (missing != "attestation")


@pytest.mark.parametrize(("missing", "steps"), ONE_STEP_MISSING)
def test_certificate_claim_one_step_missing_refused_naming_only_that_step(
    rules, course, missing, steps
):
    learner = learner_with_steps(rules, **steps)
    labels = {
        item.key: (str(item.detail).rstrip(".") if item.key == "time" else str(item.label)).lower()
        for item in selectors.credit_checklist(user=learner, rules=rules).items
    }
    with pytest.raises(ValidationError) as error:
        services.certificate_claim(user=learner, course=course, credit_type="ches")
    message = " ".join(error.value.messages)
    assert message == f"Not yet: {labels[missing]}."
    assert not Certificate.objects.exists()


# --- Transcript ----------------------------------------------------------------------------


def test_transcript_summary_lists_issued_and_expired_certificates_latest_issue_first(
    practitioner,
):
    today = timezone.localdate()
    # Created in an order that is not the order of issue.
    older = CertificateFactory(learner=practitioner, issued=True, issued_on=today - timedelta(300))
    latest = CertificateFactory(learner=practitioner, issued=True, issued_on=today)
    expired = CertificateFactory(
        learner=practitioner,
        issued=True,
        issued_on=today - timedelta(400),
        expires_on=today - timedelta(35),
    )
    same_day = [
        CertificateFactory(learner=practitioner, issued=True, issued_on=today - timedelta(100))
        for _ in range(3)
    ]
    CertificateFactory(learner=practitioner)  # being prepared
    CertificateFactory(learner=practitioner, status=Certificate.Status.FAILED)
    CertificateFactory(learner=practitioner, revoked=True)
    CertificateFactory(issued=True)  # someone else's
    summary = selectors.transcript_summary(user=practitioner)
    # Of those issued on one day, the later claim comes first.
    assert summary.certificates == [latest, *reversed(same_day), older, expired]


def test_transcript_summary_sums_hours_per_credit_type_in_the_order_of_credit_types(
    practitioner,
):
    for credit_type, hours in [
        (CreditType.CNE, "2.5"),
        (CreditType.CHES, "6.0"),
        (CreditType.COMPLETION, "1.0"),
        (CreditType.CHES, "1.25"),
    ]:
        CertificateFactory(
            learner=practitioner, issued=True, credit_type=credit_type, hours=Decimal(hours)
        )
    CertificateFactory(learner=practitioner, revoked=True, hours=Decimal(10))
    CertificateFactory(learner=practitioner, credit_type=CreditType.CNE, hours=Decimal(10))
    CertificateFactory(issued=True, hours=Decimal(10))  # someone else's
    summary = selectors.transcript_summary(user=practitioner)
    assert [(str(label), hours) for label, hours in summary.hours_by_type] == [
        (str(CreditType.CHES.label), Decimal("7.25")),
        (str(CreditType.CNE.label), Decimal("2.5")),
        (str(CreditType.COMPLETION.label), Decimal("1.0")),
    ]
    assert summary.total_hours == Decimal("10.75")


# --- The accreditor's audit export ----------------------------------------------------------


def test_certificates_issued_between_both_end_days_issued_and_revoked_in_order_of_issue():
    start, end = date(2026, 1, 1), date(2026, 1, 31)
    last_day = CertificateFactory(issued=True, issued_on=end)
    first_day = [CertificateFactory(issued=True, issued_on=start) for _ in range(3)]
    revoked = CertificateFactory(revoked=True, issued_on=date(2026, 1, 15))
    CertificateFactory(issued=True, issued_on=start - timedelta(1))
    CertificateFactory(issued=True, issued_on=end + timedelta(1))
    CertificateFactory(issued_on=start)  # being prepared
    CertificateFactory(status=Certificate.Status.FAILED, issued_on=start)
    # The first day's certificates are revoked later, the last claimed first: they keep the
    # order of issue, whatever order their rows are now stored in.
    for certificate in reversed(first_day):
        Certificate.objects.filter(pk=certificate.pk).update(
            status=Certificate.Status.REVOKED, revoked_at=timezone.now(), revoked_reason="Error."
        )
    assert list(selectors.certificates_issued_between(start=start, end=end)) == [
        *first_day,
        revoked,
        last_day,
    ]


def test_certificates_issued_between_for_one_course_leaves_other_courses_out():
    day = date(2026, 3, 2)
    course = CourseFactory()
    wanted = CertificateFactory(issued=True, course=course, issued_on=day)
    other = CertificateFactory(issued=True, issued_on=day)
    assert list(selectors.certificates_issued_between(start=day, end=day, course=course)) == [
        wanted
    ]
    assert list(selectors.certificates_issued_between(start=day, end=day)) == [wanted, other]


# --- Staff search --------------------------------------------------------------------------


def test_staff_certificates_without_filters_lists_every_certificate_latest_created_first():
    imported = CertificateFactory()
    tied = [CertificateFactory(), CertificateFactory(issued=True), CertificateFactory(revoked=True)]
    # Creation times that do not follow the ids (an imported row), and a tie: the tie is broken
    # the same way on every page, so paging never shows a row twice or skips one.
    moment = timezone.now() - timedelta(days=2)
    Certificate.objects.filter(pk=imported.pk).update(created_at=moment + timedelta(hours=1))
    Certificate.objects.filter(pk__in=[certificate.pk for certificate in tied]).update(
        created_at=moment
    )
    assert list(selectors.staff_certificates()) == [imported, *reversed(tied)]


def test_staff_certificates_status_filter_keeps_only_that_status():
    pending = CertificateFactory()
    issued = CertificateFactory(issued=True)
    revoked = CertificateFactory(revoked=True)
    assert list(selectors.staff_certificates(status=Certificate.Status.REVOKED)) == [revoked]
    assert list(selectors.staff_certificates(status=Certificate.Status.ISSUED)) == [issued]
    assert list(selectors.staff_certificates(status=Certificate.Status.PENDING)) == [pending]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(lambda certificate: certificate.code, id="code"),
        pytest.param(lambda certificate: f"  {certificate.code.lower()} ", id="code-typed-loosely"),
        pytest.param(lambda certificate: "nwosu", id="part-of-the-printed-name"),
        pytest.param(lambda certificate: "amara.n@", id="part-of-the-email"),
        pytest.param(lambda certificate: "HOUSING", id="part-of-the-course-title"),
    ],
)
def test_staff_certificates_search_finds_by_each_field_alone(query):
    wanted = CertificateFactory(
        learner=UserFactory(email="amara.n@county.example"),
        learner_name="Amara Nwosu",
        course_title="Housing and health",
    )
    CertificateFactory(
        learner=UserFactory(email="jordan@city.example"),
        learner_name="Jordan Okafor",
        course_title="Food access",
    )
    assert list(selectors.staff_certificates(query=query(wanted))) == [wanted]


# --- Evaluation summary --------------------------------------------------------------------


def test_evaluation_summary_items_by_position_then_in_the_order_written():
    rules = CreditRulesFactory()
    # Items added in the admin keep the default position unless staff number them.
    unnumbered = written_last_first(
        EvaluationItem,
        [{"rules": rules, "position": 1, "prompt": f"Statement {number}."} for number in range(4)],
        make=EvaluationItemFactory,
    )
    first = EvaluationItemFactory(rules=rules, position=0, prompt="Objectives were met.")
    _, summaries = selectors.evaluation_summary(rules=rules)
    assert [summary.item for summary in summaries] == [first, *unnumbered]


def test_evaluation_summary_means_and_counts_of_ratings_and_written_answers_newest_first():
    rules = CreditRulesFactory()
    useful = EvaluationItemFactory(rules=rules, position=1, prompt="The course was useful.")
    unrated = EvaluationItemFactory(rules=rules, position=2, required=False)
    ideas = EvaluationItemFactory(
        rules=rules, position=3, kind=EvaluationItem.Kind.TEXT, required=False
    )
    unanswered = EvaluationItemFactory(
        rules=rules, position=4, kind=EvaluationItem.Kind.TEXT, required=False
    )
    for rating, idea in [(4, "More maps."), (5, "   "), (5, "Shorter videos.")]:
        services.evaluation_submit(
            user=UserFactory(), rules=rules, answers={useful.pk: rating, ideas.pk: idea}
        )
    elsewhere = EvaluationItemFactory(kind=EvaluationItem.Kind.TEXT)  # another course's
    services.evaluation_submit(
        user=UserFactory(), rules=elsewhere.rules, answers={elsewhere.pk: "Elsewhere."}
    )
    responses, summaries = selectors.evaluation_summary(rules=rules)
    assert responses == 3
    assert [summary.item for summary in summaries] == [useful, unrated, ideas, unanswered]
    by_item = {summary.item: summary for summary in summaries}
    assert by_item[useful].mean == pytest.approx(14 / 3)
    assert by_item[useful].count == 3
    # Nobody rated it: no mean, no answers (the page shows "—" and 0).
    assert (by_item[unrated].mean, by_item[unrated].count) == (None, 0)
    # Newest first; an answer of only spaces is no answer.
    assert by_item[ideas].texts == ["Shorter videos.", "More maps."]
    assert by_item[unanswered].texts == []


def test_evaluation_summary_likert_item_counts_ratings_not_answers_written_before_it_was_one():
    rules = CreditRulesFactory()
    item = EvaluationItemFactory(rules=rules, kind=EvaluationItem.Kind.TEXT)
    services.evaluation_submit(user=UserFactory(), rules=rules, answers={item.pk: "Too long."})
    # Staff turn the free-text item into a rating in the admin; later learners rate it.
    item.kind = EvaluationItem.Kind.LIKERT
    item.save(update_fields=["kind"])
    services.evaluation_submit(user=UserFactory(), rules=rules, answers={item.pk: 4})
    [summary] = selectors.evaluation_summary(rules=rules)[1]
    assert (summary.mean, summary.count) == (4, 1)


def test_evaluation_summary_answers_submitted_at_one_moment_keep_the_order_written():
    rules = CreditRulesFactory()
    ideas = EvaluationItemFactory(rules=rules, kind=EvaluationItem.Kind.TEXT)
    texts = ["More maps.", "Shorter videos.", "A session on zoning.", "Transcripts of videos."]
    # An import stamped every evaluation with one moment, and wrote the evaluations and their
    # answers in other orders than the answers' ids.
    moment = timezone.now() - timedelta(days=3)
    responses = {
        text: EvaluationResponse.objects.create(user=UserFactory(), rules=rules)
        for text in reversed(texts)
    }
    EvaluationResponse.objects.filter(rules=rules).update(submitted_at=moment)
    written_last_first(
        EvaluationAnswer,
        [{"response": responses[text], "item": ideas, "text": text} for text in texts],
    )
    [summary] = selectors.evaluation_summary(rules=rules)[1]
    assert summary.texts == texts


# --- Expiry reminders ----------------------------------------------------------------------


def test_expiring_certificates_issued_expiring_within_the_window_and_not_yet_reminded():
    today = date(2026, 5, 1)
    until = today + timedelta(60)
    due_today = CertificateFactory(issued=True, expires_on=today)
    due_last_day = CertificateFactory(issued=True, expires_on=until)
    CertificateFactory(issued=True, expires_on=today - timedelta(1))  # expired already
    CertificateFactory(issued=True, expires_on=until + timedelta(1))  # not yet due
    CertificateFactory(issued=True)  # never expires
    CertificateFactory(
        issued=True, expires_on=today + timedelta(10), reminder_sent_at=timezone.now()
    )
    CertificateFactory(revoked=True, expires_on=today + timedelta(10))
    CertificateFactory(expires_on=today + timedelta(10))  # being prepared
    assert set(selectors.expiring_certificates(today=today, until=until)) == {
        due_today,
        due_last_day,
    }


def test_learner_certificates_latest_issue_first_with_courses_in_one_query(
    django_assert_num_queries,
):
    learner = UserFactory()
    later = CertificateFactory(learner=learner, issued_on=date(2026, 5, 1))
    earlier = CertificateFactory(learner=learner, issued_on=date(2026, 3, 1))
    CertificateFactory(issued_on=date(2026, 6, 1))  # someone else's
    with django_assert_num_queries(1):
        found = list(selectors.learner_certificates(user=learner))
        titles = [certificate.course.title for certificate in found]
    assert found == [later, earlier]  # by issue date, not by when the rows were made
    assert titles == [later.course.title, earlier.course.title]
    only = selectors.learner_certificates(user=learner, course=earlier.course)
    assert list(only) == [earlier]


def test_credit_checklist_another_learners_steps_never_count(rules):
    learner_with_steps(rules)  # someone else has done everything, attestation included
    learner = learner_with_steps(rules, evaluation=False, attestation=False)
    checklist = selectors.credit_checklist(user=learner, rules=rules)
    done = {item.key: item.done for item in checklist.items}
    assert done["evaluation"] is False
    assert done["attestation"] is False
    assert not checklist.ready


@pytest.mark.parametrize(
    ("post_test", "detail"),
    [
        pytest.param("passed", "Passed with 100%.", id="passed-shows-its-score"),
        pytest.param(
            "failed", "Best score 79%; 80% passes. {left} attempts left.", id="failed-one-used"
        ),
        pytest.param(
            "open", "80% passes; {allowed} attempts allowed.", id="open-attempt-uses-none"
        ),
        pytest.param(None, "80% passes; {allowed} attempts allowed.", id="never-sat"),
    ],
)
def test_credit_checklist_post_test_detail_counts_only_submitted_attempts(rules, post_test, detail):
    rules.pass_mark, rules.max_attempts = 80, 3
    rules.save()
    learner = learner_with_steps(rules, post_test=post_test)
    item = next(
        item
        for item in selectors.credit_checklist(user=learner, rules=rules).items
        if item.key == "post_test"
    )
    assert str(item.detail) == detail.format(left=2, allowed=3)
