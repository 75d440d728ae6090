// The certified OpenID Provider (npm `oidc-provider`, pinned in package.json) for the
// end-to-end suite in tests/certified_op.rs, started by ../oidc-provider.sh.
//
// Listens on 127.0.0.1:$OP_PORT with issuer http://127.0.0.1:$OP_PORT and one confidential
// test client ($OP_CLIENT_ID / $OP_CLIENT_SECRET, client_secret_basic): code flow with PKCE
// required, refresh tokens (`offline_access`) rotated on every use, revocation and
// introspection on, the development login and consent pages (any login, any password).
//
// The client is a native one (RFC 8252): its redirect URI is http://127.0.0.1/login/op/authorized,
// and the provider accepts it on any port (RFC 8252 §7.3), so each test serves its app on a
// port of its own.
//
// POST /__admin/rotate-keys (from loopback only) rotates the signing keys: a new RS256 key signs
// from then on, and the key set publishes it first, beside the previous key (as a provider
// rolling its keys does). Sessions, grants and tokens survive (they live in the memory adapter,
// which every provider instance of this process shares); answers {"kid": <the new key's id>}.

import { createServer } from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const issuer = `http://127.0.0.1:${port}`;
const cookieKeys = [randomBytes(32).toString('base64url')];

const client = {
  client_id: process.env.OP_CLIENT_ID,
  client_secret: process.env.OP_CLIENT_SECRET,
  application_type: 'native',
  redirect_uris: ['http://127.0.0.1/login/op/authorized'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
};

// The test users: whatever login the page is given becomes the subject.
async function findAccount(_ctx, sub) {
  return {
    accountId: sub,
    async claims() {
      return { sub, email: `${sub}@example.com`, email_verified: true, name: `User ${sub}` };
    },
  };
}

function signingKey(generation) {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: `op-key-${generation}`, alg: 'RS256', use: 'sig' };
}

function provider(keys) {
  const op = new Provider(issuer, {
    clients: [client],
    jwks: { keys },
    cookies: { keys: cookieKeys },
    findAccount,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    pkce: { required: () => true },
    rotateRefreshToken: true,
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
  });
  op.on('server_error', (_ctx, err) => console.error('server_error', err));
  return op;
}

let generation = 1;
let keys = [signingKey(generation)];
let handler = provider(keys).callback();

function rotateKeys(res) {
  generation += 1;
  keys = [signingKey(generation), keys[0]];
  handler = provider(keys).callback();
  console.log(`signing keys rotated: ${keys[0].kid} signs now`);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kid: keys[0].kid }));
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

createServer((req, res) => {
  if (req.url === '/__admin/rotate-keys') {
    if (req.method !== 'POST' || !loopback.has(req.socket.remoteAddress)) {
      res.writeHead(403).end();
      return;
    }
    rotateKeys(res);
    return;
  }
  handler(req, res);
}).listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
