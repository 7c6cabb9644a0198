from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "omkreds.networks"
    label = "networks"
    verbose_name = _("Network maps")

    def ready(self):
        from omkreds.citizens.extensions import register_due_item_provider, register_link_provider
        from omkreds.networks.providers import map_links, maps_not_updated

        register_due_item_provider(maps_not_updated)
        register_link_provider(map_links)

        from omkreds.networks.overview import providers as overview

        register_due_item_provider(overview.professionals_without_details)
        register_link_provider(overview.overview_links)

        from omkreds.networks import contributions

        contributions.register()

        from django.db.models.signals import post_delete

        from omkreds.networks.models_overview import ContactPhoto
        from omkreds.networks.scans.models import MapScan

        # A photo's or scan's file goes with its row, also when the case is deleted (cascade).
        post_delete.connect(_delete_photo_file, sender=ContactPhoto, dispatch_uid="photo-file")
        post_delete.connect(_delete_photo_file, sender=MapScan, dispatch_uid="map-scan-file")


def _delete_photo_file(sender, instance, **kwargs):
    if instance.file:
        instance.file.delete(save=False)
