from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizensConfig(AppConfig):
    name = "omkreds.citizens"
    label = "citizens"
    verbose_name = _("Citizens")

    def ready(self):
        from omkreds.citizens import contributions

        contributions.register()
