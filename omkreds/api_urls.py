from django.urls import path

from omkreds.api import api

urlpatterns = [path("", api.urls)]
