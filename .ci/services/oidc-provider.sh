# The certified OpenID Provider for the end-to-end suite tests/certified_op.rs (sourced by
# .ci/run; see README.md beside this file).
#
# Installs Node.js and npm from Debian's packages when node is missing, installs the npm
# package `oidc-provider` at the version oidc-provider/package-lock.json pins into a cache outside
# the repository (${XDG_CACHE_HOME:-~/.cache}/oauth-dance/oidc-provider/<digest of the lock
# file>; a second run reuses it), starts oidc-provider/server.mjs on a free 127.0.0.1 port with
# its data (memory only) and log in a temporary directory, waits for its discovery document,
# and exports
#
#   OAUTH_DANCE_TEST_OIDC_ISSUER         http://127.0.0.1:<port> (discovery below it)
#   OAUTH_DANCE_TEST_OIDC_CLIENT_ID      the test client (redirect URI
#   OAUTH_DANCE_TEST_OIDC_CLIENT_SECRET    http://127.0.0.1:<any port>/login/op/authorized)
#   OAUTH_DANCE_TEST_OIDC_ROTATE_URL     POST here rotates the provider's signing keys
#
# and appends its stop to CLEANUP. Local use: `CLEANUP=(); source .ci/services/oidc-provider.sh`.

OP_SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/oidc-provider" && pwd)"

# oidc-provider 9 needs URL.parse (Node.js 20.18 or later; it recommends 22 LTS and warns on 20).
op_node_ok() {
    command -v node >/dev/null 2>&1 && node -e '
        const [major, minor] = process.versions.node.split(".").map(Number);
        process.exit(major > 20 || (major === 20 && minor >= 18) ? 0 : 1);'
}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "installing Node.js and npm from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
if ! op_node_ok; then
    echo "oidc-provider.sh: Node.js $(node --version 2>/dev/null || echo missing) is too old for" \
        "oidc-provider (20.18 or later is needed)" >&2
    return 1
fi

OP_LOCK_DIGEST="$(cat "$OP_SRC/package.json" "$OP_SRC/package-lock.json" | sha256sum | cut -c1-16)"
OP_CACHE="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/oauth-dance/oidc-provider/$OP_LOCK_DIGEST"
# Installed beside the cache, then moved into place: a run that stops halfway leaves no
# half-installed cache, and of two runs installing at once, one keeps its copy.
if [ ! -d "$OP_CACHE" ]; then
    echo "installing oidc-provider (npm ci) into $OP_CACHE"
    mkdir -p "$(dirname "$OP_CACHE")"
    OP_INSTALL="$(mktemp -d "$OP_CACHE.installing.XXXXXX")"
    cp "$OP_SRC/package.json" "$OP_SRC/package-lock.json" "$OP_INSTALL/"
    (cd "$OP_INSTALL" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
    mv -T "$OP_INSTALL" "$OP_CACHE" 2>/dev/null || rm -rf "$OP_INSTALL"
fi

# shellcheck source=lib/free_port.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/free_port.bash"

# The server runs from a directory of its own whose node_modules is the cache's, so that
# `import 'oidc-provider'` resolves there.
OP_DIR="$(mktemp -d /tmp/oauth-dance-op.XXXXXX)"
cp "$OP_SRC/server.mjs" "$OP_DIR/"
ln -s "$OP_CACHE/node_modules" "$OP_DIR/node_modules"
OP_PORT="$(free_port)"
OP_CLIENT_ID=oauth-dance-e2e
# Characters that Basic authentication must form-encode (RFC 6749 §2.3.1).
OP_CLIENT_SECRET="$(head -c 24 /dev/urandom | base64 | tr -d '\n'):with/special+chars"
(cd "$OP_DIR" && OP_PORT="$OP_PORT" OP_CLIENT_ID="$OP_CLIENT_ID" OP_CLIENT_SECRET="$OP_CLIENT_SECRET" \
    exec node server.mjs >"$OP_DIR/log" 2>&1) &
OP_PID=$!
CLEANUP+=("kill $OP_PID 2>/dev/null || true; rm -rf '$OP_DIR'")

OP_ISSUER="http://127.0.0.1:$OP_PORT"
op_discovery_answers() {
    (exec 3<>"/dev/tcp/127.0.0.1/$OP_PORT") 2>/dev/null \
        && node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
            "$OP_ISSUER/.well-known/openid-configuration"
}
OP_WAITED=0
until op_discovery_answers; do
    if ! kill -0 "$OP_PID" 2>/dev/null || [ "$OP_WAITED" -ge 300 ]; then
        echo "oidc-provider.sh: no discovery document at $OP_ISSUER after $((OP_WAITED / 10)) s; its log:" >&2
        cat "$OP_DIR/log" >&2
        return 1
    fi
    sleep 0.1
    OP_WAITED=$((OP_WAITED + 1))
done

export OAUTH_DANCE_TEST_OIDC_ISSUER="$OP_ISSUER"
export OAUTH_DANCE_TEST_OIDC_CLIENT_ID="$OP_CLIENT_ID"
export OAUTH_DANCE_TEST_OIDC_CLIENT_SECRET="$OP_CLIENT_SECRET"
export OAUTH_DANCE_TEST_OIDC_ROTATE_URL="$OP_ISSUER/__admin/rotate-keys"
echo "oidc-provider $(node -p 'require(process.argv[1]).version' "$OP_CACHE/node_modules/oidc-provider/package.json")" \
    "(Node.js $(node --version)) on $OP_ISSUER (log in $OP_DIR/log)"
