"""CE pages, mounted at the site root."""

from django.urls import path

from .views import accreditors, credentials, learner, staff, verify

app_name = "certificates"

urlpatterns = [
    path(".well-known/did.json", credentials.did_json, name="did"),
    path("credentials/status/revocation", credentials.status_list, name="status_list"),
    path("courses/<slug:slug>/credit/", learner.claim, name="claim"),
    path("courses/<slug:slug>/credit/post-test/", learner.post_test, name="post_test"),
    path("courses/<slug:slug>/credit/evaluation/", learner.evaluation, name="evaluation"),
    path("certificates/verify/", verify.verify_form, name="verify_form"),
    path("certificates/verify/<str:code>/", verify.verify, name="verify"),
    path(
        "certificates/verify/<str:code>/credential.json",
        verify.verify_credential_json,
        name="verify_credential",
    ),
    path("certificates/check-credential/", verify.credential_check_page, name="credential_check"),
    path("learn/certificates/<int:pk>/", learner.certificate_detail, name="detail"),
    path("learn/certificates/<int:pk>/status/", learner.certificate_status, name="status"),
    path("learn/certificates/<int:pk>/download/", learner.certificate_download, name="download"),
    path(
        "learn/certificates/<int:pk>/credential.json",
        learner.certificate_credential,
        name="credential",
    ),
    path("learn/transcript/", learner.transcript, name="transcript"),
    path("learn/transcript/csv/", learner.transcript_csv, name="transcript_csv"),
    path("learn/my-data/", learner.my_data, name="my_data"),
    path("learn/transcript/pdf/", learner.transcript_pdf_request, name="transcript_pdf"),
    path(
        "learn/transcript/pdf/<int:pk>/status/",
        learner.transcript_status,
        name="transcript_status",
    ),
    path(
        "learn/transcript/pdf/<int:pk>/download/",
        learner.transcript_download,
        name="transcript_download",
    ),
    path("staff/certificates/", staff.certificate_list, name="staff_list"),
    path("staff/certificates/export/", staff.export, name="staff_export"),
    path("staff/certificates/<int:pk>/", staff.certificate_history, name="staff_certificate"),
    path("staff/certificates/<int:pk>/revoke/", staff.certificate_revoke, name="staff_revoke"),
    path("staff/certificates/<int:pk>/reissue/", staff.certificate_reissue, name="staff_reissue"),
    path("staff/certificates/rosters/", accreditors.roster, name="staff_roster"),
    path(
        "staff/certificates/providers/<int:pk>/signature/",
        accreditors.provider_signature,
        name="staff_signature",
    ),
    path("staff/evaluations/", staff.evaluation_list, name="staff_evaluations"),
    path(
        "staff/evaluations/<slug:slug>/",
        staff.evaluation_summary,
        name="staff_evaluation",
    ),
    path(
        "staff/evaluations/<slug:slug>/csv/",
        staff.evaluation_summary_csv,
        name="staff_evaluation_csv",
    ),
]
