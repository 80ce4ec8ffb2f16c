#!/usr/bin/env bash
# Restores a scripts/pg-backup.sh file into an EMPTY database (create it first: createdb approvals_restored),
# in one transaction: either everything is restored or nothing is. Start the hosts on it afterwards and check
# GET /api/audit/verify (the system chain) and /api/audit/verify?instanceId=... as an auditor.
#   scripts/pg-restore.sh backups/approvals-2026-12-01.dump 'postgresql://user:pass@host:5432/approvals_restored'
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 <backup.dump> <connection-uri-of-empty-database>" >&2; exit 2; fi
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PATH="$PG_BIN:$PATH"
tables=$(psql --dbname="$2" --tuples-only --no-align --command="select count(*) from information_schema.tables where table_schema = 'public'")
if [ "$tables" != "0" ]; then echo "refusing: the target database already has $tables tables; restore into an empty database" >&2; exit 1; fi
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$2" "$1"
echo "restored: $1 -> $(psql --dbname="$2" --tuples-only --no-align --command="select count(*) from audit") audit records"
