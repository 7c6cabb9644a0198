"""The access log is append-only inside PostgreSQL, even for the role that owns the table.

The application's own role is refused UPDATE and DELETE by its privileges (`manage.py
db_roles`); this trigger is the second line, for the owner role that runs migrations. It
refuses every UPDATE and DELETE of a log row, with two narrow exceptions that change no
history:
- an UPDATE that only clears `user_id` or `organisation_id` (what the foreign keys'
  ON DELETE SET NULL does when a user or organisation is deleted; `user_label` keeps who it was);
- a DELETE in a transaction that has run `SET LOCAL omkreds.access_log_retention = 'on'`: the
  retention job removing rows past the log's own period (the application role cannot delete
  at all, so this is open to the owner role only).
TRUNCATE is not guarded by the trigger (the test database is emptied with it); the
application role has no TRUNCATE privilege.

SQLite has no roles; there the application is the only guard, so this migration does nothing.
"""

from django.db import migrations

CREATE = """
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

DROP TRIGGER IF EXISTS access_log_append_only ON access_accesslogentry;
CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON access_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION omkreds_access_log_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS access_log_append_only ON access_accesslogentry;
DROP FUNCTION IF EXISTS omkreds_access_log_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("access", "0004_change_record")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
