import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("access", "0009_retention_keeps_the_log_period"),
        ("accounts", "0001_initial"),
        ("citizens", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The models moved here from the access app with their tables (`access_*`, kept by
    # `db_table`): only Django's idea of where they live changes, no table is touched. Access
    # 0010 then forgets them on its side.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="LogReview",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("period_from", models.DateField(verbose_name="from")),
                        ("period_to", models.DateField(verbose_name="until")),
                        (
                            "sample_size",
                            models.PositiveSmallIntegerField(verbose_name="random sample size"),
                        ),
                        ("rules", models.JSONField(default=dict)),
                        ("rng_seed", models.BigIntegerField()),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="accounts.organisation",
                            ),
                        ),
                        (
                            "reviewer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="log_reviews",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "team",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="accounts.team",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "log review",
                        "verbose_name_plural": "log reviews",
                        "db_table": "access_logreview",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="LogReviewItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("reasons", models.JSONField(default=list)),
                        ("burst_count", models.PositiveIntegerField(blank=True, null=True)),
                        ("checked_at", models.DateTimeField(blank=True, null=True)),
                        ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                        (
                            "checked_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "entry",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="access.accesslogentry",
                            ),
                        ),
                        (
                            "review",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="items",
                                to="privacy.logreview",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "log review item",
                        "verbose_name_plural": "log review items",
                        "db_table": "access_logreviewitem",
                        "ordering": ["entry__at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="RightsSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "case_years",
                            models.PositiveSmallIntegerField(
                                default=5,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(100),
                                ],
                                verbose_name="years a closed case is kept",
                            ),
                        ),
                        (
                            "log_years",
                            models.PositiveSmallIntegerField(
                                default=10,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(100),
                                ],
                                verbose_name="years the access log is kept",
                            ),
                        ),
                        (
                            "insight_staff_names",
                            models.BooleanField(
                                default=True,
                                help_text="Otherwise an insight export names only the organisation of who looked.",
                                verbose_name="name the staff in insight exports",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "organisation",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rights_settings",
                                to="accounts.organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "rights settings",
                        "verbose_name_plural": "rights settings",
                        "db_table": "access_rightssettings",
                    },
                ),
                migrations.CreateModel(
                    name="InformedRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("contact_id", models.CharField(max_length=64)),
                        ("informed_on", models.DateField(verbose_name="informed on")),
                        ("how", models.CharField(blank=True, max_length=200, verbose_name="how")),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "citizen",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="informed",
                                to="citizens.citizen",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "informed record",
                        "verbose_name_plural": "informed records",
                        "db_table": "access_informedrecord",
                        "ordering": ["recorded_at", "id"],
                        "indexes": [
                            models.Index(
                                fields=["citizen", "contact_id"], name="informed_citizen_contact"
                            )
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="logreview",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("period_to__gte", models.F("period_from"))),
                        name="logreview_period_ordered",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="logreviewitem",
                    constraint=models.UniqueConstraint(
                        fields=("review", "entry"), name="logreviewitem_unique"
                    ),
                ),
            ],
        ),
    ]
