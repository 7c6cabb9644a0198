"""A log-review item's entry without a foreign key in the database: the access log becomes
partitioned by month on PostgreSQL (access 0011), whose rows are unique by (id, at) only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0010_privacy_models_moved"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="logreviewitem",
            name="entry",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="access.accesslogentry",
            ),
        ),
    ]
