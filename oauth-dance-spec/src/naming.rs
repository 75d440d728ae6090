//! Blueprint names and the names derived from them.
//!
//! A blueprint's name becomes a route (`/github`), route names (`github.login`), session keys
//! (`github_oauth_token`), environment variables (`GITHUB_OAUTH_CLIENT_ID`) and, for presets, a
//! module (`oauth_dance::contrib::github`), so it is restricted to what is valid in all of them.

/// What a blueprint name may be, for error messages.
pub const NAME_RULE: &str = "lowercase ASCII letters, digits, `-` or `_`, starting with a letter, like `github` or `azure-ad`";

/// Whether `name` is a valid blueprint name ([`NAME_RULE`]).
///
/// ```
/// use oauth_dance_spec::naming::is_valid_name;
/// assert!(is_valid_name("github-work"));
/// assert!(!is_valid_name("GitHub"));
/// assert!(!is_valid_name("9x"));
/// assert!(!is_valid_name(""));
/// ```
pub fn is_valid_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// One of a provider's credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The client id (`…_OAUTH_CLIENT_ID`).
    ClientId,
    /// The client secret (`…_OAUTH_CLIENT_SECRET`).
    ClientSecret,
}

/// The default environment variable of a credential: `{NAME}_OAUTH_CLIENT_ID` /
/// `{NAME}_OAUTH_CLIENT_SECRET`, NAME being the upper-cased name with `-` turned into `_`.
///
/// ```
/// use oauth_dance_spec::naming::{Credential, env_var};
/// assert_eq!(env_var("azure-ad", Credential::ClientId), "AZURE_AD_OAUTH_CLIENT_ID");
/// ```
pub fn env_var(name: &str, credential: Credential) -> String {
    let what = match credential {
        Credential::ClientId => "ID",
        Credential::ClientSecret => "SECRET",
    };
    format!("{}_OAUTH_CLIENT_{what}", env_prefix(name))
}

/// The default environment variable of an OAuth 1 consumer's RSA private key (for `RSA-SHA1`):
/// `{NAME}_OAUTH_RSA_KEY`.
///
/// ```
/// use oauth_dance_spec::naming::rsa_key_var;
/// assert_eq!(rsa_key_var("jira"), "JIRA_OAUTH_RSA_KEY");
/// ```
pub fn rsa_key_var(name: &str) -> String {
    format!("{}_OAUTH_RSA_KEY", env_prefix(name))
}

/// What a client signs its secret with ([`ClientAuth::SignedSecretPost`](crate::ClientAuth)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningPart {
    /// The id of the account that owns the key, the JWT's `iss` (Apple's Team ID):
    /// `{NAME}_OAUTH_TEAM_ID`.
    TeamId,
    /// The id of the key, the JWT's `kid` header (Apple's Key ID): `{NAME}_OAUTH_KEY_ID`.
    KeyId,
    /// The EC P-256 private key, PKCS#8 PEM text or the path of a `.p8` file:
    /// `{NAME}_OAUTH_PRIVATE_KEY`.
    PrivateKey,
}

impl SigningPart {
    /// Every part, in declaration order.
    pub const ALL: [SigningPart; 3] = [
        SigningPart::TeamId,
        SigningPart::KeyId,
        SigningPart::PrivateKey,
    ];

    /// The default environment variable of this part for blueprint `name`.
    ///
    /// ```
    /// use oauth_dance_spec::naming::SigningPart;
    /// assert_eq!(SigningPart::TeamId.var("apple"), "APPLE_OAUTH_TEAM_ID");
    /// assert_eq!(SigningPart::PrivateKey.var("apple"), "APPLE_OAUTH_PRIVATE_KEY");
    /// ```
    pub fn var(self, name: &str) -> String {
        let what = match self {
            SigningPart::TeamId => "TEAM_ID",
            SigningPart::KeyId => "KEY_ID",
            SigningPart::PrivateKey => "PRIVATE_KEY",
        };
        format!("{}_OAUTH_{what}", env_prefix(name))
    }
}

/// The prefix of a blueprint's environment variables: `azure-ad` → `AZURE_AD`.
pub fn env_prefix(name: &str) -> String {
    name.to_ascii_uppercase().replace('-', "_")
}

/// The route name of a blueprint's login view, for `url_for`: `github.login`.
pub fn login_route(name: &str) -> String {
    format!("{name}.login")
}

/// The route name of a blueprint's callback view: `github.authorized`.
pub fn authorized_route(name: &str) -> String {
    format!("{name}.authorized")
}

/// The module of a preset: its name with `-` turned into `_` (`azure-ad` → `azure_ad`).
pub fn module_name(name: &str) -> String {
    name.replace('-', "_")
}
