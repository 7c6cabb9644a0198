from django.urls import include, path

from omkreds.lib import text
from omkreds.lib import views as lib_views

urlpatterns = [
    path("healthz", lib_views.healthz, name="healthz"),
    path("readyz", lib_views.readyz, name="readyz"),
    path("metrics", lib_views.metrics_view, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("omkreds.accounts.urls")),
    path("sso/", include("omkreds.accounts.sso.urls")),
    path("", include("omkreds.citizens.urls")),
    path("", include("omkreds.access.urls")),
    path("", include("omkreds.privacy.urls")),
    path("", include("omkreds.networks.urls")),
    path("", include("omkreds.networks.overview.urls")),
    path("", include("omkreds.cti.urls")),
    path("", include("omkreds.meetings.urls")),
    path("", include("omkreds.councils.urls")),
    path("api/v1/", include("omkreds.api_urls")),
]

# Every view, and so every form, is imported by now: single-line form fields refuse control
# characters (lib/text.py).
text.guard_forms()

handler404 = "omkreds.lib.views.not_found"
handler500 = "omkreds.lib.views.server_error"
