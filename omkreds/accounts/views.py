from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from omkreds.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        language = user.language or self._organisation_language(user)
        if language:
            # Django's LocaleMiddleware reads this cookie on every later request.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response

    @staticmethod
    def _organisation_language(user) -> str:
        membership = user.memberships.active().select_related("organisation").first()
        return membership.organisation.default_language if membership else ""


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
def profile(request):
    return render(request, "accounts/profile.html", {})
