//! A blueprint's two routes: their paths, their names, and the URLs built from them for a
//! request (the absolute callback URL sent as `redirect_uri`, the login view's path).

use actix_web::HttpRequest;
use oauth_dance_spec::{naming, template};
use url::Url;

use super::Blueprint;
use crate::context::RequestContext;
use crate::error::ConfigError;

/// The login and callback routes of a blueprint.
#[derive(Debug, Clone)]
pub(crate) struct Routes {
    /// The login view's path, relative to where the blueprint is mounted (`/github`).
    pub login_path: String,
    /// The callback view's path (`/github/authorized`).
    pub authorized_path: String,
    /// The login view's route name (`github.login`).
    pub login_name: String,
    /// The callback view's route name (`github.authorized`).
    pub authorized_name: String,
}

impl Routes {
    /// The routes of blueprint `name`, from the `login_url` / `authorized_url` templates, in
    /// which `{name}` is the only placeholder.
    pub fn new(name: &str, login_url: &str, authorized_url: &str) -> Result<Routes, ConfigError> {
        let login_path = route_path(name, "login_url", login_url)?;
        let authorized_path = route_path(name, "authorized_url", authorized_url)?;
        if login_path == authorized_path {
            return Err(ConfigError::invalid(
                name,
                "authorized_url",
                "must differ from login_url",
            ));
        }
        Ok(Routes {
            login_path,
            authorized_path,
            login_name: naming::login_route(name),
            authorized_name: naming::authorized_route(name),
        })
    }
}

fn route_path(name: &str, what: &str, template: &str) -> Result<String, ConfigError> {
    let refuse = || {
        ConfigError::invalid(
            name,
            what,
            format!("`{template}` must be a path starting with '/' (only `{{name}}` is replaced)"),
        )
    };
    let path = template::fill(template, |placeholder| {
        (placeholder == "name").then(|| name.to_string())
    })
    .map_err(|_| refuse())?;
    if !path.starts_with('/') || path.contains(['{', '}', '?', '#']) {
        return Err(refuse());
    }
    Ok(path)
}

/// Why a request has no callback URL.
pub(crate) enum CallbackUrlError {
    /// The app's mistake: the callback route is not mounted.
    NotMounted(String),
    /// The request's: its host is malformed or not allowed.
    Host(crate::error::DanceError),
}

impl Blueprint {
    /// The absolute callback URL for this request (`redirect_uri`): the app's public URL if
    /// configured, else the request's own scheme and host.
    pub(crate) fn callback_url(
        &self,
        req: &HttpRequest,
        ctx: &RequestContext,
    ) -> Result<Url, CallbackUrlError> {
        let path = self
            .path_of(req, self.authorized_route())
            .ok_or_else(|| CallbackUrlError::NotMounted(self.authorized_route().to_string()))?;
        ctx.origin()
            .absolute(req, &path)
            .map_err(CallbackUrlError::Host)
    }

    /// The path of the login view in the app serving `req` (`/` when it is not mounted).
    pub(crate) fn login_location(&self, req: &HttpRequest) -> String {
        self.path_of(req, self.login_route())
            .unwrap_or_else(|| "/".to_string())
    }

    /// The path of route `route` (one of this blueprint's, or any of the app's) in the app
    /// serving `req`. From one of the blueprint's own views it is computed from where the
    /// request was routed; elsewhere actix's `url_for` builds it (which also reads the request's
    /// host, and fails on a malformed one).
    pub(crate) fn path_of(&self, req: &HttpRequest, route: &str) -> Option<String> {
        let own = if route == self.login_route() {
            Some(self.login_path())
        } else if route == self.authorized_route() {
            Some(self.authorized_path())
        } else {
            None
        };
        if let (Some(own), Some(prefix)) = (own, self.mount_prefix(req)) {
            return Some([prefix, own].concat());
        }
        req.url_for_static(route).ok().map(|u| u.path().to_string())
    }

    /// Where the blueprint is mounted, when `req` is for one of its own views.
    fn mount_prefix<'r>(&self, req: &'r HttpRequest) -> Option<&'r str> {
        let here = match req.match_name()? {
            name if name == self.login_route() => self.login_path(),
            name if name == self.authorized_route() => self.authorized_path(),
            _ => return None,
        };
        req.path().strip_suffix(here)
    }
}
