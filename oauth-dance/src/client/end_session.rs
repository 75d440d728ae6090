//! RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): after the local logout, the
//! URL that ends the user's session at the provider too.

use serde_json::Value;
use url::Url;

use super::{Client, Logout};
use crate::error::Error;

impl Client {
    /// Logs the user out here ([`logout`](Self::logout): revoke, forget) and, when the
    /// provider is an OpenID Provider announcing an `end_session_endpoint`, gives in
    /// [`Logout::end_session_url`] where to send the browser so the provider ends its session
    /// too: the endpoint with the login's ID token as `id_token_hint`, the `client_id`, the
    /// `post_logout_redirect_uri` (absolute, and registered with the provider) the provider
    /// sends the user back to, and `state` when given (it comes back on that redirect).
    /// [`Logout::redirect`] answers with that redirect, or goes to a page of the app's without
    /// one.
    ///
    /// A provider whose metadata cannot be fetched right now gets no end-session URL (the
    /// local logout is done all the same, and the cause is logged).
    ///
    /// ```no_run
    /// use actix_web::HttpResponse;
    /// use oauth_dance::Client;
    ///
    /// async fn logout() -> oauth_dance::Result<HttpResponse> {
    ///     let client = Client::current("oidc")?;
    ///     let done = client
    ///         .logout_at_provider("https://app.example.com/bye", None)
    ///         .await?;
    ///     Ok(done.redirect("/bye"))
    /// }
    /// ```
    pub async fn logout_at_provider(
        &self,
        post_logout_redirect_uri: &str,
        state: Option<&str>,
    ) -> Result<Logout, Error> {
        let back = Url::parse(post_logout_redirect_uri).map_err(|e| Error::Url {
            url: post_logout_redirect_uri.to_string(),
            reason: format!("the post-logout redirect URI must be absolute: {e}"),
        })?;
        let token = self.token().await?;
        let id_token = token
            .as_ref()
            .and_then(|t| t.get("id_token"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let endpoint = self.end_session_endpoint().await;
        let mut done = self.logout().await?;
        done.end_session_url = endpoint.map(|mut url| {
            let mut query = url.query_pairs_mut();
            if let Some(hint) = &id_token {
                query.append_pair("id_token_hint", hint);
            }
            query
                .append_pair("client_id", self.blueprint().client_id())
                .append_pair("post_logout_redirect_uri", back.as_str());
            if let Some(state) = state {
                query.append_pair("state", state);
            }
            drop(query);
            url
        });
        Ok(done)
    }

    /// The provider's end-session endpoint, if it announces one (a failed discovery is logged).
    async fn end_session_endpoint(&self) -> Option<Url> {
        let bp = self.blueprint();
        match bp.oauth2()?.end_session_url(bp).await {
            Ok(url) => url,
            Err(error) => {
                tracing::warn!(
                    blueprint = bp.name(),
                    "oauth-dance: no RP-initiated logout, the provider's metadata failed: {error}"
                );
                None
            }
        }
    }
}

impl Logout {
    /// A redirect to [`end_session_url`](Self::end_session_url) when there is one, else to
    /// `fallback` (a page of the app's).
    pub fn redirect(&self, fallback: &str) -> actix_web::HttpResponse {
        let location = self.end_session_url.as_ref().map_or(fallback, Url::as_str);
        actix_web::HttpResponse::Found()
            .insert_header((actix_web::http::header::LOCATION, location))
            .finish()
    }
}
