import time
from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from portal.accounts import lockout
from portal.accounts.forms import (
    LoginForm,
    MfaCodeForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
)
from portal.accounts.middleware import LOGIN_AT_KEY, SECOND_FACTOR_CHOSEN_KEY, TOUCHED_AT_KEY
from portal.accounts.navigation import home_urls_for
from portal.accounts.scopes import requires_mfa
from portal.accounts.selectors import has_second_factor
from portal.accounts.services import totp_device_for_setup, totp_qr_svg
from portal.audit.services import audit_record


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        wait = lockout.sign_in_wait(username)
        if wait:
            # Refused before the password is looked at, so the right one gets no further.
            audit_record(
                action="auth.account_paused",
                actor_label="anonymous",
                request=request,
                detail={"username": username.strip().lower(), "retry_after": wait},
            )
            return lockout.sign_in_paused_page(request, wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        now = time.time()
        self.request.session[LOGIN_AT_KEY] = now
        self.request.session[TOUCHED_AT_KEY] = now
        user = form.get_user()
        if not requires_mfa(user) and has_second_factor(user=user):
            self.request.session[SECOND_FACTOR_CHOSEN_KEY] = True
        return response


login_view = LoginView.as_view()
logout_view = auth_views.LogoutView.as_view()


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return reverse_lazy("home")


@login_required
def mfa_view(request):
    """Verify a second factor, or set one up first if the person has none (which is also how a
    trainee switches one on from their profile)."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    setup_device = None if has_second_factor(user=user) else totp_device_for_setup(user=user)
    form = MfaCodeForm(request.POST or None, user=user, device=setup_device)
    if request.method == "POST" and form.is_valid():
        device = form.verified_device
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(
                request,
                "Two-factor authentication is on. You will be asked for a security code from "
                "your authenticator app each time you sign in.",
            )
        otp_login(request, device)
        return redirect(_next_url(request))
    if form.is_bound:
        # A wrong code after a right password: someone may hold the password (ASVS 16.3.1).
        audit_record(action="auth.mfa_failed", actor=user, obj=user, request=request)
    context = {
        "form": form,
        "setup_device": setup_device,
        "next": _next_url(request),
        "required": requires_mfa(user),
    }
    if setup_device is not None:
        context["qr_svg"] = totp_qr_svg(setup_device)
        context["setup_key"] = b32encode(setup_device.bin_key).decode()
    return render(request, "accounts/mfa.html", context)


@login_required
def home_view(request):
    """Send each person to the home page of their first role."""
    homes = home_urls_for(request.user)
    if homes:
        return redirect(homes[0][1])
    return render(request, "accounts/no_role.html")


password_reset_view = auth_views.PasswordResetView.as_view(
    form_class=PortalPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done_view = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm_view = auth_views.PasswordResetConfirmView.as_view(
    form_class=PortalSetPasswordForm,
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete_view = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
