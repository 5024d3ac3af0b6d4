"""Course content and learner progress: the public models other apps build on.

Content (authored in the admin)::

    Course ─< Unit ─< Lesson ─< LessonReading (a URL or a resources.Resource)
               ├─< CheckQuestion ─< CheckChoice      (the unit's knowledge check)
               └─<> resources.Resource               (Unit.resources, reverse name "units")

Progress (one row per learner and thing, enforced by unique constraints, so a double click or
two tabs never make two)::

    Enrollment        user x course   (enrolled_at, last_activity_at)
    LessonCompletion  user x lesson
    LessonTime        user x lesson   (engaged seconds: heartbeats, or the time before completing)
    Reflection        user x lesson   (the learner's private journal entry)
    JournalPdf        user            (the journal as a PDF, rendered by a task, per version)
    CheckAttempt      up to Course.check_attempts per user x unit, each with its score (0-100)
                      and `passed`; right answers are shown once passed or the attempts used

A unit is complete when all its lessons are completed and, if it has questions, one attempt of
its knowledge check passed. Read progress through `courses.selectors` and write it through
`courses.services`; never count rows yourself, the rules live there.
"""

from .content import (
    VIDEO_EMBED_PREFIXES,
    CheckChoice,
    CheckQuestion,
    Course,
    CourseQuerySet,
    Lesson,
    LessonReading,
    Unit,
    validate_video_embed_url,
)
from .progress import (
    CheckAttempt,
    Enrollment,
    JournalPdf,
    LessonCompletion,
    LessonTime,
    Reflection,
)

__all__ = [
    "VIDEO_EMBED_PREFIXES",
    "CheckAttempt",
    "CheckChoice",
    "CheckQuestion",
    "Course",
    "CourseQuerySet",
    "Enrollment",
    "JournalPdf",
    "Lesson",
    "LessonCompletion",
    "LessonReading",
    "LessonTime",
    "Reflection",
    "Unit",
    "validate_video_embed_url",
]
