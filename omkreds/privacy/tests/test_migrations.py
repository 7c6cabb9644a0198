"""The privacy models moved out of the access app with their tables: rows written before the
move are there after it, and the moved models write to the same tables.

The database is migrated back to before the move (access 0009, no privacy app), rows are
written through the historical access models, and the database is migrated forward again.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from omkreds.access.models import AccessLogEntry
from omkreds.accounts.models import Organisation, Role
from omkreds.citizens.models import Citizen
from omkreds.lib.testing.cast import make_user
from omkreds.privacy.models import InformedRecord, LogReview, LogReviewItem, RightsSettings

BEFORE = [("access", "0009_retention_keeps_the_log_period"), ("privacy", None)]

pytestmark = pytest.mark.django_db(transaction=True)


def _latest(executor: MigrationExecutor) -> list:
    return executor.loader.graph.leaf_nodes()


def _old_rows(old, *, org, lead, citizen, entry) -> None:
    old.get_model("access", "RightsSettings").objects.create(
        organisation_id=org.pk, case_years=7, log_years=12, insight_staff_names=False
    )
    old.get_model("access", "InformedRecord").objects.create(
        citizen_id=citizen.pk, contact_id="c-anna", informed_on=dt.date(2026, 1, 5), how="phone"
    )
    review = old.get_model("access", "LogReview").objects.create(
        organisation_id=org.pk,
        reviewer_id=lead.pk,
        period_from=dt.date(2026, 1, 1),
        period_to=dt.date(2026, 1, 31),
        sample_size=5,
        rng_seed=42,
    )
    old.get_model("access", "LogReviewItem").objects.create(
        review_id=review.pk, entry_id=entry.pk, reasons=["random"], note="ok"
    )


def test_rows_in_the_moved_tables_survive_the_migrations():
    org = Organisation.objects.create(name="Moved Kommune", default_language="da")
    lead = make_user("lead-moved@example.org", "Lea Lead", org, Role.LEAD)
    citizen = Citizen.objects.create(organisation=org, name="Moved", primary_worker=lead)
    entry = AccessLogEntry.objects.create(
        user=lead, user_label=lead.email, citizen_id=citizen.pk, action="view_case"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state([BEFORE[0]]).apps
    _old_rows(old, org=org, lead=lead, citizen=citizen, entry=entry)

    executor = MigrationExecutor(connection)
    executor.migrate(_latest(executor))

    settings = RightsSettings.of(org)
    assert settings.pk is not None
    assert (settings.case_years, settings.log_years, settings.insight_staff_names) == (7, 12, False)
    informed = InformedRecord.objects.get(citizen=citizen)
    assert (informed.contact_id, informed.how) == ("c-anna", "phone")
    review = LogReview.objects.get(organisation=org)
    assert (review.reviewer, review.rng_seed) == (lead, 42)
    item = LogReviewItem.objects.get(review=review)
    assert (item.entry, item.reasons, item.note) == (entry, ["random"], "ok")
    # The moved models keep writing to the same tables.
    InformedRecord.objects.create(
        citizen=citizen, contact_id="c-bo", informed_on=timezone.localdate(), recorded_by=lead
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM access_informedrecord")
        assert cursor.fetchone() == (2,)
