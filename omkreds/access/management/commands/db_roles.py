"""The PostgreSQL privileges of the application's role: everything it needs, except that the
access log may only be added to and read.

Two roles (docs/deployment.md, "Two database roles"):
- the owner role owns the database and its tables and runs `migrate` (and this command);
- the application role serves requests: it may read and write the tables, but on the access
  log only INSERT and SELECT, so UPDATE, DELETE and TRUNCATE are refused by the database.

    manage.py db_roles                      # print the SQL, change nothing
    manage.py db_roles --apply              # run it as the owner role, then check the result
    manage.py db_roles --app-role NAME      # the application role (default omkreds_app)

Run it after every `migrate`: tables created by later migrations get the same privileges through
ALTER DEFAULT PRIVILEGES, and running it again changes nothing else. The application role must
exist first; creating roles needs a superuser (or CREATEROLE), so that step is printed, not run.
"""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from omkreds.access import partitions
from omkreds.access.models import AccessLogEntry

DEFAULT_APP_ROLE = "omkreds_app"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
# What the application role must and must not be able to do to the access log.
LOG_ALLOWED = ("INSERT", "SELECT")
LOG_REFUSED = ("UPDATE", "DELETE", "TRUNCATE")


def statements(*, owner: str, app_role: str, database: str, schema: str) -> list[str]:
    """The GRANT/REVOKE statements, in order. Identifiers are quoted here."""
    q = connection.ops.quote_name
    log = q(AccessLogEntry._meta.db_table)
    owner, app, database, schema = q(owner), q(app_role), q(database), q(schema)
    return [
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {app}",
        f"GRANT USAGE ON SCHEMA {schema} TO {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {app}",
        # The access log: add and read, nothing else. PUBLIC never had more; make sure.
        f"REVOKE ALL ON {log} FROM PUBLIC",
        f"REVOKE ALL ON {log} FROM {app}",
        f"GRANT SELECT, INSERT ON {log} TO {app}",
        # Its monthly partitions (PostgreSQL, access 0011): the grants on all tables above
        # reached them too; nothing but reading and adding on them either.
        *(
            f"REVOKE UPDATE, DELETE, TRUNCATE ON {q(name)} FROM PUBLIC, {app}"
            for name in partitions.all_partitions()
        ),
    ]


def log_privileges(app_role: str) -> dict[str, bool]:
    """What the role may do to the access log, as PostgreSQL answers it."""
    table = AccessLogEntry._meta.db_table
    with connection.cursor() as cursor:
        return {
            privilege: _has(cursor, app_role, table, privilege)
            for privilege in (*LOG_ALLOWED, *LOG_REFUSED)
        }


def _has(cursor, role: str, table: str, privilege: str) -> bool:
    cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [role, table, privilege])
    return bool(cursor.fetchone()[0])


def role_exists(role: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None


def apply_grants(*, app_role: str) -> dict[str, bool]:
    """Run the statements as the connected (owner) role; return the access-log privileges."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_database(), current_schema()")
        owner, database, schema = cursor.fetchone()
    with transaction.atomic(), connection.cursor() as cursor:
        for sql in statements(owner=owner, app_role=app_role, database=database, schema=schema):
            cursor.execute(sql)
    return log_privileges(app_role)


class Command(BaseCommand):
    help = (
        "Print (or with --apply run) the GRANT/REVOKE statements that let the application's "
        "PostgreSQL role insert into and read the access log but not update or delete it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default=DEFAULT_APP_ROLE, help="The application role")
        parser.add_argument(
            "--apply", action="store_true", help="Run the statements (connected as the owner)"
        )

    def handle(self, *args, app_role: str, apply: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("db_roles is for PostgreSQL; SQLite has no roles.")
        if not _ROLE_NAME.match(app_role):
            raise CommandError("Give the role name in lower case letters, digits and _.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_database(), current_schema()")
            owner, database, schema = cursor.fetchone()
        if owner == app_role:
            raise CommandError("Connect as the owner role, not as the application role.")
        if not apply:
            self.stdout.write(
                f"-- Once, as a superuser: CREATE ROLE {app_role} LOGIN PASSWORD '...';\n"
                f"-- Then, connected to {database} as the owner role {owner}:"
            )
            for sql in statements(owner=owner, app_role=app_role, database=database, schema=schema):
                self.stdout.write(sql + ";")
            return
        if not role_exists(app_role):
            raise CommandError(
                f"The role {app_role} does not exist. As a superuser: "
                f"CREATE ROLE {app_role} LOGIN PASSWORD '...';"
            )
        privileges = apply_grants(app_role=app_role)
        wrong = [p for p in LOG_ALLOWED if not privileges[p]]
        wrong += [p for p in LOG_REFUSED if privileges[p]]
        if wrong:
            raise CommandError(f"The access log privileges of {app_role} are wrong: {wrong}.")
        self.stdout.write(
            f"{app_role} may {' and '.join(LOG_ALLOWED)} the access log; "
            f"{', '.join(LOG_REFUSED)} are refused."
        )
