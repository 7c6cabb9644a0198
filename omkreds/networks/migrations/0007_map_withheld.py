"""Who is left out of every version for others: the people safety-marked in the latest version
and those removed while marked (issue 15), worked out once from each map's history."""

from django.db import migrations, models


def _withheld_after(withheld: set[str], document: dict) -> set[str]:
    # As services.withheld_after, on the stored JSON (the schema may change later).
    contacts = [c for c in (document or {}).get("contacts", []) if isinstance(c, dict)]
    on_map = {c.get("id") for c in contacts}
    marked = {c.get("id") for c in contacts if c.get("safety_marker")}
    return marked | (withheld - on_map)


def walk_histories(apps, schema_editor):
    NetworkMap = apps.get_model("networks", "NetworkMap")
    MapVersion = apps.get_model("networks", "MapVersion")
    for network_map in NetworkMap.objects.only("pk").iterator(chunk_size=500):
        withheld: set[str] = set()
        documents = (
            MapVersion.objects.filter(map=network_map)
            .order_by("number")
            .values_list("document", flat=True)
        )
        for document in documents.iterator(chunk_size=50):
            withheld = _withheld_after(withheld, document)
        if withheld:
            NetworkMap.objects.filter(pk=network_map.pk).update(
                withheld=sorted(i for i in withheld if isinstance(i, str))
            )


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0006_map_agreements"),
    ]

    operations = [
        migrations.AddField(
            model_name="networkmap",
            name="withheld",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.RunPython(walk_histories, migrations.RunPython.noop, elidable=True),
    ]
