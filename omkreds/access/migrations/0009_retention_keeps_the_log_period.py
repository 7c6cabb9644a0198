"""The retention flag deletes only log rows past their organisation's log period (issue 15,
point 8).

Migration 0005 let a transaction that ran `SET LOCAL omkreds.access_log_retention = 'on'`
delete any log row, so the owner role could delete the newest one. Now the trigger also asks
the row's age: a DELETE is let through only for a row older than the log period of the row's
organisation (`access_rightssettings.log_years`, else the default of 10 years, as
`access/retention.py` reads them). Everything else 0005 says still holds.

SQLite has no triggers of this kind; there the application is the only guard.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION omkreds_access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    years integer;
BEGIN
    IF TG_OP = 'UPDATE'
        AND (to_jsonb(NEW) - 'user_id' - 'organisation_id')
            = (to_jsonb(OLD) - 'user_id' - 'organisation_id')
        AND (NEW.user_id IS NULL OR NEW.user_id IS NOT DISTINCT FROM OLD.user_id)
        AND (NEW.organisation_id IS NULL
             OR NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id)
    THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE'
        AND coalesce(current_setting('omkreds.access_log_retention', true), '') = 'on'
    THEN
        SELECT coalesce(
            (SELECT log_years FROM access_rightssettings
             WHERE organisation_id = OLD.organisation_id),
            10
        ) INTO years;
        IF OLD.at < now() - make_interval(years => years) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'the access log keeps rows for % years: DELETE of a row of % refused',
            years, OLD.at
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

# Back to 0005's function (the trigger itself is unchanged).
PREVIOUS = """
CREATE OR REPLACE FUNCTION omkreds_access_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND (to_jsonb(NEW) - 'user_id' - 'organisation_id')
            = (to_jsonb(OLD) - 'user_id' - 'organisation_id')
        AND (NEW.user_id IS NULL OR NEW.user_id IS NOT DISTINCT FROM OLD.user_id)
        AND (NEW.organisation_id IS NULL
             OR NEW.organisation_id IS NOT DISTINCT FROM OLD.organisation_id)
    THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE'
        AND coalesce(current_setting('omkreds.access_log_retention', true), '') = 'on'
    THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def restore_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0008_access_log_user_at")]

    operations = [migrations.RunPython(create_function, restore_function, elidable=False)]
