from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (`manage.py demo`): the top floor, since it fills every room."""

    name = "omkreds.demo"
    label = "demo"
    verbose_name = _("Demo data")
