from django.urls import path

from omkreds.meetings import views_public

app_name = "meetings"

urlpatterns = [
    path("meetings/<uuid:meeting_id>/reply/<str:token>/", views_public.reply, name="reply"),
    path(
        "meetings/<uuid:meeting_id>/feedback/<str:token>/",
        views_public.feedback,
        name="feedback",
    ),
]
