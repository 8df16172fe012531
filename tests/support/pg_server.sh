# Sourced by the PostgreSQL tests: starts a throwaway PostgreSQL server with PostGIS in a fresh
# temporary folder (Unix socket only, no TCP), stopped and removed when the script exits.
# Sets $tmp (the folder, also the socket directory) and defines pg_psql (psql on that server).
# Usage: . tests/support/pg_server.sh PREFIX
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
tmp=$(mktemp -d "/tmp/${1:-lifecircle-pg}.XXXXXX")
chmod 755 "$tmp"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$tmp"
  as_pg=(runuser -u postgres --)
fi
pg_stop() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap pg_stop EXIT
"${as_pg[@]}" "$pgbin/initdb" -D "$tmp/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
  -o "-k $tmp -c listen_addresses= -c fsync=off" start >/dev/null
pg_psql() { psql -X -q -h "$tmp" -U postgres -d postgres "$@"; }
pg_psql -c 'CREATE EXTENSION postgis' >/dev/null
