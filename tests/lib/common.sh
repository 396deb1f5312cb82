# tests/lib/common.sh — shared by tests/run-demo.sh and tests/run-tests.sh.
#
# Installs what is missing (Debian packages), builds and installs the
# extension, and runs a throwaway PostgreSQL cluster: its own data directory
# and Unix socket under a temporary directory, no TCP listener, stopped on
# exit.  The server refuses to run as root, so as root it runs as the
# "postgres" OS user.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Debian's PostgreSQL 15 unless PG_CONFIG names another installation (another
# major built from source, or a private copy of this one).
if [ -n "${PG_CONFIG:-}" ]; then
	PG_BINDIR=$("$PG_CONFIG" --bindir)
	PG_MAJOR=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
else
	PG_MAJOR=${PG_MAJOR:-15}
	PG_BINDIR=/usr/lib/postgresql/$PG_MAJOR/bin
	PG_CONFIG=$PG_BINDIR/pg_config
fi
export PG_CONFIG
# The scripts in tests/t/ call psql, pg_dump, pg_restore and createdb by name:
# take them from the same installation as the server (Debian's wrappers in
# /usr/bin would pick their own version, and pg_dump refuses a newer server).
export PATH="$PG_BINDIR:$PATH"
PACKAGES=(make gcc libicu-dev clang-14 libclang-rt-14-dev python3)
case "$PG_CONFIG" in
/usr/lib/postgresql/*) PACKAGES+=("postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR") ;;
esac

log() { printf '== %s\n' "$*" >&2; }

# Install the Debian packages that are not installed yet (needs root).
ensure_packages() {
	local missing=()
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		log "missing packages: ${missing[*]} (run as root, or install them)"
		exit 1
	fi
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_and_install() {
	local stamp="$TOP/.build-pg-config"
	log "building and installing embargo"
	# Objects compiled for another PostgreSQL installation are not reused.
	if [ "$(cat "$stamp" 2>/dev/null)" != "$PG_CONFIG" ]; then
		make -C "$TOP" -s PG_CONFIG="$PG_CONFIG" clean
		printf '%s\n' "$PG_CONFIG" >"$stamp"
	fi
	make -C "$TOP" -s PG_CONFIG="$PG_CONFIG" WERROR=1
	make -C "$TOP" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
}

# Run a command as the cluster owner.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

# Start a fresh cluster; sets PGHOST/PGPORT/PGUSER/PGDATABASE for psql and
# pg_regress.  cluster_stop runs on exit, whatever the exit status.
cluster_start() {
	CLUSTER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/embargo-pg.XXXXXX")
	[ "$(id -u)" -eq 0 ] && chown postgres: "$CLUSTER_DIR"
	chmod 700 "$CLUSTER_DIR"
	trap cluster_stop EXIT
	log "starting throwaway cluster in $CLUSTER_DIR"
	as_pg "$PG_BINDIR/initdb" -D "$CLUSTER_DIR/data" -U postgres -A trust \
		-E UTF8 --locale=C.UTF-8 --no-sync >"$CLUSTER_DIR/initdb.log" 2>&1 ||
		{ cat "$CLUSTER_DIR/initdb.log" >&2; exit 1; }
	as_pg "$PG_BINDIR/pg_ctl" -D "$CLUSTER_DIR/data" -l "$CLUSTER_DIR/server.log" -w \
		-o "-c listen_addresses='' -k $CLUSTER_DIR -p 5432 -c fsync=off" start >/dev/null ||
		{ cat "$CLUSTER_DIR/server.log" >&2; exit 1; }
	export PGHOST=$CLUSTER_DIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
}

# Stop and remove the cluster; idempotent.  After a failure the server log is
# kept as log/server.log for inspection.
cluster_shutdown() {
	local status=${1:-0}
	[ -n "${CLUSTER_DIR:-}" ] && [ -d "$CLUSTER_DIR" ] || return 0
	as_pg "$PG_BINDIR/pg_ctl" -D "$CLUSTER_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
	if [ "$status" -ne 0 ] && [ -s "$CLUSTER_DIR/server.log" ]; then
		mkdir -p "$TOP/log"
		cp "$CLUSTER_DIR/server.log" "$TOP/log/server.log"
		log "server log kept in log/server.log"
	fi
	rm -rf "$CLUSTER_DIR"
	log "cluster stopped"
}

cluster_stop() {
	local status=$?
	cluster_shutdown $status
	exit $status
}

setup_all() {
	ensure_packages
	build_and_install
	cluster_start
}
