from django.urls import path

from omkreds.networks import views
from omkreds.networks.agreed import views as agreed
from omkreds.networks.imports import views as imports
from omkreds.networks.scans import views as scans

app_name = "networks"

urlpatterns = [
    path("citizens/<uuid:citizen_id>/map/", views.editor, name="editor"),
    path("citizens/<uuid:citizen_id>/map/together/", views.together, name="together"),
    path("citizens/<uuid:citizen_id>/map/history/", views.history, name="history"),
    path("citizens/<uuid:citizen_id>/map/compare/", views.compare, name="compare"),
    path("citizens/<uuid:citizen_id>/map/figures/", views.figures, name="figures"),
    path("citizens/<uuid:citizen_id>/map/versions/<int:number>/", views.version, name="version"),
    path(
        "citizens/<uuid:citizen_id>/map/versions/<int:number>/restore/",
        views.restore,
        name="restore",
    ),
    path(
        "citizens/<uuid:citizen_id>/map/versions/<int:number>/agreed/",
        agreed.mark,
        name="agreed_mark",
    ),
    path(
        "citizens/<uuid:citizen_id>/map/versions/<int:number>/agreed/remove/",
        agreed.remove,
        name="agreed_remove",
    ),
    path(
        "citizens/<uuid:citizen_id>/map/versions/<int:number>/scans/",
        scans.attach,
        name="scan_attach",
    ),
    path(
        "citizens/<uuid:citizen_id>/map/versions/<int:number>/scans/<slug:key>/",
        scans.image,
        name="scan",
    ),
    path(
        "citizens/<uuid:citizen_id>/map/versions/<int:number>/scans/<slug:key>/remove/",
        scans.remove,
        name="scan_remove",
    ),
    path("citizens/<uuid:citizen_id>/map/export/<slug:fmt>/", views.export, name="export"),
    path("citizens/<uuid:citizen_id>/map/import/", imports.upload, name="import"),
    path(
        "citizens/<uuid:citizen_id>/map/import/<uuid:draft_id>/",
        imports.preview,
        name="import_preview",
    ),
    path(
        "citizens/<uuid:citizen_id>/map/import/<uuid:draft_id>/save/",
        imports.save,
        name="import_save",
    ),
    path(
        "citizens/<uuid:citizen_id>/map/import/<uuid:draft_id>/cancel/",
        imports.cancel,
        name="import_cancel",
    ),
]
