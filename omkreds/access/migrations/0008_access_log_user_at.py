"""An index on the access log's (user_id, at), for a user's look-ups in a period (issue 16).

Log review reads each user's rows of a period: on the `at` index alone that was a scan of the
whole period per user (~300 ms at 2 M rows), on (user_id, at) a range (~19 ms). The new index
also serves every look-up by user alone, so the foreign key's own index on user_id goes, and
so does the index on citizen_id alone, which (citizen_id, at) already serves: two indexes
fewer to write per log row.

On PostgreSQL the index is built CONCURRENTLY (the log keeps taking rows while it is built, as
it must while the previous release serves requests), hence a non-atomic migration; it is built
before the old index is dropped.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEX = models.Index(fields=["user", "at"], name="accesslog_user_at")


def add_index(apps, schema_editor):
    model = apps.get_model("access", "AccessLogEntry")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX.name} "
            f"ON {model._meta.db_table} (user_id, at)"
        )
    else:
        schema_editor.add_index(model, INDEX)


def remove_index(apps, schema_editor):
    model = apps.get_model("access", "AccessLogEntry")
    schema_editor.remove_index(model, INDEX)


def drop_single_column_indexes(apps, schema_editor):
    """Drop the indexes on user_id alone and citizen_id alone, and only those: Django's
    AlterField would also drop and re-add the foreign key, which checks every row of the log
    under a lock."""
    model = apps.get_model("access", "AccessLogEntry")
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    concurrently = "CONCURRENTLY " if connection.vendor == "postgresql" else ""
    for name, info in constraints.items():
        single = info["columns"] in (["user_id"], ["citizen_id"])
        if info["index"] and single and not info["primary_key"] and not info["unique"]:
            schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {name}")


def add_single_column_indexes(apps, schema_editor):
    model = apps.get_model("access", "AccessLogEntry")
    for name in ("user", "citizen_id"):
        field = model._meta.get_field(name)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("access", "0007_rights_settings"),
        ("accounts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="accesslogentry", index=INDEX)],
            database_operations=[migrations.RunPython(add_index, remove_index)],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="accesslogentry",
                    name="citizen_id",
                    field=models.UUIDField(),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_single_column_indexes, add_single_column_indexes)
            ],
        ),
    ]
