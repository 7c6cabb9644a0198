#!/usr/bin/env bash
# The restore drill (issue 8, docs/operations.md "Backups and the restore drill"):
#
#     bash scripts/backup_drill.sh        (or: make backup-drill)
#
# Proves that a PostgreSQL base backup plus the archived WAL gives back the database as it was:
#   1. starts a throw-away PostgreSQL 15 cluster with WAL archiving on (as .ci/run does: Debian's
#      binaries, the postgres user when run as root, a free port on loopback, data under /tmp);
#   2. migrates the Omkreds schema into it and loads the demo data;
#   3. takes a base backup with pg_basebackup (-Ft -z, WAL streamed), as docs/operations.md says;
#   4. writes more after the backup (`demo --reset`: deletes and inserts in most tables) and
#      forces a WAL switch, so the restore has to replay archived WAL to see those writes;
#   5. unpacks the backup into a fresh data directory, checks it against its manifest
#      (pg_verifybackup), sets restore_command and recovery.signal, starts it on another port
#      and waits until recovery has finished;
#   6. compares every table in the public schema: row count and an md5 over every row's text in
#      primary-key order, original against restored; prints the figures and writes them to
#      test-report/trust-backup.json.
# Exits non-zero on any mismatch, or if the restore did not replay the WAL written after the
# backup. Both clusters are stopped and deleted on exit (DRILL_KEEP=1 keeps them to look at).
#
# DRILL_WITHOUT_WAL=1 restores without reading the WAL archive, to see the drill fail.
# Environment: PG_BIN (default /usr/lib/postgresql/15/bin), DRILL_PORT (first port tried,
# default 54339), DRILL_TIMEOUT (seconds to wait for archiving and recovery, default 120),
# DRILL_REPORT (default test-report/trust-backup.json).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
unset DATABASE_URL SECRET_KEY HTTPS ALLOWED_HOSTS STATIC_MANIFEST EMAIL_HOST

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TIMEOUT=${DRILL_TIMEOUT:-120}
REPORT=${DRILL_REPORT:-test-report/trust-backup.json}
PYTHON=.venv/bin/python
START=$SECONDS

die() {
    printf '\033[31;1mbackup drill FAILED: %s\033[0m\n' "$*" >&2
    exit 1
}
step() {
    printf '\033[1m-- %s\033[0m (%ss)\n' "$*" $((SECONDS - START))
}

[[ -x $PG_BIN/initdb && -x $PG_BIN/pg_basebackup ]] ||
    die "PostgreSQL 15 is not installed at $PG_BIN (make deps-server installs it)"
[[ -x $PYTHON ]] || die "$PYTHON is missing (make deps installs it)"

as_postgres() {
    # initdb refuses to run as root; as root, run the servers as Debian's postgres user.
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_is_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# free_port FIRST [TAKEN]: the first free port from FIRST on, other than TAKEN.
free_port() {
    local port=$1 taken=${2:-}
    while [[ $port == "$taken" ]] || ! port_is_free "$port"; do
        port=$((port + 1))
        [[ $port -lt $(($1 + 50)) ]] || die "no free port near $1"
    done
    echo "$port"
}

WORK=$(mktemp -d /tmp/omkreds-drill.XXXXXX)
ORIGINAL=$WORK/original # the running "production" cluster
ARCHIVE=$WORK/wal-archive # where archive_command copies WAL, read by restore_command
BACKUP=$WORK/base # pg_basebackup's output: base.tar.gz, pg_wal.tar.gz, backup_manifest
RESTORED=$WORK/restored # the fresh cluster the backup is restored into
SOCKETS=$WORK/sockets # both clusters' Unix sockets, kept out of the data directories
STARTED=()

cleanup() {
    local status=$?
    if [[ $status -ne 0 ]]; then
        for dir in "${STARTED[@]}"; do
            echo "---- last lines of $dir/server.log" >&2
            tail -n 30 "$dir/server.log" >&2 2>/dev/null || true
        done
    fi
    for dir in "${STARTED[@]}"; do
        as_postgres "$PG_BIN/pg_ctl" -D "$dir" stop -m immediate >/dev/null 2>&1 || true
    done
    if [[ ${DRILL_KEEP:-} == 1 ]]; then
        echo "DRILL_KEEP=1: clusters stopped, files kept in $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $(id -u) -eq 0 ]]; then chown postgres: "$WORK"; fi
as_postgres mkdir -m 700 "$ORIGINAL" "$ARCHIVE" "$BACKUP" "$RESTORED" "$SOCKETS"

PORT_ORIGINAL=$(free_port "${DRILL_PORT:-54339}")
PORT_RESTORED=$(free_port "$((PORT_ORIGINAL + 1))" "$PORT_ORIGINAL")

# sql PORT SQL...: run SQL as the superuser over the cluster's socket, unaligned output.
sql() {
    local port=$1
    shift
    as_postgres "$PG_BIN/psql" -h "$SOCKETS" -p "$port" -U postgres -d omkreds -v ON_ERROR_STOP=1 \
        -X -q -A -t -F '|' "$@"
}

start_cluster() {
    local dir=$1 port=$2
    STARTED+=("$dir")
    as_postgres "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t "$TIMEOUT" start -o \
        "-p $port -k $SOCKETS -c listen_addresses=127.0.0.1" >/dev/null ||
        die "the cluster in $dir did not start"
}

# --- 1. The original cluster, archiving its WAL ---------------------------------------------
step "Original cluster on 127.0.0.1:$PORT_ORIGINAL, WAL archived to $ARCHIVE"
as_postgres "$PG_BIN/initdb" -D "$ORIGINAL" -U postgres --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --data-checksums >/dev/null
cat <<EOF | as_postgres tee -a "$ORIGINAL/postgresql.conf" >/dev/null
# backup drill: WAL archiving as docs/operations.md sets it up
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f'
# a throw-away cluster: losing it in a power cut costs nothing
fsync = off
EOF
start_cluster "$ORIGINAL" "$PORT_ORIGINAL"
"$PG_BIN/postgres" --version

password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
sql "$PORT_ORIGINAL" -d postgres \
    -c "CREATE ROLE omkreds LOGIN CREATEDB PASSWORD '$password'" \
    -c "CREATE DATABASE omkreds OWNER omkreds" \
    -c "CREATE ROLE omkreds_app NOLOGIN" -c "GRANT omkreds_app TO omkreds"
export DATABASE_URL="postgres://omkreds:$password@127.0.0.1:$PORT_ORIGINAL/omkreds"

# --- 2. Schema and demo data ----------------------------------------------------------------
step "Migrating the Omkreds schema"
DEBUG=1 $PYTHON manage.py migrate --noinput -v 0
step "Loading the demo data"
DEBUG=1 $PYTHON manage.py demo >/dev/null

# The per-table checksum query, generated from the catalogue: for every table in the public
# schema, its row count and the md5 of all its rows as text, in primary-key order (row text
# order for a table without a primary key). The same query runs on both clusters.
CHECKSUM_SQL=$WORK/checksums.sql
sql "$PORT_ORIGINAL" >"$CHECKSUM_SQL" <<'EOF'
SELECT format(
    'SELECT %L, count(*), md5(coalesce(string_agg(t::text, E''\n'' ORDER BY %s), '''')) FROM public.%I t;',
    c.relname,
    coalesce(
        (SELECT string_agg(format('t.%I', a.attname), ', ' ORDER BY k.ord)
           FROM pg_index i
           CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE i.indrelid = c.oid AND i.indisprimary),
        't::text'),
    c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
 ORDER BY c.relname;
EOF
TABLES=$(grep -c '^SELECT' "$CHECKSUM_SQL" || true)
[[ $TABLES -gt 0 ]] || die "no tables in the public schema: the migration did not run?"
checksums() { sql "$1" -f "$CHECKSUM_SQL"; }

# --- 3. The base backup ---------------------------------------------------------------------
step "Base backup (pg_basebackup -Ft -z -X stream)"
backup_began=$SECONDS
as_postgres "$PG_BIN/pg_basebackup" -h "$SOCKETS" -p "$PORT_ORIGINAL" -U postgres \
    -D "$BACKUP" -Ft -z -X stream --checkpoint=fast
backup_seconds=$((SECONDS - backup_began))
checksums "$PORT_ORIGINAL" >"$WORK/at-backup.txt"
backup_size=$(du -sk "$BACKUP" | cut -f1)

# --- 4. Work after the backup, only in the archived WAL ----------------------------------------
step "Writing after the backup (demo --reset) and switching WAL"
DEBUG=1 $PYTHON manage.py demo --reset >/dev/null
written_lsn=$(sql "$PORT_ORIGINAL" -c "SELECT pg_current_wal_lsn()")
last_segment=$(sql "$PORT_ORIGINAL" -c "SELECT pg_walfile_name(pg_switch_wal())")
waited=0
until [[ -f $ARCHIVE/$last_segment ]]; do
    [[ $waited -lt $((TIMEOUT * 10)) ]] || die "WAL segment $last_segment was not archived"
    sleep 0.1
    waited=$((waited + 1))
done
checksums "$PORT_ORIGINAL" >"$WORK/original.txt"
changed_after_backup=$(diff "$WORK/at-backup.txt" "$WORK/original.txt" | grep -c '^>' || true)
[[ $changed_after_backup -gt 0 ]] ||
    die "the writes after the backup changed no table: the drill would prove nothing about WAL"

# --- 5. Restore into a fresh cluster ----------------------------------------------------------
step "Restoring into a fresh data directory, port $PORT_RESTORED"
restore_began=$SECONDS
as_postgres tar -xzf "$BACKUP/base.tar.gz" -C "$RESTORED"
as_postgres tar -xzf "$BACKUP/pg_wal.tar.gz" -C "$RESTORED/pg_wal"
as_postgres cp "$BACKUP/backup_manifest" "$RESTORED/backup_manifest"
as_postgres "$PG_BIN/pg_verifybackup" -q "$RESTORED" || die "the backup does not match its manifest"
as_postgres rm "$RESTORED/backup_manifest"
restore_command="cp $ARCHIVE/%f %p"
if [[ ${DRILL_WITHOUT_WAL:-} == 1 ]]; then
    # The drill's own check: a restore that never reads the archive must make the drill fail.
    echo "DRILL_WITHOUT_WAL=1: restoring without the WAL archive; the drill must fail." >&2
    restore_command=false
fi
cat <<EOF | as_postgres tee -a "$RESTORED/postgresql.auto.conf" >/dev/null
# backup drill: recover from the WAL archive; never archive into it from the copy
restore_command = '$restore_command'
archive_mode = off
EOF
as_postgres touch "$RESTORED/recovery.signal"
start_cluster "$RESTORED" "$PORT_RESTORED"
waited=0
until [[ $(sql "$PORT_RESTORED" -c "SELECT pg_is_in_recovery()" 2>/dev/null) == f ]]; do
    [[ $waited -lt $((TIMEOUT * 10)) ]] || die "recovery did not finish in ${TIMEOUT}s"
    sleep 0.1
    waited=$((waited + 1))
done
restore_seconds=$((SECONDS - restore_began))
[[ ! -f $RESTORED/recovery.signal ]] || die "recovery.signal is still there after recovery"
wal_files_restored=$(grep -c 'restored log file' "$RESTORED/server.log" || true)
# Recovery ends at the end of the archived WAL; it must have got past the last write.
reached_written=$(sql "$PORT_RESTORED" \
    -c "SELECT pg_current_wal_lsn() >= '$written_lsn'::pg_lsn")

# --- 6. Compare -----------------------------------------------------------------------------
step "Comparing $TABLES tables"
checksums "$PORT_RESTORED" >"$WORK/restored.txt"

set +e
ORIGINAL_FILE=$WORK/original.txt RESTORED_FILE=$WORK/restored.txt AT_BACKUP_FILE=$WORK/at-backup.txt \
    REPORT=$REPORT TABLES=$TABLES REACHED_WRITTEN=$reached_written \
    WAL_FILES_RESTORED=$wal_files_restored BACKUP_SECONDS=$backup_seconds \
    RESTORE_SECONDS=$restore_seconds BACKUP_KB=$backup_size SECONDS_SO_FAR=$((SECONDS - START)) \
    PG_VERSION="$("$PG_BIN/postgres" --version)" \
    $PYTHON - <<'EOF'
import json
import os
from pathlib import Path


def read(name):
    rows = {}
    for line in Path(os.environ[name]).read_text().splitlines():
        if line:
            table, count, md5 = line.split("|")
            rows[table] = (int(count), md5)
    return rows


original, restored, at_backup = read("ORIGINAL_FILE"), read("RESTORED_FILE"), read("AT_BACKUP_FILE")
tables = sorted(original.keys() | restored.keys())
width = max(len(t) for t in tables)
print(f"{'table':<{width}}  {'rows':>7}  {'restored':>8}  {'md5':<12}  {'restored':<12}  result")
mismatches = []
changed = 0
for table in tables:
    o, r = original.get(table, (-1, "missing")), restored.get(table, (-1, "missing"))
    same = o == r
    after = at_backup.get(table) != o
    changed += after
    if not same:
        mismatches.append(table)
    result = ("ok" if same else "MISMATCH") + (" (changed after the backup)" if after else "")
    print(f"{table:<{width}}  {o[0]:>7}  {r[0]:>8}  {o[1][:12]:<12}  {r[1][:12]:<12}  {result}")

rows_expected = sum(max(o[0], 0) for o in original.values())
rows = sum(max(r[0], 0) for r in restored.values())
# The WAL written after the backup was replayed when recovery got past the last write and every
# table that changed after the backup came back as it was after the change, not at the backup.
wal_replayed = os.environ["REACHED_WRITTEN"] == "t" and changed > 0 and not mismatches
figures = {
    "tables": len(tables),
    "tables_expected": int(os.environ["TABLES"]),
    "mismatches": len(mismatches),
    "mismatched_tables": mismatches,
    "rows": rows,
    "rows_expected": rows_expected,
    "tables_changed_after_backup": changed,
    "wal_replayed": wal_replayed,
    "wal_files_restored": int(os.environ["WAL_FILES_RESTORED"]),
    "backup_kb": int(os.environ["BACKUP_KB"]),
    "backup_seconds": int(os.environ["BACKUP_SECONDS"]),
    "restore_seconds": int(os.environ["RESTORE_SECONDS"]),
    "drill_seconds": int(os.environ["SECONDS_SO_FAR"]),
    "postgresql": os.environ["PG_VERSION"],
    "ok": wal_replayed and not mismatches and len(tables) == int(os.environ["TABLES"]),
}
report = Path(os.environ["REPORT"])
report.parent.mkdir(parents=True, exist_ok=True)
report.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
print()
print(
    f"{len(tables)} tables, {rows} rows restored of {rows_expected}, "
    f"{len(mismatches)} mismatches; {changed} tables changed after the backup; "
    f"WAL replayed: {'yes' if wal_replayed else 'NO'} ({figures['wal_files_restored']} archived "
    f"WAL files restored); backup {figures['backup_kb']} kB in {figures['backup_seconds']}s, "
    f"restore {figures['restore_seconds']}s. Figures: {report}"
)
raise SystemExit(0 if figures["ok"] else 1)
EOF
status=$?
set -e
[[ $status -eq 0 ]] || die "the restored database differs from the original (see above)"
printf '\033[32;1mbackup drill passed in %ss.\033[0m\n' $((SECONDS - START))
