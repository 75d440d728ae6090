//! What the development provider remembers: its configuration, the codes and tokens it issued,
//! the injected fault and the request log, shared by the server and the [`DevProvider`] handle.
//!
//! [`DevProvider`]: super::DevProvider

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::behaviour::Misbehaviour;
use super::client_auth::BasicCredentials;
use super::dialect::Dialect;
use super::oauth1_store::OAuth1Store;
use super::oidc::SigningKeys;
use super::record::ReceivedRequest;
use super::users::DevUser;

/// How long an authorization code can be exchanged.
pub(crate) const CODE_LIFETIME: Duration = Duration::from_secs(60);
/// How long a refresh token stays usable.
pub(crate) const REFRESH_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);
/// How many requests [`State::record`] keeps.
pub(crate) const MAX_RECORDED: usize = 1000;
/// How many live codes, and how many live tokens of each kind, are kept at most.
const MAX_LIVE: usize = 10_000;

/// The fixed settings of one provider. `Debug` redacts the client secret.
#[derive(Clone)]
pub(crate) struct Config {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) users: Vec<DevUser>,
    pub(crate) token_lifetime: Duration,
    pub(crate) require_pkce: bool,
    /// Whether a refresh issues a new refresh token and retires the old one.
    pub(crate) rotate_refresh_tokens: bool,
    pub(crate) basic_credentials: BasicCredentials,
    /// When set, the client signs its secret, checked against this key.
    pub(crate) signed_secret: Option<super::signed_secret::SignedSecretKey>,
}

impl Config {
    /// The user with this login.
    pub(crate) fn user(&self, login: &str) -> Option<&DevUser> {
        self.users.iter().find(|u| u.login == login)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("users", &self.users)
            .field("token_lifetime", &self.token_lifetime)
            .field("require_pkce", &self.require_pkce)
            .field("rotate_refresh_tokens", &self.rotate_refresh_tokens)
            .field("signed_secret", &self.signed_secret.is_some())
            .finish()
    }
}

/// What an authorization code was issued for. It is stored under the code itself.
#[derive(Debug, Clone)]
pub(crate) struct CodeGrant {
    pub(crate) client_id: String,
    pub(crate) redirect_uri: String,
    pub(crate) user: String,
    pub(crate) scope: String,
    pub(crate) code_challenge: Option<String>,
    /// OpenID Connect's `nonce`, repeated in the ID token.
    pub(crate) nonce: Option<String>,
    pub(crate) expires_at: Instant,
}

/// What an access or refresh token was issued for. It is stored under the token itself.
#[derive(Debug, Clone)]
pub(crate) struct TokenGrant {
    pub(crate) client_id: String,
    pub(crate) user: String,
    pub(crate) scope: String,
    pub(crate) expires_at: Instant,
    /// The other token of the pair it was issued in (a refresh token's access token).
    pub(crate) pair: String,
}

/// A freshly issued access and refresh token pair.
pub(crate) struct Issued {
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
}

/// What the outcome of presenting an authorization code was.
pub(crate) enum CodeUse {
    /// First use of a live code: it is now consumed.
    Fresh(CodeGrant),
    /// Unknown or expired.
    Invalid,
    /// Already used: the tokens issued from it were revoked (RFC 6749 §4.1.2).
    Replayed,
}

/// The mutable part, behind the mutex. Its `Debug` shows sizes only: every key is a secret.
#[derive(Default)]
pub(crate) struct State {
    codes: HashMap<String, CodeGrant>,
    /// Consumed codes until their expiry, with the tokens issued from each.
    used_codes: HashMap<String, (Instant, Option<Issued>)>,
    access: HashMap<String, TokenGrant>,
    refresh: HashMap<String, TokenGrant>,
    pub(crate) misbehaviour: Misbehaviour,
    pub(crate) dialect: Dialect,
    requests: VecDeque<ReceivedRequest>,
    /// OAuth 1 request tokens, access tokens and nonces.
    pub(crate) oauth1: OAuth1Store,
    /// The keys ID tokens are signed with.
    pub(crate) signing_keys: SigningKeys,
    /// The users whose name a form post has carried (`user`, on the first login only).
    named_users: std::collections::HashSet<String>,
}

impl fmt::Debug for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("State")
            .field("codes", &self.codes.len())
            .field("used_codes", &self.used_codes.len())
            .field("access_tokens", &self.access.len())
            .field("refresh_tokens", &self.refresh.len())
            .field("misbehaviour", &self.misbehaviour)
            .field("dialect", &self.dialect)
            .field("requests", &self.requests.len())
            .field("oauth1", &self.oauth1)
            .field("signing_keys", &self.signing_keys)
            .finish()
    }
}

/// A random URL-safe string of 256 bits from the operating system's CSPRNG, with a prefix
/// telling what it is (which makes logs and test failures easier to read).
pub(crate) fn random_secret(prefix: &str) -> String {
    format!("{prefix}{}", oauth2::CsrfToken::new_random_len(32).secret())
}

/// Inserts `value`, first dropping expired entries and, at the cap, the one expiring soonest.
fn insert_bounded<V>(
    map: &mut HashMap<String, V>,
    key: String,
    value: V,
    expiry: impl Fn(&V) -> Instant,
) {
    if map.len() >= MAX_LIVE {
        let now = Instant::now();
        map.retain(|_, v| expiry(v) > now);
    }
    if map.len() >= MAX_LIVE {
        let oldest = map
            .iter()
            .min_by_key(|(_, v)| expiry(v))
            .map(|(k, _)| k.clone());
        if let Some(oldest) = oldest {
            map.remove(&oldest);
        }
    }
    map.insert(key, value);
}

impl State {
    /// Whether this is the first login of `login` whose name a form post carries (then it is
    /// not the first any more), as Sign in with Apple sends the name once.
    pub(crate) fn first_naming(&mut self, login: &str) -> bool {
        self.named_users.insert(login.to_owned())
    }

    /// Stores a new authorization code and returns it.
    pub(crate) fn issue_code(&mut self, grant: CodeGrant) -> String {
        self.prune();
        let code = random_secret("dev_code_");
        insert_bounded(&mut self.codes, code.clone(), grant, |g| g.expires_at);
        code
    }

    /// Consumes a code: it cannot be used again, whatever happens next.
    pub(crate) fn use_code(&mut self, code: &str) -> CodeUse {
        let now = Instant::now();
        if let Some((_, issued)) = self.used_codes.get_mut(code) {
            if let Some(issued) = issued.take() {
                self.access.remove(&issued.access_token);
                self.refresh.remove(&issued.refresh_token);
            }
            return CodeUse::Replayed;
        }
        match self.codes.remove(code) {
            Some(grant) if grant.expires_at > now => {
                insert_bounded(
                    &mut self.used_codes,
                    code.to_owned(),
                    (grant.expires_at, None),
                    |(t, _)| *t,
                );
                CodeUse::Fresh(grant)
            }
            _ => CodeUse::Invalid,
        }
    }

    /// Remembers which tokens a code produced, so that a replay of it revokes them.
    pub(crate) fn link_code(&mut self, code: &str, issued: &Issued) {
        if let Some((_, slot)) = self.used_codes.get_mut(code) {
            *slot = Some(Issued {
                access_token: issued.access_token.clone(),
                refresh_token: issued.refresh_token.clone(),
            });
        }
    }

    /// Issues a new access token (valid for `lifetime`) and refresh token.
    pub(crate) fn issue_tokens(
        &mut self,
        client_id: &str,
        user: &str,
        scope: &str,
        lifetime: Duration,
    ) -> Issued {
        self.prune();
        let now = Instant::now();
        let issued = Issued {
            access_token: random_secret("dev_at_"),
            refresh_token: random_secret("dev_rt_"),
        };
        let grant = |valid_for: Duration, pair: &str| TokenGrant {
            client_id: client_id.to_owned(),
            user: user.to_owned(),
            scope: scope.to_owned(),
            expires_at: now.checked_add(valid_for).unwrap_or(now + REFRESH_LIFETIME),
            pair: pair.to_owned(),
        };
        let expiry = |g: &TokenGrant| g.expires_at;
        let access = grant(lifetime, &issued.refresh_token);
        insert_bounded(
            &mut self.access,
            issued.access_token.clone(),
            access,
            expiry,
        );
        let refresh = grant(REFRESH_LIFETIME, &issued.access_token);
        insert_bounded(
            &mut self.refresh,
            issued.refresh_token.clone(),
            refresh,
            expiry,
        );
        issued
    }

    /// Revokes an access or a refresh token (RFC 7009); a refresh token takes its access token
    /// with it. Whether there was such a token.
    pub(crate) fn revoke(&mut self, token: &str) -> bool {
        if let Some(grant) = self.refresh.remove(token) {
            self.access.remove(&grant.pair);
            return true;
        }
        self.access.remove(token).is_some()
    }

    /// The live grant behind an access token.
    pub(crate) fn access_grant(&self, token: &str) -> Option<TokenGrant> {
        self.access
            .get(token)
            .filter(|g| g.expires_at > Instant::now())
            .cloned()
    }

    /// The live grant behind a refresh token (not consumed).
    pub(crate) fn refresh_grant(&self, token: &str) -> Option<TokenGrant> {
        self.refresh
            .get(token)
            .filter(|g| g.expires_at > Instant::now())
            .cloned()
    }

    /// Invalidates a refresh token (when it is rotated).
    pub(crate) fn revoke_refresh(&mut self, token: &str) {
        self.refresh.remove(token);
    }

    /// Appends to the request log, keeping the last [`MAX_RECORDED`] entries.
    pub(crate) fn record(&mut self, request: ReceivedRequest) {
        while self.requests.len() >= MAX_RECORDED {
            self.requests.pop_front();
        }
        self.requests.push_back(request);
    }

    /// The request log, oldest first.
    pub(crate) fn requests(&self) -> Vec<ReceivedRequest> {
        self.requests.iter().cloned().collect()
    }

    /// Empties the request log.
    pub(crate) fn clear_requests(&mut self) {
        self.requests.clear();
    }

    /// Drops every expired code and token.
    pub(crate) fn prune(&mut self) {
        let now = Instant::now();
        self.codes.retain(|_, g| g.expires_at > now);
        self.used_codes.retain(|_, (t, _)| *t > now);
        self.access.retain(|_, g| g.expires_at > now);
        self.refresh.retain(|_, g| g.expires_at > now);
    }
}

/// Everything the server and the handle share (inside an `Arc`).
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: Config,
    state: Mutex<State>,
}

impl Shared {
    pub(crate) fn new(config: Config) -> Self {
        Shared {
            config,
            state: Mutex::new(State::default()),
        }
    }

    /// Locks the state. A poisoned lock is still used: the state stays consistent between
    /// statements, and a dev server that refuses to answer helps nobody. Never hold the guard
    /// across an `.await`.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_grant(expires_at: Instant) -> CodeGrant {
        CodeGrant {
            client_id: "c".into(),
            redirect_uri: "http://localhost/cb".into(),
            user: "octocat".into(),
            scope: "read".into(),
            code_challenge: None,
            nonce: None,
            expires_at,
        }
    }

    #[test]
    fn codes_are_single_use_and_replay_revokes() {
        let mut state = State::default();
        let code = state.issue_code(code_grant(Instant::now() + CODE_LIFETIME));
        assert!(code.len() >= 43 + "dev_code_".len());
        let CodeUse::Fresh(grant) = state.use_code(&code) else {
            panic!("first use must succeed")
        };
        let issued = state.issue_tokens(&grant.client_id, &grant.user, &grant.scope, CODE_LIFETIME);
        state.link_code(&code, &issued);
        assert!(state.access_grant(&issued.access_token).is_some());
        assert!(matches!(state.use_code(&code), CodeUse::Replayed));
        assert!(state.access_grant(&issued.access_token).is_none());
        assert!(state.refresh_grant(&issued.refresh_token).is_none());
        assert!(matches!(state.use_code("nope"), CodeUse::Invalid));
    }

    #[test]
    fn revoking_a_refresh_token_revokes_its_access_token() {
        let mut state = State::default();
        let issued = state.issue_tokens("c", "octocat", "", CODE_LIFETIME);
        let other = state.issue_tokens("c", "octocat", "", CODE_LIFETIME);
        assert!(state.revoke(&issued.refresh_token));
        assert!(state.refresh_grant(&issued.refresh_token).is_none());
        assert!(state.access_grant(&issued.access_token).is_none());
        assert!(
            state.access_grant(&other.access_token).is_some(),
            "other pairs stay"
        );
        assert!(state.revoke(&other.access_token));
        assert!(
            state.refresh_grant(&other.refresh_token).is_some(),
            "an access token goes alone"
        );
        assert!(!state.revoke("unknown"));
    }

    #[test]
    fn expired_things_are_pruned() {
        let mut state = State::default();
        let code = state.issue_code(code_grant(Instant::now()));
        let issued = state.issue_tokens("c", "octocat", "", Duration::ZERO);
        assert!(state.access_grant(&issued.access_token).is_none());
        state.prune();
        assert_eq!(state.codes.len(), 0);
        assert_eq!(state.access.len(), 0);
        assert_eq!(state.refresh.len(), 1);
        assert!(matches!(state.use_code(&code), CodeUse::Invalid));
    }

    #[test]
    fn request_log_is_capped() {
        let mut state = State::default();
        for i in 0..MAX_RECORDED + 5 {
            state.record(ReceivedRequest {
                method: "GET".into(),
                path: format!("/api/{i}"),
                query: String::new(),
                headers: vec![],
                body: String::new(),
            });
        }
        let log = state.requests();
        assert_eq!(log.len(), MAX_RECORDED);
        assert_eq!(log[0].path, "/api/5");
        assert_eq!(
            log.last().unwrap().path,
            format!("/api/{}", MAX_RECORDED + 4)
        );
    }

    #[test]
    fn debug_shows_no_secrets() {
        let mut state = State::default();
        let issued = state.issue_tokens("c", "octocat", "", CODE_LIFETIME);
        assert!(!format!("{state:?}").contains(&issued.access_token));
        let config = Config {
            client_id: "id".into(),
            client_secret: "hunter2".into(),
            users: vec![],
            token_lifetime: CODE_LIFETIME,
            require_pkce: false,
            rotate_refresh_tokens: true,
            basic_credentials: Default::default(),
            signed_secret: None,
        };
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
