"""Engaged time, the rules a learner, a rusher or an accreditor would notice: heartbeats count
real time only while the page is visible and in use, a flood adds nothing, each lesson is
capped, the no-JavaScript path counts the time since opening, lessons open side by side never
count the same minutes twice, Mark complete needs the share (or 90% of the lesson's own
video)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from courses import selectors, services
from courses.models import Enrollment, LessonCompletion, LessonTime

pytestmark = pytest.mark.django_db


class Clock:
    """The server's time, moved by hand."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def _beat(user, lesson, *, visible=True, active=True, video_position=None):
    return services.lesson_time_beat(
        user=user, lesson=lesson, visible=visible, active=active, video_position=video_position
    )


def _seconds(user, lesson) -> int:
    return LessonTime.objects.get(user=user, lesson=lesson).seconds


def test_lesson_time_beat_first_beat_starts_the_clock_and_counts_nothing(newcomer, lesson, clock):
    row = _beat(newcomer, lesson)
    assert row.seconds == 0
    assert row.last_beat_at == clock.now


def test_lesson_time_beat_visible_and_active_counts_the_time_since_the_last_beat(
    newcomer, lesson, clock
):
    _beat(newcomer, lesson)
    clock.advance(15)
    _beat(newcomer, lesson)
    clock.advance(12.5)
    _beat(newcomer, lesson)
    assert _seconds(newcomer, lesson) == 27


@pytest.mark.parametrize(
    ("visible", "active"),
    [
        pytest.param(False, True, id="hidden-tab"),
        pytest.param(True, False, id="idle-reader"),
        pytest.param(False, False, id="hidden-and-idle"),
    ],
)
def test_lesson_time_beat_hidden_or_idle_counts_nothing_and_starts_the_next_interval(
    newcomer, lesson, clock, visible, active
):
    _beat(newcomer, lesson)
    clock.advance(15)
    _beat(newcomer, lesson, visible=visible, active=active)
    assert _seconds(newcomer, lesson) == 0
    clock.advance(10)
    _beat(newcomer, lesson)
    # Only the 10 seconds since the hidden or idle beat count.
    assert _seconds(newcomer, lesson) == 10


def test_lesson_time_beat_flood_adds_no_more_than_the_real_time(newcomer, lesson, clock):
    _beat(newcomer, lesson)
    for _ in range(200):
        clock.advance(0.05)
        _beat(newcomer, lesson)
    assert _seconds(newcomer, lesson) <= 10
    for _ in range(50):  # the same instant, again and again
        _beat(newcomer, lesson)
    assert _seconds(newcomer, lesson) <= 10


def test_lesson_time_beat_after_a_long_gap_counts_at_most_one_interval_and_slack(
    newcomer, lesson, clock
):
    _beat(newcomer, lesson)
    clock.advance(3600)  # a laptop closed for an hour
    _beat(newcomer, lesson)
    assert _seconds(newcomer, lesson) == services.BEAT_MAX_SECONDS == 20


def test_lesson_time_beat_caps_a_lesson_at_twice_its_expected_minutes(newcomer, lesson, clock):
    assert lesson.estimated_minutes == 15
    _beat(newcomer, lesson)
    for _ in range(200):  # 50 minutes of beats
        clock.advance(15)
        _beat(newcomer, lesson)
    assert _seconds(newcomer, lesson) == 2 * 15 * 60


def test_lesson_time_two_lessons_open_at_once_never_count_the_same_minutes_twice(
    newcomer, unit, clock
):
    first, second = unit.lessons.order_by("position")
    _beat(newcomer, first)
    _beat(newcomer, second)
    for _ in range(20):  # two tabs, beating in turn every 15 seconds each
        clock.advance(7)
        _beat(newcomer, first)
        clock.advance(8)
        _beat(newcomer, second)
    total = _seconds(newcomer, first) + _seconds(newcomer, second)
    assert total == 20 * 15


def test_lesson_time_beat_not_enrolled_is_refused(practitioner, lesson):
    with pytest.raises(ValidationError, match="Enrol in the course first"):
        _beat(practitioner, lesson)
    assert not LessonTime.objects.exists()


def _read_for(user, lesson, clock, seconds):
    """The learner reads the lesson with JavaScript for `seconds`, beating every 15."""
    _beat(user, lesson)
    while seconds > 0:
        step = min(seconds, 15)
        clock.advance(step)
        _beat(user, lesson)
        seconds -= step


def test_lesson_complete_rushing_learner_is_refused_with_the_time_left(newcomer, lesson, clock):
    _read_for(newcomer, lesson, clock, 120)  # 2 of the 7.5 minutes needed
    with pytest.raises(ValidationError) as refusal:
        services.lesson_complete(user=newcomer, lesson=lesson)
    assert refusal.value.code == "too_soon"
    assert refusal.value.messages == [
        "About 6 more minutes on this lesson before it can be marked complete."
    ]
    assert not LessonCompletion.objects.exists()


def test_lesson_complete_at_the_share_passes_one_second_short_does_not(newcomer, lesson, clock):
    # 50% of 15 minutes: 450 seconds.
    _read_for(newcomer, lesson, clock, 449)
    with pytest.raises(ValidationError, match="About 1 more minute on this lesson"):
        services.lesson_complete(user=newcomer, lesson=lesson)
    clock.advance(1)
    _beat(newcomer, lesson)
    _completion, created = services.lesson_complete(user=newcomer, lesson=lesson)
    assert created


def test_lesson_complete_done_once_is_not_asked_for_time_again(learner, lesson):
    services.lesson_complete(user=learner, lesson=lesson)
    LessonTime.objects.filter(user=learner, lesson=lesson).update(seconds=0)
    _again, created = services.lesson_complete(user=learner, lesson=lesson)
    assert not created


def test_lesson_complete_without_javascript_counts_the_time_since_opening(newcomer, lesson, clock):
    services.lesson_time_open(user=newcomer, lesson=lesson)
    LessonTime.objects.filter(user=newcomer, lesson=lesson).update(opened_at=clock.now)
    clock.advance(3 * 60)
    with pytest.raises(ValidationError, match="About 5 more minutes"):
        services.lesson_complete(user=newcomer, lesson=lesson)
    clock.advance(5 * 60)
    services.lesson_complete(user=newcomer, lesson=lesson)
    assert _seconds(newcomer, lesson) == 8 * 60
    assert Enrollment.objects.get(user=newcomer).engaged_until == clock.now


def test_lesson_complete_without_javascript_counts_at_most_the_lessons_cap(newcomer, lesson, clock):
    services.lesson_time_open(user=newcomer, lesson=lesson)
    LessonTime.objects.filter(user=newcomer, lesson=lesson).update(opened_at=clock.now)
    clock.advance(86400)  # opened yesterday, completed today
    services.lesson_complete(user=newcomer, lesson=lesson)
    assert _seconds(newcomer, lesson) == 2 * 15 * 60


def test_lesson_complete_without_javascript_lessons_opened_together_share_the_minutes(
    newcomer, unit, clock
):
    first, second = unit.lessons.order_by("position")
    for lesson in (first, second):  # two tabs opened at once
        services.lesson_time_open(user=newcomer, lesson=lesson)
    LessonTime.objects.filter(user=newcomer).update(opened_at=clock.now)
    clock.advance(8 * 60)
    services.lesson_complete(user=newcomer, lesson=first)
    clock.advance(30)
    with pytest.raises(ValidationError, match="About 7 more minutes"):
        services.lesson_complete(user=newcomer, lesson=second)


def test_lesson_time_open_twice_keeps_the_first_opening(newcomer, lesson, clock):
    first = services.lesson_time_open(user=newcomer, lesson=lesson)
    clock.advance(60)
    services.lesson_time_open(user=newcomer, lesson=lesson)
    assert LessonTime.objects.get(user=newcomer, lesson=lesson).opened_at == first.opened_at
    assert LessonTime.objects.count() == 1


@pytest.fixture
def video_lesson(lesson):
    """A 20-minute lesson whose own video (native player) is 5 minutes long."""
    lesson.estimated_minutes = 20
    lesson.native_video_seconds = 300
    lesson.save()
    return lesson


def test_lesson_complete_video_watched_to_90_percent_is_enough(newcomer, video_lesson, clock):
    _beat(newcomer, video_lesson, video_position=0)
    for played in range(15, 271, 15):  # watched in real time: 4.5 minutes, less than 10
        clock.advance(15)
        _beat(newcomer, video_lesson, video_position=played)
    assert _seconds(newcomer, video_lesson) < 10 * 60
    _completion, created = services.lesson_complete(user=newcomer, lesson=video_lesson)
    assert created


def test_lesson_complete_video_just_short_of_90_percent_needs_the_time(
    newcomer, video_lesson, clock
):
    _beat(newcomer, video_lesson, video_position=0)
    for played in range(15, 256, 15):
        clock.advance(15)
        _beat(newcomer, video_lesson, video_position=played)
    clock.advance(14)
    _beat(newcomer, video_lesson, video_position=269)  # 89.7%
    with pytest.raises(ValidationError, match="more minutes on this lesson"):
        services.lesson_complete(user=newcomer, lesson=video_lesson)


def test_lesson_time_beat_video_reported_ahead_of_real_time_counts_at_twice_real_time(
    newcomer, video_lesson, clock
):
    _beat(newcomer, video_lesson, video_position=0)
    clock.advance(15)
    row = _beat(newcomer, video_lesson, video_position=300)  # "watched it all" in 15 s
    assert row.video_watched == 30
    with pytest.raises(ValidationError):
        services.lesson_complete(user=newcomer, lesson=video_lesson)


def test_lesson_time_beat_video_of_an_embedded_player_keeps_the_time_rule(newcomer, lesson, clock):
    lesson.video_url = "https://www.youtube-nocookie.com/embed/abc"
    lesson.transcript = "Words."
    lesson.save()
    _beat(newcomer, lesson, video_position=0)
    clock.advance(15)
    row = _beat(newcomer, lesson, video_position=900)
    assert row.video_watched == 0
    with pytest.raises(ValidationError, match="About 8 more minutes"):
        services.lesson_complete(user=newcomer, lesson=lesson)


def test_lesson_clock_texts_say_the_minutes_and_the_time_left(newcomer, lesson, clock):
    _read_for(newcomer, lesson, clock, 12 * 60 + 59)
    row = LessonTime.objects.get(user=newcomer, lesson=lesson)
    clock_ = selectors.lesson_clock(lesson=lesson, row=row, enrollment=None)
    assert clock_.progress_text == "12 of 15 minutes"
    assert clock_.can_complete
    assert clock_.minutes_left == 0
    empty = selectors.lesson_clock(lesson=lesson, row=None, enrollment=None)
    assert empty.progress_text == "0 of 15 minutes"
    assert empty.time_left_text == (
        "About 8 more minutes on this lesson before it can be marked complete."
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0 min"), (59, "0 min"), (2700, "45 min"), (4500, "1 h 15 min"), (10800, "3 h")],
)
def test_duration_display_rounds_down_to_whole_minutes(seconds, text):
    assert selectors.duration_display(seconds) == text


def test_engaged_seconds_sums_each_learners_time_on_the_lessons_given(learner, course, unit):
    from tests.factories import UserFactory

    other = UserFactory(verified=True)
    lessons = list(unit.lessons.all())
    totals = selectors.engaged_seconds(
        user_ids=[learner.pk, other.pk], lesson_ids=[lesson.pk for lesson in lessons]
    )
    assert totals == {learner.pk: 2 * 15 * 60}
    assert selectors.course_engaged_seconds(user=learner, course=course) == 4 * 15 * 60
