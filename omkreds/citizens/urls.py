from django.urls import path

from omkreds.citizens import views

app_name = "citizens"

urlpatterns = [
    path("", views.home, name="home"),
]
