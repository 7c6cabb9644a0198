"""Login, logout, the profile page, API tokens and passwords."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST
from django_otp_webauthn.models import WebAuthnCredential

from omkreds.accounts import lockout, services
from omkreds.accounts.forms import (
    ApiTokenForm,
    LoginForm,
    OrganisationSwitchForm,
    PasswordResetForm,
    ProfileForm,
)
from omkreds.accounts.memberships import memberships
from omkreds.accounts.models import ApiToken, Organisation


def set_language_cookie(response, language: str) -> None:
    # Django's LocaleMiddleware reads this cookie on every later request.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["passkey_sign_in"] = Organisation.objects.filter(passkey_sign_in=True).exists()
        return context

    def post(self, request, *args, **kwargs):
        # An account that many wrong passwords have hit slows down at unfamiliar addresses: the
        # try is refused before any password is checked (omkreds/accounts/lockout.py).
        # A locked pair gets axes' own lock-out page, through the usual path.
        username = lockout.normalise_username(request)
        wait = lockout.wait_seconds(username=username, ip_address=get_client_ip_address(request))
        if not wait or AxesProxyHandler.is_locked(request, {"username": username}):
            return super().post(request, *args, **kwargs)
        # An unbound form: a bound one would check the password when asked for its errors.
        form = self.form_class(request, initial={"username": request.POST.get("username", "")})
        form.cleaned_data = {}
        form.add_error(
            None,
            ngettext(
                "Too many wrong passwords for this account. Try again in %(seconds)d second.",
                "Too many wrong passwords for this account. Try again in %(seconds)d seconds.",
                wait,
            )
            % {"seconds": wait},
        )
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        response["Retry-After"] = str(wait)
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        language = services.user_language(form.get_user(), default="")
        if language:
            set_language_cookie(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


# --- Profile --------------------------------------------------------------------------------


def _profile_page(request, *, profile_form=None, token_form=None, status=200):
    user = request.user
    all_memberships = memberships(user)
    context = {
        "profile_form": profile_form
        or ProfileForm(
            instance=user, initial={"language": user.language or translation.get_language()}
        ),
        "switch_form": OrganisationSwitchForm(
            memberships=all_memberships,
            initial={"organisation": getattr(request.organisation, "pk", None)},
        )
        if len(all_memberships) > 1
        else None,
        "token_form": token_form or ApiTokenForm(),
        "tokens": ApiToken.objects.filter(user=user).select_related("organisation"),
        "passkeys": WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by(
            "created_at"
        ),
        # A new token's secret is shown once, on the page the creation redirects to.
        "new_token_secret": request.session.pop("new_api_token_secret", None),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request):
    if request.method != "POST":
        return _profile_page(request)
    form = ProfileForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _profile_page(request, profile_form=form)
    user = form.save()
    translation.activate(user.language)
    messages.success(request, gettext("Your profile has been saved."))
    response = redirect("accounts:profile")
    set_language_cookie(response, user.language)
    return response


@require_POST
@login_required
def switch_organisation(request):
    form = OrganisationSwitchForm(request.POST, memberships=memberships(request.user))
    if form.is_valid():
        request.session["organisation_id"] = form.cleaned_data["organisation"]
        messages.success(request, gettext("You now work in another organisation."))
    else:
        messages.error(request, gettext("You cannot work in that organisation."))
    return redirect("accounts:profile")


@require_POST
@login_required
def token_new(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form)
    if request.organisation is None:
        messages.error(request, gettext("You need a membership of an organisation to use the API."))
        return redirect("accounts:profile")
    _, secret = ApiToken.issue(
        user=request.user, organisation=request.organisation, name=form.cleaned_data["name"]
    )
    request.session["new_api_token_secret"] = secret
    return redirect("accounts:profile")


@require_POST
@login_required
def token_revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        messages.success(request, gettext("The token has been revoked."))
    else:
        messages.info(request, gettext("The token was already revoked."))
    return redirect("accounts:profile")


# --- Passwords ------------------------------------------------------------------------------


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Every other session ends; this one stays signed in under a new session key.
        services.user_password_changed(request=request, user=user)
        messages.success(
            request, gettext("Your password has been changed. You have been logged out elsewhere.")
        )
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="accounts/password_reset.html",
    subject_template_name="accounts/email/password_reset_subject.txt",
    email_template_name="accounts/email/password_reset_body.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)

password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.api_tokens_revoke(user=form.user)
        services.user_end_all_sessions(user=form.user)
        return response


password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
