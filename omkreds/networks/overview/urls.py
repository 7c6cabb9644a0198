from django.urls import path

from omkreds.networks.overview import views

app_name = "overview"

urlpatterns = [
    path("citizens/<uuid:citizen_id>/overview/", views.table, name="table"),
    path("citizens/<uuid:citizen_id>/overview/people/new/", views.add, name="add"),
    path("citizens/<uuid:citizen_id>/overview/people/<slug:contact_id>/", views.edit, name="edit"),
    path(
        "citizens/<uuid:citizen_id>/overview/people/<slug:contact_id>/active/",
        views.cell,
        name="cell",
    ),
    path(
        "citizens/<uuid:citizen_id>/overview/people/<slug:contact_id>/photo/",
        views.photo_upload,
        name="photo_upload",
    ),
    path("citizens/<uuid:citizen_id>/photos/<slug:key>/", views.photo, name="photo"),
    path("citizens/<uuid:citizen_id>/overview/export/<slug:fmt>/", views.export, name="export"),
    path("directory/", views.directory, name="directory"),
    path("directory/<int:pk>/", views.directory_edit, name="directory_edit"),
    path("directory/<int:pk>/delete/", views.directory_delete, name="directory_delete"),
]
