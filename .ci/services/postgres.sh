# PostgreSQL for the SQL storage tests (sourced by .ci/run; see README.md beside this file).
#
# Installs PostgreSQL from Debian's packages when it is missing, starts a cluster of its own in
# a temporary directory on a free 127.0.0.1 port (as an unprivileged user: the `postgres` user
# of the package when this runs as root), creates the database `oauth_dance_test`, and exports
#
#   OAUTH_DANCE_TEST_POSTGRES_URL     postgres://postgres@127.0.0.1:<port>/oauth_dance_test
#   OAUTH_DANCE_TEST_POSTGRES_PG_CTL  the cluster's pg_ctl command (the outage test stops and
#                                     starts the database with it)
#
# and appends its stop to CLEANUP. Local use: `source .ci/services/postgres.sh` in a shell
# (then `CLEANUP` holds the command that stops it).

pg_bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(pg_bin_dir)" ] || [ ! -x "$(pg_bin_dir)/initdb" ]; then
    echo "installing PostgreSQL from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN="$(pg_bin_dir)"

# PostgreSQL refuses to run as root.
PG_AS=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    PG_AS=(runuser -u postgres --)
fi

# shellcheck source=lib/free_port.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/free_port.bash"

PG_DIR="$(mktemp -d /tmp/oauth-dance-pg.XXXXXX)"
PG_PORT="$(free_port)"
[ "${#PG_AS[@]}" = 0 ] || chown postgres "$PG_DIR"
"${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
cat >> "$PG_DIR/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
PG_CTL="${PG_AS[*]} $PG_BIN/pg_ctl -D $PG_DIR/data -l $PG_DIR/log -w"
$PG_CTL start >/dev/null
CLEANUP+=("$PG_CTL -m immediate stop >/dev/null 2>&1; rm -rf '$PG_DIR'")
"${PG_AS[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres oauth_dance_test
export OAUTH_DANCE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/oauth_dance_test"
export OAUTH_DANCE_TEST_POSTGRES_PG_CTL="$PG_CTL"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
