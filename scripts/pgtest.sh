#!/usr/bin/env bash
# scripts/pgtest.sh COMMAND...: run COMMAND with a throwaway PostgreSQL.
#
# Starts a cluster from Debian's postgresql package in a temporary folder,
# listening only on a unix socket in that folder (no TCP port, nothing for
# other users of the machine to reach), exports its connection string as
# CODEBENCH_TEST_POSTGRES for the tests (internal/testenv/testpg makes one
# database per test on it), runs COMMAND, then stops the server and removes
# the folder, also when COMMAND fails or is interrupted. As root the server
# runs as the postgres user (PostgreSQL refuses root).
#
#   scripts/pgtest.sh go test ./storage/...
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: pgtest.sh COMMAND..." >&2; exit 2; }

bin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -rn); do
  [ -x "$d/initdb" ] && { bin=$d; break; }
done
if [ -z "$bin" ] && command -v initdb >/dev/null; then bin=$(dirname "$(readlink -f "$(command -v initdb)")"); fi
if [ -z "$bin" ]; then
  echo "pgtest.sh: PostgreSQL's server programs are missing: install Debian's postgresql package (make deps does)" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/codebench-pgtest.XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$tmp"
  as=(runuser -u postgres --)
fi
port=5432
stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT
trap 'exit 130' INT TERM

start=$(date +%s%N)
"${as[@]}" "$bin/initdb" -D "$tmp/data" -U codebench --auth=trust -E UTF8 --locale=C \
  --no-sync --no-instructions >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log" >&2; exit 1; }
if ! "${as[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
     -o "-k $tmp -p $port -c listen_addresses='' -c max_connections=300" start >/dev/null; then
  cat "$tmp/server.log" >&2
  exit 1
fi
echo "pgtest.sh: PostgreSQL $(basename "$(dirname "$bin")") started in $(( ($(date +%s%N) - start) / 1000000 )) ms (socket in $tmp)"

export CODEBENCH_TEST_POSTGRES="postgres://codebench@/postgres?host=$tmp&port=$port&sslmode=disable"
"$@"
