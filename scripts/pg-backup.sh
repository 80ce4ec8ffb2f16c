#!/usr/bin/env bash
# Backs up an ApprovalEngine PostgreSQL database to one pg_dump custom-format file (schema + data, every table:
# instances, journal, audit chain and heads, seals, documents, holiday data, EF migrations history).
#   scripts/pg-backup.sh 'postgresql://user:pass@host:5432/approvals' backups/approvals-$(date +%F).dump
# Consistent without stopping the hosts: pg_dump reads one snapshot, so every audit chain is dumped with its head.
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 <connection-uri> <output.dump>" >&2; exit 2; fi
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
PATH="$PG_BIN:$PATH"
mkdir -p "$(dirname "$2")"
pg_dump --format=custom --compress=6 --no-owner --no-privileges --serializable-deferrable --file="$2.partial" --dbname="$1"
mv "$2.partial" "$2"
echo "backup: $2 ($(du -h "$2" | cut -f1))"
