# Redis for the server-side session tests (sourced by .ci/run; see README.md beside this file).
#
# Installs Redis from Debian's packages when it is missing, starts a server of its own (no
# persistence) in a temporary directory on a free 127.0.0.1 port, as an unprivileged user (the
# `redis` user of the package when this runs as root), and exports
#
#   OAUTH_DANCE_TEST_REDIS_URL    redis://127.0.0.1:<port>
#   OAUTH_DANCE_TEST_REDIS_START  the command that starts it again (it returns at once; the
#                                 server listens a moment later)
#   OAUTH_DANCE_TEST_REDIS_STOP   the command that stops it (the outage tests stop and start it)
#
# and appends its stop to CLEANUP. Local use: `source .ci/services/redis.sh` in a shell.

if ! command -v redis-server >/dev/null 2>&1; then
    echo "installing Redis from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi

REDIS_AS=()
if [ "$(id -u)" = 0 ]; then
    id redis >/dev/null 2>&1 || useradd --system --no-create-home redis
    REDIS_AS=(runuser -u redis --)
fi

# shellcheck source=lib/free_port.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/free_port.bash"

REDIS_DIR="$(mktemp -d /tmp/oauth-dance-redis.XXXXXX)"
REDIS_PORT="$(free_port)"
[ "${#REDIS_AS[@]}" = 0 ] || chown redis "$REDIS_DIR"
cat > "$REDIS_DIR/redis.conf" <<CONF
bind 127.0.0.1
port $REDIS_PORT
dir $REDIS_DIR
daemonize yes
pidfile $REDIS_DIR/redis.pid
logfile $REDIS_DIR/redis.log
save ""
appendonly no
maxclients 1000
CONF
REDIS_START="${REDIS_AS[*]} redis-server $REDIS_DIR/redis.conf"
REDIS_STOP="redis-cli -h 127.0.0.1 -p $REDIS_PORT shutdown nosave >/dev/null 2>&1"
$REDIS_START
for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
done
CLEANUP+=("$REDIS_STOP; rm -rf '$REDIS_DIR'")
export OAUTH_DANCE_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
export OAUTH_DANCE_TEST_REDIS_START="$REDIS_START"
export OAUTH_DANCE_TEST_REDIS_STOP="$REDIS_STOP"
echo "Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT (data in $REDIS_DIR)"
