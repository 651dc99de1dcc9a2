# pg_fixture.sh: a throwaway PostgreSQL 15 cluster for the tests (sourced):
# initdb and pg_ctl run as the postgres user (both refuse root), on a
# loopback port, under a temp dir; pg_start makes it, trap pg_stop.
# Sets PORT, PGDIR, as_pg; mkdb NAME; url NAME.  Needs skip() (exit 77).
PGBIN=${LCA_PGBIN:-/usr/lib/postgresql/15/bin}
pg_start() {
	[ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ] ||
		skip "no PostgreSQL 15 in $PGBIN (tests/deps.sh installs Debian postgresql)"
	id postgres >/dev/null 2>&1 || skip "no postgres user"
	if [ "$(id -u)" = 0 ]; then
		as_pg() { runuser -u postgres -- "$@"; }
	elif [ "$(id -un)" = postgres ]; then
		as_pg() { "$@"; }
	else
		skip "initdb must run as the postgres user (run the tests as root)"
	fi
	PGDIR=$(mktemp -d /tmp/lca-pg.XXXXXX)
	chown postgres "$PGDIR" 2>/dev/null
	chmod 755 "$PGDIR"
	as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U lca --auth=trust >"$PGDIR/initdb.log" 2>&1 ||
		{ cat "$PGDIR/initdb.log"; skip "initdb failed"; }
	local try
	for try in 1 2 3 4 5; do
		PORT=$((20000 + (RANDOM % 20000)))
		if pg_ctl_start; then
			return 0
		fi
	done
	cat "$PGDIR/log"
	skip "pg_ctl could not start PostgreSQL"
}
pg_ctl_start() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w -t 60 \
		-o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c max_connections=${PG_MAX_CONN:-100} -c fsync=off" \
		start >/dev/null 2>&1
}
pg_ctl_stop() {
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m "${1:-fast}" -w stop >/dev/null 2>&1
}
pg_stop() {
	[ -n "${PGDIR:-}" ] || return 0
	as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$PGDIR"
}
mkdb() { as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U lca "$1"; }
url() { echo "postgresql://lca@127.0.0.1:$PORT/$1"; }
