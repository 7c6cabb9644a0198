from django.urls import path

from omkreds.access import views, views_inventory, views_review

app_name = "access"

urlpatterns = [
    path("citizens/<uuid:citizen_id>/consents/new/", views.consent_record, name="consent_record"),
    path(
        "citizens/<uuid:citizen_id>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("citizens/<uuid:citizen_id>/access-log/", views.citizen_log, name="citizen_log"),
    path("log-reviews/", views_review.log_reviews, name="log_reviews"),
    path("log-reviews/new/", views_review.log_review_new, name="log_review_new"),
    path("log-reviews/<int:review_id>/", views_review.log_review_detail, name="log_review"),
    path(
        "log-reviews/<int:review_id>/items/<int:item_id>/check/",
        views_review.log_review_check,
        name="log_review_check",
    ),
    path(
        "log-reviews/<int:review_id>/report.csv", views_review.log_review_csv, name="log_review_csv"
    ),
    path("organisation/data-inventory/", views_inventory.data_inventory, name="data_inventory"),
]

# The citizen's rights: change history and insight export (omkreds/access/views_rights.py).
from omkreds.access import views_rights  # noqa: E402

urlpatterns += [
    path("citizens/<uuid:citizen_id>/history/", views_rights.history, name="history"),
    path("citizens/<uuid:citizen_id>/insight/", views_rights.insight, name="insight"),
    path(
        "citizens/<uuid:citizen_id>/insight.zip",
        views_rights.insight_download,
        name="insight_zip",
    ),
]
urlpatterns += [
    path("citizens/<uuid:citizen_id>/informed/", views_rights.informed, name="informed"),
    path(
        "citizens/<uuid:citizen_id>/informed/<slug:contact_id>/",
        views_rights.informed_mark,
        name="informed_mark",
    ),
]
urlpatterns += [
    path("organisation/rights/", views_rights.rights_settings, name="rights_settings"),
]
