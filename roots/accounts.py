"""Roots' side of django-allauth (ACCOUNT_ADAPTER, ACCOUNT_FORMS, the e-mail page).

One rule for the addresses of an account: the address a person signs in with (User.email) only
ever changes to an address they have verified, and is never removed, so that adding, verifying,
making primary, removing or changing an address always leaves a working login. Failed sign-ins
are counted by `roots.login_limits`, and staff sign in to the admin through the same page."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView as AllauthEmailView
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from . import login_limits
from .models import User
from .selectors import pending_email_addresses
from .services import email_address_add


def _is_sign_in_address(email_address: EmailAddress) -> bool:
    return email_address.email.lower() == (email_address.user.email or "").lower()


class AccountAdapter(DefaultAccountAdapter):
    def can_delete_email(self, email_address: EmailAddress) -> bool:
        # allauth protects the primary address; the sign-in address may be another row (one
        # allauth adds for a user made without it, such as an admin's), which it would delete
        # and leave User.email empty.
        if email_address.pk and _is_sign_in_address(email_address):
            return False
        return super().can_delete_email(email_address)

    def confirm_email(self, request, email_address: EmailAddress) -> bool:
        # Verifying makes the address the sign-in address (User.email, unique): one another
        # account signs in with is refused here instead of failing on the unique constraint.
        # Telling the person who opened the link is no leak: they hold the mailbox.
        taken = (
            User.objects.filter(email__iexact=email_address.email)
            .exclude(pk=email_address.user_id)
            .exists()
        )
        if taken:
            self.add_message(
                request,
                messages.ERROR,
                message=_("%(email)s could not be confirmed: another account signs in with it.")
                % {"email": email_address.email},
            )
            return False
        return super().confirm_email(request, email_address)

    def pre_authenticate(self, request, **credentials) -> None:
        # allauth's authenticate() takes this usage back after a success (never the failures
        # before it, so that signing in now and then does not reset an attacker's count).
        self._login_failed_rl_usage = login_limits.consume(request, credentials)
        if self._login_failed_rl_usage is None:
            raise self.validation_error("too_many_login_attempts")

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        login_limits.remember_client(request, response, user)
        return response

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # After a password reset (itself limited) the account may be tried again at once.
        login_limits.clear(request, credentials)


class AddEmailForm(AllauthAddEmailForm):
    def save(self, request):
        return email_address_add(request=request, user=self.user, email=self.cleaned_data["email"])


class EmailView(AllauthEmailView):
    """allauth's e-mail page (ACCOUNT_CHANGE_EMAIL), showing the sign-in address as the current
    one even while it is unverified, and never making an unverified address the sign-in one."""

    def post(self, request, *args, **kwargs):
        if "action_primary" in request.POST:
            address = EmailAddress.objects.filter(
                user_id=request.user.pk, email__iexact=request.POST.get("email", "")
            ).first()
            if address and not address.verified:
                messages.error(
                    request,
                    _(
                        "Verify %(email)s first: follow the link we sent to it, and it becomes "
                        "the address you sign in with."
                    )
                    % {"email": address.email},
                )
                return redirect("account_email")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["current_emailaddress"] = EmailAddress.objects.filter(
            user_id=user.pk, email__iexact=user.email
        ).first()
        context["new_emailaddress"] = pending_email_addresses(user).last()
        return context


email = EmailView.as_view()


def admin_login(request):
    """The admin's own sign-in page (/admin/login/, any method) checks no password: it sends
    staff to the site's sign-in, with its limits on failed attempts, and from there back."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect_to_login(next_url, login_url=reverse("account_login"))
    if request.user.is_active and request.user.is_staff:
        return HttpResponseRedirect(next_url)
    raise PermissionDenied(
        _("Your account has no access to the administration. Sign out to sign in as staff.")
    )
