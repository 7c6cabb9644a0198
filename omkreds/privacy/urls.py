from django.urls import path

from omkreds.privacy import views_inventory, views_log, views_review, views_rights

app_name = "privacy"

urlpatterns = [
    path("citizens/<uuid:citizen_id>/access-log/", views_log.citizen_log, name="citizen_log"),
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
    path(
        "log-reviews/<int:review_id>/report.xlsx",
        views_review.log_review_xlsx,
        name="log_review_xlsx",
    ),
    path("organisation/data-inventory/", views_inventory.data_inventory, name="data_inventory"),
    # The citizen's rights: change history, insight export (GDPR art. 15), people on the map
    # told they are on it (GDPR art. 14); the organisation's retention and insight settings.
    path("citizens/<uuid:citizen_id>/history/", views_rights.history, name="history"),
    path("citizens/<uuid:citizen_id>/insight/", views_rights.insight, name="insight"),
    path(
        "citizens/<uuid:citizen_id>/insight.zip",
        views_rights.insight_download,
        name="insight_zip",
    ),
    path("citizens/<uuid:citizen_id>/informed/", views_rights.informed, name="informed"),
    path(
        "citizens/<uuid:citizen_id>/informed/<slug:contact_id>/",
        views_rights.informed_mark,
        name="informed_mark",
    ),
    path("organisation/rights/", views_rights.rights_settings, name="rights_settings"),
]
