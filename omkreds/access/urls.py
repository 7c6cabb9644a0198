from django.urls import path

from omkreds.access import views

app_name = "access"

urlpatterns = [
    path("citizens/<uuid:citizen_id>/consents/new/", views.consent_record, name="consent_record"),
    path(
        "citizens/<uuid:citizen_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
]
