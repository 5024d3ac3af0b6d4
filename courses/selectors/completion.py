"""What state a learner's unit is in: the completion rule."""

from django.utils.translation import gettext_lazy as _


class UnitState:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"

    LABELS = {
        NOT_STARTED: _("Not started"),
        IN_PROGRESS: _("In progress"),
        COMPLETE: _("Completed"),
    }


def unit_state(
    *, lessons_total: int, lessons_done: int, has_check: bool, passed: bool, tried: bool
) -> str:
    if lessons_done >= lessons_total and (passed or not has_check):
        return UnitState.COMPLETE
    if lessons_done or tried:
        return UnitState.IN_PROGRESS
    return UnitState.NOT_STARTED
