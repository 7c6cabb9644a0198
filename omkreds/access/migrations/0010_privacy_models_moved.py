from django.db import migrations


class Migration(migrations.Migration):
    """Log reviews, informed records and rights settings moved to the privacy app with their
    tables (privacy 0001 takes them over under the same `access_*` table names): forget them
    here, without touching the database."""

    dependencies = [
        ("access", "0009_retention_keeps_the_log_period"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="LogReviewItem"),
                migrations.DeleteModel(name="LogReview"),
                migrations.DeleteModel(name="InformedRecord"),
                migrations.DeleteModel(name="RightsSettings"),
            ],
        ),
    ]
