"""All of a learner's data in one ZIP they take away: their profile, progress (enrolments,
lessons, knowledge checks, time, post-tests), reflections, transcript, and every issued
certificate as its PDF and its signed credential. Built in the request (a few files, all the
learner's own), so the download is rate-limited like the other documents."""

import io
import json
import zipfile

from django.core.files.storage import default_storage
from django.utils import timezone

from courses.journal import journal_markdown
from courses.models import CheckAttempt, Enrollment, LessonCompletion, LessonTime
from roots.spreadsheets import csv_writer

from .credentials.issue import credential_bytes
from .models import Certificate, CertificateRevision, PostTestAttempt
from .selectors import transcript_rows, transcript_summary

README = """Your data from Roots, downloaded {date}.

profile.json      what your profile holds
progress.json     your enrolments, lessons completed, knowledge checks, time on lessons and
                  post-test sittings (times in UTC)
reflections.md    your reflection journal
transcript.csv    your continuing-education transcript
certificates/     each issued certificate as its PDF and as its signed Open Badges 3.0
                  credential (.json), which any verifier can check against the issuer's keys
"""


def _when(moment) -> str | None:
    return moment.isoformat() if moment else None


def _profile(user) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "organization": user.organization.name if user.organization_id else None,
        "discipline": user.get_discipline_display() if user.discipline else None,
        "credential_number": user.credential_number or None,
        "birth_month_day": (
            f"{user.dob_month:02d}-{user.dob_day:02d}" if user.dob_month and user.dob_day else None
        ),
        "time_zone": user.time_zone,
        "joined": _when(user.date_joined),
    }


def _progress(user) -> dict:
    return {
        "enrolments": [
            {
                "course": e.course.title,
                "enrolled_at": _when(e.enrolled_at),
                "completed_at": _when(e.completed_at),
            }
            for e in Enrollment.objects.filter(user=user).select_related("course")
        ],
        "lessons_completed": [
            {
                "course": c.lesson.unit.course.title,
                "unit": c.lesson.unit.number,
                "lesson": c.lesson.title,
                "completed_at": _when(c.completed_at),
            }
            for c in LessonCompletion.objects.filter(user=user).select_related(
                "lesson__unit__course"
            )
        ],
        "time_on_lessons": [
            {"lesson": t.lesson.title, "seconds": t.seconds, "video_seconds": t.video_watched}
            for t in LessonTime.objects.filter(user=user).select_related("lesson")
        ],
        "knowledge_checks": [
            {
                "course": a.unit.course.title,
                "unit": a.unit.number,
                "score": a.score,
                "passed": a.passed,
                "submitted_at": _when(a.submitted_at),
            }
            for a in CheckAttempt.objects.filter(user=user).select_related("unit__course")
        ],
        "post_tests": [
            {
                "course": a.rules.course.title,
                "score": a.score,
                "passed": a.passed,
                "submitted_at": _when(a.submitted_at),
            }
            for a in PostTestAttempt.objects.filter(
                user=user, submitted_at__isnull=False
            ).select_related("rules__course")
        ],
    }


def _text_csv(rows) -> str:
    out = io.StringIO()
    csv_writer(out).writerows(rows)
    return out.getvalue()


def learner_archive(user) -> bytes:
    """The ZIP's bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(date=timezone.now().date().isoformat()))
        archive.writestr("profile.json", json.dumps(_profile(user), indent=2, ensure_ascii=False))
        archive.writestr("progress.json", json.dumps(_progress(user), indent=2, ensure_ascii=False))
        archive.writestr("reflections.md", journal_markdown(user))
        archive.writestr(
            "transcript.csv", _text_csv(transcript_rows(transcript_summary(user=user)))
        )
        certificates = list(Certificate.objects.for_learner(user).issued())
        # Each certificate's current revision, in one query.
        current = {c.pk: c.revision for c in certificates}
        credentials = {
            r.certificate_id: r.credential
            for r in CertificateRevision.objects.filter(certificate__in=certificates)
            if r.revision == current[r.certificate_id]
        }
        for certificate in certificates:
            if certificate.pdf and default_storage.exists(certificate.pdf.name):
                with default_storage.open(certificate.pdf.name, "rb") as handle:
                    archive.writestr(f"certificates/{certificate.code}.pdf", handle.read())
            if credentials.get(certificate.pk):
                archive.writestr(
                    f"certificates/{certificate.code}.json",
                    credential_bytes(credentials[certificate.pk]),
                )
    return buffer.getvalue()
