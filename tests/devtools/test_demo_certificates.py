from collections import Counter

import pytest

from courses.certificates import selectors, services
from courses.certificates.models import CreditRules, PostTestQuestion
from devtools.demo import certificates as demo
from devtools.demo import courses as courses_demo
from devtools.demo import roots as roots_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for module in (roots_demo, courses_demo, demo):
        module.seed(log=lambda line: None)
    return CreditRules.objects.get(course__slug="roots-of-health-inequity")


def test_demo_post_test_bank_has_thirty_questions_over_the_five_units(rules):
    questions = list(
        PostTestQuestion.objects.filter(rules=rules, active=True).prefetch_related("choices")
    )
    assert len(questions) >= 30
    assert len({question.text for question in questions}) == len(questions)
    per_unit = Counter(question.unit.number for question in questions)
    assert sorted(per_unit) == [1, 2, 3, 4, 5]
    assert min(per_unit.values()) >= 5
    for question in questions:
        assert question.unit.course_id == rules.course_id
        choices = list(question.choices.all())
        assert len(choices) >= 3
        assert sum(choice.is_correct for choice in choices) == 1


def test_demo_post_test_draws_ten_two_from_each_unit(rules):
    assert selectors.post_test_length(rules=rules) == 10
    attempt = services.post_test_start(user=UserFactory(verified=True), rules=rules)
    units = dict(PostTestQuestion.objects.values_list("pk", "unit__number"))
    asked = Counter(units[question_id] for question_id, _choices in attempt.layout)
    assert asked == {1: 2, 2: 2, 3: 2, 4: 2, 5: 2}


def test_demo_seed_again_keeps_the_bank_as_the_file_says(rules):
    before = list(rules.questions.values_list("text", "unit", "active").order_by("pk"))
    demo.seed(log=lambda line: None)
    assert list(rules.questions.values_list("text", "unit", "active").order_by("pk")) == before
