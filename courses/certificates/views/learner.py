"""The learner's pages: claim, post-test, evaluation, their certificates and transcript."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.selectors import course_engaged_seconds
from roots.permissions import permission_required
from roots.ratelimit import limited
from roots.services import profile_claim_fields_update
from roots.spreadsheets import csv_writer
from roots.uploads.serve import upload_response

from .. import permissions, rendering, selectors, services
from ..archive import learner_archive
from ..credentials.issue import MEDIA_TYPE, credential_bytes
from ..forms import AttestationForm, ClaimForm, EvaluationForm, PostTestForm
from ..models import Certificate, EvaluationItem, PostTestAttempt, PostTestQuestion, Transcript

logged_in = permission_required(lambda user: user.is_authenticated)


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@require_http_methods(["GET", "POST"])
@permission_required(permissions.can_claim_credit, load=permissions.load_rules)
def claim(request, rules):
    course = rules.course
    offerings = list(rules.offerings.select_related("profile"))
    certificates = list(selectors.learner_certificates(user=request.user, course=course))
    claimed = {c.credit_type for c in certificates if not c.source}
    unclaimed = [offering for offering in offerings if offering.credit_type not in claimed]
    statement = services.attestation_statement(
        rules=rules, seconds=course_engaged_seconds(user=request.user, course=course)
    )
    attestation_form = AttestationForm(statement=statement)
    claim_form = ClaimForm(offerings=unclaimed, user=request.user)
    if request.method == "POST":
        if request.POST.get("action") == "attest":
            attestation_form = AttestationForm(request.POST, statement=statement)
            if attestation_form.is_valid():
                try:
                    services.attestation_record(user=request.user, rules=rules)
                except ValidationError as exc:
                    messages.error(request, _errors(exc))
                else:
                    messages.success(request, _("Thank you: your attestation is recorded."))
                return redirect("certificates:claim", course.slug)
            messages.error(
                request, _("Please correct the errors below; nothing has been saved yet.")
            )
        else:
            claim_form = ClaimForm(request.POST, offerings=unclaimed, user=request.user)
            if claim_form.is_valid():
                try:
                    if claim_form.profile_fields():
                        profile_claim_fields_update(
                            user=request.user, data=claim_form.profile_fields()
                        )
                    services.certificate_claim(
                        user=request.user,
                        course=course,
                        credit_type=claim_form.cleaned_data["credit_type"],
                    )
                except ValidationError as exc:
                    # The rule that refused it is the message; a profile field the form asks
                    # for is marked on that field.
                    refusals = claim_form.show_refusal(exc)
                    messages.error(
                        request,
                        " ".join(refusals)
                        or _("Your credit is not claimed yet: fill in what is marked below."),
                    )
                else:
                    messages.success(
                        request,
                        _("Your certificate is being prepared; it appears below in a moment."),
                    )
                    return redirect("certificates:claim", course.slug)
            else:
                messages.error(
                    request, _("Please correct the errors below; nothing has been saved yet.")
                )
    checklist = selectors.credit_checklist(user=request.user, rules=rules)
    return render(
        request,
        "certificates/credit_claim.html",
        {
            "rules": rules,
            "course": course,
            "offerings": [
                (offering, selectors.engaged_seconds_needed(offering)) for offering in offerings
            ],
            "unclaimed": unclaimed,
            "certificates": certificates,
            "checklist": checklist,
            "attestation_form": attestation_form,
            "claim_form": claim_form,
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(permissions.can_claim_credit, load=permissions.load_rules)
def post_test(request, rules):
    course = rules.course
    if request.method == "POST" and request.POST.get("action") == "start":
        try:
            services.post_test_start(user=request.user, rules=rules)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect("certificates:post_test", course.slug)
    attempt = PostTestAttempt.objects.filter(
        user=request.user, rules=rules, submitted_at__isnull=True
    ).first()
    form = None
    if attempt:
        question_ids = [question_id for question_id, _choices in attempt.layout]
        form = PostTestForm(
            request.POST if request.method == "POST" else None,
            attempt=attempt,
            questions=PostTestQuestion.objects.prefetch_related("choices").in_bulk(question_ids),
        )
    if request.method == "POST":
        if form is None:
            return redirect("certificates:post_test", course.slug)
        if form.is_valid():
            return _post_test_graded(request, rules, attempt, form.answers())
        messages.error(request, _("Answer every question before submitting."))
    standing = selectors.post_test_standing(user=request.user, rules=rules)
    failed = standing.latest if standing.latest and not standing.passed else None
    bank_size = rules.questions.filter(active=True).count()
    return render(
        request,
        "certificates/post_test.html",
        {
            "rules": rules,
            "course": course,
            "attempt": attempt,
            "form": form,
            "checklist": selectors.credit_checklist(user=request.user, rules=rules),
            "standing": standing,
            # What to review after a fail, unit by unit; not beside a new sitting's questions.
            "feedback": selectors.post_test_feedback(attempt=failed, rules=rules)
            if failed and form is None
            else [],
            "question_count": bank_size,
            "length": selectors.post_test_length(rules=rules, bank_size=bank_size),
        },
    )


def _post_test_graded(request, rules, attempt, answers):
    slug = rules.course.slug
    try:
        attempt = services.post_test_submit(attempt=attempt, answers=answers)
    except ValidationError as exc:
        messages.error(request, _errors(exc))
        return redirect("certificates:post_test", slug)
    if attempt.passed:
        messages.success(
            request, _("You passed the post-test with %(score)s%%.") % {"score": attempt.score}
        )
        return redirect("certificates:claim", slug)
    messages.warning(
        request,
        _("You scored %(score)s%%; %(mark)s%% passes. Below: how you did in each unit.")
        % {"score": attempt.score, "mark": rules.pass_mark},
    )
    return redirect("certificates:post_test", slug)


@require_http_methods(["GET", "POST"])
@permission_required(permissions.can_claim_credit, load=permissions.load_rules)
def evaluation(request, rules):
    course = rules.course
    items = list(EvaluationItem.objects.filter(rules=rules).order_by("position", "pk"))
    submitted = rules.responses.filter(user=request.user).exists()
    data = request.POST if request.method == "POST" else None
    form = None if submitted else EvaluationForm(data, items=items)
    if request.method == "POST" and form is not None:
        if form.is_valid():
            try:
                services.evaluation_submit(user=request.user, rules=rules, answers=form.answers())
            except ValidationError as exc:
                messages.error(request, _errors(exc))
            else:
                messages.success(request, _("Thank you: your evaluation is recorded."))
            return redirect("certificates:claim", course.slug)
        messages.error(request, _("Please correct the errors below; nothing has been saved yet."))
    return render(
        request,
        "certificates/evaluation_form.html",
        {"rules": rules, "course": course, "form": form, "submitted": submitted},
    )


@require_GET
@permission_required(permissions.owns_certificate, load=permissions.load_certificate)
def certificate_detail(request, certificate):
    verify_url = settings.SITE_URL + certificate.get_verify_url()
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "qr_data_uri": rendering.qr_data_uri(verify_url),
            "linkedin_url": linkedin_add_url(certificate, verify_url),
        },
    )


def linkedin_add_url(certificate, verify_url: str) -> str:
    """LinkedIn's "Add to profile" form, filled with the certificate (opened in the learner's
    browser; the server never calls LinkedIn)."""
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": f"{certificate.course_title} ({certificate.get_credit_type_display()})",
            "organizationName": certificate.provider_name or settings.CERTIFICATE_ISSUER_NAME,
            "issueYear": certificate.issued_on.year,
            "issueMonth": certificate.issued_on.month,
            **(
                {
                    "expirationYear": certificate.expires_on.year,
                    "expirationMonth": certificate.expires_on.month,
                }
                if certificate.expires_on
                else {}
            ),
            "certUrl": verify_url,
            "certId": certificate.code,
        }
    )
    return f"https://www.linkedin.com/profile/add?{query}"


@never_cache
@require_GET
@permission_required(permissions.owns_certificate, load=permissions.load_certificate)
def certificate_status(request, certificate):
    return render(
        request, "certificates/certificate_detail.html#status", {"certificate": certificate}
    )


@require_GET
@permission_required(permissions.can_download_certificate, load=permissions.load_certificate)
def certificate_download(request, certificate):
    return upload_response(
        certificate.pdf, filename=f"certificate-{certificate.code}", private=True
    )


@require_GET
@permission_required(permissions.can_download_certificate, load=permissions.load_certificate)
def certificate_credential(request, certificate):
    """The certificate's signed Open Badges 3.0 credential, to keep or put in a wallet."""
    revision = certificate.revisions.filter(revision=certificate.revision).first()
    if revision is None or not revision.credential:
        raise Http404
    response = HttpResponse(credential_bytes(revision.credential), content_type=MEDIA_TYPE)
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@logged_in
def transcript(request):
    summary = selectors.transcript_summary(user=request.user)
    latest = Transcript.objects.filter(learner=request.user).first()
    pending = list(
        selectors.learner_certificates(user=request.user).exclude(status=Certificate.Status.ISSUED)
    )
    return render(
        request,
        "certificates/transcript.html",
        {"summary": summary, "transcript": latest, "other_certificates": pending},
    )


@require_GET
@logged_in
@limited("export", back="certificates:transcript")
def transcript_csv(request):
    summary = selectors.transcript_summary(user=request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="transcript-{stamp}.csv"'
    writer = csv_writer(response)
    writer.writerows(selectors.transcript_rows(summary))
    return response


@require_POST
@logged_in
@limited("document", back="certificates:transcript")
def my_data(request):
    """Everything the learner has here, in one ZIP to take away."""
    response = HttpResponse(learner_archive(request.user), content_type="application/zip")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="roots-my-data-{stamp}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@logged_in
@limited("document", back="certificates:transcript")
def transcript_pdf_request(request):
    services.transcript_request(user=request.user)
    messages.success(request, _("Your PDF transcript is being prepared."))
    return redirect("certificates:transcript")


@never_cache
@require_GET
@permission_required(permissions.owns_transcript, load=permissions.load_transcript)
def transcript_status(request, transcript):
    return render(request, "certificates/transcript.html#pdf", {"transcript": transcript})


@require_GET
@permission_required(permissions.owns_transcript, load=permissions.load_transcript)
def transcript_download(request, transcript):
    if transcript.status != Transcript.Status.READY or not transcript.pdf:
        raise Http404
    stamp = timezone.localtime(transcript.ready_at).date().isoformat()
    return upload_response(transcript.pdf, filename=f"transcript-{stamp}", private=True)
