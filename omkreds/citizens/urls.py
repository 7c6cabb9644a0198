from django.urls import path

from omkreds.citizens import views

app_name = "citizens"

urlpatterns = [
    path("", views.home, name="home"),
    path("team/", views.team, name="team"),
    path("citizens/new/", views.create, name="create"),
    path("citizens/search/", views.search, name="search"),
    path("citizens/<uuid:citizen_id>/", views.detail, name="detail"),
    path("shared/<uuid:citizen_id>/", views.shared, name="shared"),
    path("citizens/<uuid:citizen_id>/edit/", views.edit, name="edit"),
    path("citizens/<uuid:citizen_id>/close/", views.close, name="close"),
    path("citizens/<uuid:citizen_id>/reopen/", views.reopen, name="reopen"),
    path("citizens/<uuid:citizen_id>/team/add/", views.member_add, name="member_add"),
    path(
        "citizens/<uuid:citizen_id>/team/<int:member_id>/end/", views.member_end, name="member_end"
    ),
]
