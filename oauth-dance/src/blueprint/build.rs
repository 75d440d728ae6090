//! `build()`: every check of a blueprint's settings, in order, and the blueprint they make.

use std::sync::Arc;

use oauth_dance_spec::naming::{self, Credential, NAME_RULE};
use oauth_dance_spec::template;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use super::builder::CoreSettings;
use super::{Blueprint, BlueprintBuilder, BlueprintInner, Core, FlowBuilder, FlowSetup, Routes};
use crate::config::{env_value, insecure_transport_allowed, provider_url};
use crate::error::ConfigError;
use crate::provider::Protocol;
use crate::provider::resolve::ResolvedOptions;
use crate::session_state::AttemptKeys;
use crate::transport::{ReqwestTransport, Transport};

impl<F: FlowBuilder> BlueprintBuilder<F> {
    /// Checks every setting and builds the blueprint.
    pub fn build(self) -> Result<Blueprint, ConfigError> {
        let BlueprintBuilder { core, flow } = self;
        let name = core.name.clone();
        if !naming::is_valid_name(&name) {
            let reason = format!("use {NAME_RULE} (it becomes a route and a variable name)");
            return Err(ConfigError::invalid(&name, "name", reason));
        }
        check_protocol(&core, flow.protocol())?;
        let options = ResolvedOptions::resolve(&name, core.options(), &core.option_values)?;
        let allow_insecure = insecure_transport_allowed();
        let credentials = Credentials::read(&core, flow.needs_client_id())?;
        let setup = FlowSetup {
            name: &name,
            client_id: &credentials.id,
            client_secret: credentials.secret.as_deref(),
            client_secret_var: &credentials.secret_var,
            options: &options,
            quirks: &core.quirks,
            allow_insecure,
        };
        let flow = flow.build_flow(&setup)?;
        let base_url = api_base(&core, &options, flow.default_base_url(), allow_insecure)?;
        let core = Core {
            token_origins: token_origins(&core, &base_url, allow_insecure)?,
            base_url,
            headers: headers(&core, &options, &credentials.id)?,
            routes: Routes::new(&name, &core.login_url, &core.authorized_url)?,
            transport: transport(&name, core.transport)?,
            provider: core.provider.as_ref().and_then(|p| p.ty),
            display_name: core.display_name.unwrap_or_else(|| name.clone()),
            client_id: credentials.id,
            quirks: core.quirks,
            redirect: core.redirect,
            storage: core.storage,
            hooks: core.hooks,
            timeout: core.timeout,
            attempts: core.attempts,
            attempt_keys: AttemptKeys::new(&name),
            allow_insecure,
            refreshes: Default::default(),
            api_urls: Default::default(),
            name,
        };
        Ok(Blueprint(Arc::new(BlueprintInner { core, flow })))
    }
}

/// A provider spec read by the builder of another protocol (`OAuth2Builder::from_spec` of an
/// OAuth 1 provider) is refused, naming the builder that reads it.
fn check_protocol(core: &CoreSettings, built: Option<Protocol>) -> Result<(), ConfigError> {
    let (Some(source), Some(built)) = (&core.provider, built) else {
        return Ok(());
    };
    let spoken = source.spec.protocol.kind();
    if spoken == built {
        return Ok(());
    }
    let reason = format!(
        "the provider `{}` speaks {} (`protocol = \"{}\"`): build its blueprint with `{}`, not \
         `{}`",
        source.spec.name,
        label(spoken),
        spoken.name(),
        builder_name(spoken),
        builder_name(built)
    );
    Err(ConfigError::invalid(&core.name, "protocol", reason))
}

/// "OAuth 2.0", "OAuth 1.0a".
fn label(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::OAuth1 => "OAuth 1.0a",
        _ => "OAuth 2.0",
    }
}

/// The builder of a protocol's blueprints.
fn builder_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::OAuth1 => "OAuth1Builder",
        _ => "OAuth2Builder",
    }
}

/// The base URL of the API, with its path ending in `/`: relative URLs resolve under it (RFC 3986
/// would otherwise replace its last segment: `https://www.strava.com/api/v3` + `athlete` would
/// be `/api/athlete`, which is what Flask-Dance does, and not Strava's API).
fn api_base(
    core: &CoreSettings,
    options: &ResolvedOptions,
    default: Option<String>,
    allow_insecure: bool,
) -> Result<Url, ConfigError> {
    let name = core.name.as_str();
    let mut base_url = options.fill(name, "base URL", &core.base_url)?;
    if base_url.is_empty() {
        base_url = default.unwrap_or_default();
    }
    if base_url.is_empty() {
        return Err(ConfigError::invalid(
            name,
            "base_url",
            "required: set it on the builder",
        ));
    }
    let mut url = provider_url(name, "base URL", &base_url, allow_insecure)?;
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// The origins API calls may send the token to: the base URL's, and the app's extra ones.
fn token_origins(
    core: &CoreSettings,
    base_url: &Url,
    allow_insecure: bool,
) -> Result<Vec<url::Origin>, ConfigError> {
    let mut origins = vec![base_url.origin()];
    for extra in &core.token_origins {
        origins.push(provider_url(&core.name, "token origin", extra, allow_insecure)?.origin());
    }
    Ok(origins)
}

/// The client's credentials, from the builder or the environment.
struct Credentials {
    id: String,
    secret: Option<String>,
    secret_var: String,
}

impl Credentials {
    fn read(core: &CoreSettings, id_required: bool) -> Result<Credentials, ConfigError> {
        let id_var = core.credential_var(Credential::ClientId);
        let secret_var = core.credential_var(Credential::ClientSecret).into_owned();
        let id = core.client_id.clone().or_else(|| env_value(&id_var));
        let id = match id {
            Some(id) => id,
            None if !id_required => String::new(),
            None => {
                return Err(ConfigError::Missing {
                    blueprint: core.name.clone(),
                    what: "client id",
                    variable: id_var.into_owned(),
                });
            }
        };
        let secret = match &core.client_secret {
            Some(secret) => Some(secret.expose().to_string()),
            None => env_value(&secret_var),
        };
        Ok(Credentials {
            id,
            secret,
            secret_var,
        })
    }
}

/// The provider's headers, then the options', then the app's; `{client_id}` and the options'
/// placeholders filled.
fn headers(
    core: &CoreSettings,
    options: &ResolvedOptions,
    client_id: &str,
) -> Result<HeaderMap, ConfigError> {
    let name = core.name.as_str();
    let mut map = HeaderMap::new();
    for (key, value) in core
        .provider_headers
        .iter()
        .chain(&options.headers)
        .chain(&core.headers)
    {
        let bad = |reason: &str| ConfigError::invalid(name, format!("header {key}"), reason);
        let header =
            HeaderName::from_bytes(key.as_bytes()).map_err(|_| bad("not a valid header name"))?;
        let value = options.fill(name, "header", value)?;
        let value = template::fill(&value, |p| {
            (p == "client_id").then(|| client_id.to_string())
        })
        .map_err(|err| bad(&err.to_string()))?;
        let value = HeaderValue::from_str(&value).map_err(|_| bad("not a valid header value"))?;
        map.insert(header, value);
    }
    Ok(map)
}

fn transport(
    name: &str,
    chosen: Option<Arc<dyn Transport>>,
) -> Result<Arc<dyn Transport>, ConfigError> {
    match chosen {
        Some(transport) => Ok(transport),
        None => {
            let default = ReqwestTransport::new()
                .map_err(|e| ConfigError::invalid(name, "http client", e.to_string()))?;
            Ok(Arc::new(default))
        }
    }
}
