#!/usr/bin/env bash
# Starts a real PostgreSQL from Debian's packages for the analytics tests and prints the
# connection URL on stdout (everything else goes to stderr). Runs as root on a fresh Debian
# machine (CI) or on a developer's machine: `export CASEBOOK_TEST_POSTGRES_URL=$(bash .ci/postgres.sh)`.
# The role may create databases: each test file creates its own and drops it afterwards.
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
# Debian's postgresql-common creates the cluster "main" on install; a machine where it was
# removed, or where the package scripts could not create it, gets a new one.
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >&2
fi
# Containers have no init system to start it; pg_ctlcluster works the same with or without one.
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

psql_admin() { runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qAt "$@"; }
for _ in $(seq 1 30); do
  psql_admin -c 'select 1' >/dev/null 2>&1 && break
  sleep 1
done
# Tolerant of a second run at the same moment (test files may call this in parallel): a failed
# create is fine as long as the role and database exist afterwards.
if [ "$(psql_admin -c "select count(*) from pg_roles where rolname = 'casebook'")" = 0 ]; then
  psql_admin -c "create role casebook login createdb password 'casebook'" >&2 || true
fi
if [ "$(psql_admin -c "select count(*) from pg_database where datname = 'casebook'")" = 0 ]; then
  psql_admin -c 'create database casebook owner casebook' >&2 || true
fi
[ "$(psql_admin -c "select count(*) from pg_roles r join pg_database d on d.datdba = r.oid where r.rolname = 'casebook' and d.datname = 'casebook'")" = 1 ]
echo "postgres://casebook:casebook@127.0.0.1:${port}/casebook"
