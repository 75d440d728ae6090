//! OpenID Connect on the dev provider: the discovery document
//! (`/.well-known/openid-configuration`), the key set (`/jwks`), and ID tokens signed with
//! Ed25519 (`EdDSA`), issued with the tokens of a login whose scope has `openid`, carrying the
//! login's `nonce`. The signing key rotates with
//! [`DevProvider::rotate_signing_key`](super::DevProvider::rotate_signing_key); faults come from
//! [`Misbehaviour::IdToken`](super::Misbehaviour::IdToken).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signer, SigningKey};
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;

use super::behaviour::{DiscoveryFault, IdTokenFault, Misbehaviour};
use super::record::ReceivedRequest;
use super::state::Shared;
use super::users::DevUser;

/// A signing key and its key id.
struct Key {
    kid: String,
    key: SigningKey,
}

impl Key {
    fn generate() -> Key {
        Key {
            kid: super::state::random_secret("dev_kid_")[..20].to_string(),
            key: SigningKey::generate(&mut rsa::rand_core::OsRng),
        }
    }

    /// The public key as a JWK (RFC 8037).
    fn jwk(&self) -> Value {
        let x = URL_SAFE_NO_PAD.encode(self.key.verifying_key().as_bytes());
        json!({"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.kid, "alg": "EdDSA", "use": "sig"})
    }
}

/// The keys ID tokens are signed with: the current one, and those retired but still published.
pub(crate) struct SigningKeys {
    current: Key,
    retired: Vec<Key>,
}

impl Default for SigningKeys {
    fn default() -> Self {
        SigningKeys {
            current: Key::generate(),
            retired: Vec::new(),
        }
    }
}

impl fmt::Debug for SigningKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let retired: Vec<&str> = self.retired.iter().map(|k| k.kid.as_str()).collect();
        f.debug_struct("SigningKeys")
            .field("current", &self.current.kid)
            .field("retired", &retired)
            .finish()
    }
}

impl SigningKeys {
    /// A new current key; the old one stays published when `keep_old`, or is dropped.
    pub(crate) fn rotate(&mut self, keep_old: bool) {
        let old = std::mem::replace(&mut self.current, Key::generate());
        if keep_old {
            self.retired.push(old);
        } else {
            self.retired.clear();
        }
    }

    /// The claims of `jws` when one of the published keys signed it (Ed25519).
    pub(crate) fn verify(&self, jws: &str) -> Option<Value> {
        let (input, signature) = jws.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let signature = ed25519_dalek::Signature::from_slice(&signature).ok()?;
        let signed_by = |key: &Key| {
            key.key
                .verifying_key()
                .verify_strict(input.as_bytes(), &signature)
                .is_ok()
        };
        std::iter::once(&self.current)
            .chain(&self.retired)
            .find(|k| signed_by(k))?;
        let payload = input.split('.').nth(1)?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }

    /// The published key set.
    fn jwks(&self) -> Value {
        let keys: Vec<Value> = std::iter::once(&self.current)
            .chain(&self.retired)
            .map(Key::jwk)
            .collect();
        json!({ "keys": keys })
    }

    /// `claims` as a compact JWS, signed with the current key unless `fault` says otherwise.
    fn sign(&self, claims: &Value, fault: Option<&IdTokenFault>) -> String {
        let mut header = json!({"alg": "EdDSA", "typ": "JWT", "kid": self.current.kid});
        let stranger;
        let mut key = &self.current;
        match fault {
            Some(IdTokenFault::AlgNone) => {
                return format!("{}.{}.", part(&json!({"alg": "none"})), part(claims));
            }
            Some(IdTokenFault::HmacWithPublicKey) => {
                header = json!({"alg": "HS256", "typ": "JWT", "kid": self.current.kid});
                let input = format!("{}.{}", part(&header), part(claims));
                let secret = self.current.key.verifying_key().to_bytes();
                let mut mac = Hmac::<Sha256>::new_from_slice(&secret).expect("any key length");
                mac.update(input.as_bytes());
                return format!(
                    "{input}.{}",
                    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
                );
            }
            Some(IdTokenFault::UnknownKey) => {
                stranger = Key::generate();
                header["kid"] = json!(stranger.kid);
                key = &stranger;
            }
            _ => {}
        }
        let input = format!("{}.{}", part(&header), part(claims));
        let signed = match fault {
            Some(IdTokenFault::BadSignature) => format!("{}.{}", part(&header), part(&json!({}))),
            _ => input.clone(),
        };
        let signature = key.key.sign(signed.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// One base64url part of a JWS.
fn part(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// The issuer, as the client reaches the provider: `http://{host}` (no trailing slash).
pub(crate) fn issuer(req: &HttpRequest) -> String {
    format!("http://{}", req.connection_info().host())
}

/// `GET /.well-known/openid-configuration` (OpenID Connect Discovery 1.0 §3), or the broken
/// document of [`Misbehaviour::Discovery`].
pub(crate) async fn discovery(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    let mut state = shared.lock();
    state.record(ReceivedRequest::capture(&req, &[]));
    let fault = match &state.misbehaviour {
        Misbehaviour::Discovery(fault) => Some(fault.clone()),
        _ => None,
    };
    drop(state);
    let mut document = discovery_document(&issuer(&req));
    match fault {
        None => {}
        Some(DiscoveryFault::Members(replaced)) => replace_members(&mut document, &replaced),
        Some(DiscoveryFault::NotJson) => {
            return HttpResponse::Ok()
                .content_type("text/html")
                .body("<html><body>Down for maintenance</body></html>");
        }
        Some(DiscoveryFault::Status(status)) => {
            let status = actix_web::http::StatusCode::from_u16(status)
                .unwrap_or(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR);
            return HttpResponse::build(status).finish();
        }
    }
    HttpResponse::Ok().json(document)
}

/// `replaced`'s members in `object` (a `null` removes one): how claims and documents are broken
/// on purpose.
fn replace_members(object: &mut Value, replaced: &Value) {
    let (Some(object), Some(replaced)) = (object.as_object_mut(), replaced.as_object()) else {
        return;
    };
    for (name, value) in replaced {
        match value {
            Value::Null => object.remove(name),
            value => object.insert(name.clone(), value.clone()),
        };
    }
}

/// The discovery document of the provider at `issuer`.
fn discovery_document(issuer: &str) -> Value {
    json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/authorize"),
        "token_endpoint": format!("{issuer}/token"),
        "userinfo_endpoint": format!("{issuer}/userinfo"),
        "jwks_uri": format!("{issuer}/jwks"),
        "revocation_endpoint": format!("{issuer}/revoke"),
        "end_session_endpoint": format!("{issuer}/logout"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["EdDSA"],
        "scopes_supported": ["openid", "email", "profile", "read"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
    })
}

/// `GET /jwks`: the published signing keys.
pub(crate) async fn jwks(req: HttpRequest, shared: web::Data<Shared>) -> HttpResponse {
    let mut state = shared.lock();
    state.record(ReceivedRequest::capture(&req, &[]));
    HttpResponse::Ok().json(state.signing_keys.jwks())
}

/// The ID token of a login by `user` for `client_id` (OpenID Connect Core §2), with the
/// injected fault, if any.
pub(crate) fn id_token(
    shared: &Shared,
    issuer: &str,
    user: &DevUser,
    nonce: Option<&str>,
) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let config = &shared.config;
    let mut claims = json!({
        "iss": issuer,
        "sub": user.id.to_string(),
        "aud": config.client_id,
        "exp": now + config.token_lifetime.as_secs(),
        "iat": now,
        "email": user.email,
        "email_verified": true,
        "name": user.name,
        "preferred_username": user.login,
    });
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    let state = shared.lock();
    let fault = match &state.misbehaviour {
        Misbehaviour::IdToken(fault) => Some(fault),
        _ => None,
    };
    if let Some(IdTokenFault::Claims(replaced)) = fault {
        replace_members(&mut claims, replaced);
    }
    state.signing_keys.sign(&claims, fault)
}
