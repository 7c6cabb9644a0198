from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The privacy duties over every workflow: the citizen's change history and access log,
    the insight export, retention, the data inventory and log reviews.

    It stands on top: it may import any app, and none imports it. What each workflow holds it
    learns from `omkreds.access.registry`, where the apps register their parts.
    """

    name = "omkreds.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        from omkreds.access import registry
        from omkreds.citizens.extensions import register_link_provider
        from omkreds.privacy.history import KINDS
        from omkreds.privacy.views_rights import rights_links

        registry.register_history_kinds(KINDS)
        register_link_provider(rights_links)
