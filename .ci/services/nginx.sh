# nginx as the load balancer of the multi-instance suite (sourced by .ci/run; see README.md
# beside this file).
#
# Installs nginx from Debian's packages when it is missing, writes its configuration to a
# temporary directory, and starts it on a free 127.0.0.1 port as an unprivileged user
# (`nobody` when this runs as root): one worker, round-robin over three app ports it chooses
# (nothing listens there yet: the tests start the instances), the proxy headers set
# (X-Forwarded-For/-Proto/-Host, Host), and an instance that refuses connections skipped.
# Exports
#
#   OAUTH_DANCE_TEST_NGINX_URL        http://127.0.0.1:<port> (the app's public URL)
#   OAUTH_DANCE_TEST_NGINX_APP_PORTS  the three app ports, space-separated
#
# and appends its stop to CLEANUP. Local use: `source .ci/services/nginx.sh` in a shell.

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "installing nginx from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"

NGINX_AS=()
if [ "$(id -u)" = 0 ]; then
    NGINX_AS=(runuser -u nobody --)
fi

# shellcheck source=lib/free_port.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/free_port.bash"

NGINX_DIR="$(mktemp -d /tmp/oauth-dance-nginx.XXXXXX)"
NGINX_PORT="$(free_port)"
NGINX_APP_PORTS=""
NGINX_UPSTREAMS=""
while [ "$(echo "$NGINX_APP_PORTS" | wc -w)" -lt 3 ]; do
    port="$(free_port)"
    case " $NGINX_APP_PORTS $NGINX_PORT " in *" $port "*) continue ;; esac
    NGINX_APP_PORTS="$NGINX_APP_PORTS $port"
    NGINX_UPSTREAMS="$NGINX_UPSTREAMS        server 127.0.0.1:$port max_fails=1 fail_timeout=2s;
"
done
NGINX_APP_PORTS="${NGINX_APP_PORTS# }"
cat > "$NGINX_DIR/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
events { worker_connections 1000; }
http {
    access_log off;
    client_body_temp_path $NGINX_DIR/body;
    proxy_temp_path $NGINX_DIR/proxy;
    fastcgi_temp_path $NGINX_DIR/fastcgi;
    uwsgi_temp_path $NGINX_DIR/uwsgi;
    scgi_temp_path $NGINX_DIR/scgi;
    upstream app {
$NGINX_UPSTREAMS        keepalive 64;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$http_host;
            proxy_connect_timeout 1s;
            proxy_next_upstream error timeout;
        }
    }
}
CONF
[ "${#NGINX_AS[@]}" = 0 ] || chown -R nobody "$NGINX_DIR"
"${NGINX_AS[@]}" "$NGINX_BIN" -e "$NGINX_DIR/error.log" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf"
CLEANUP+=("kill \$(cat '$NGINX_DIR/nginx.pid') 2>/dev/null; rm -rf '$NGINX_DIR'")
export OAUTH_DANCE_TEST_NGINX_URL="http://127.0.0.1:$NGINX_PORT"
export OAUTH_DANCE_TEST_NGINX_APP_PORTS="$NGINX_APP_PORTS"
echo "nginx $("$NGINX_BIN" -v 2>&1 | cut -d/ -f2) on 127.0.0.1:$NGINX_PORT, round-robin over 127.0.0.1:{${NGINX_APP_PORTS// /,}} (config in $NGINX_DIR)"
