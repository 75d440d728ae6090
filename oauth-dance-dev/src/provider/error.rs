//! Token endpoint error responses (RFC 6749 §5.2).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, CacheDirective};

/// An error the token endpoint answers with: `{"error": code, "error_description": ...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub(crate) status: StatusCode,
    pub(crate) code: String,
    pub(crate) description: Option<String>,
}

impl OAuthError {
    /// A 400 with this error code and description.
    pub(crate) fn bad_request(code: &str, description: impl Into<String>) -> Self {
        OAuthError {
            status: StatusCode::BAD_REQUEST,
            code: code.to_owned(),
            description: Some(description.into()),
        }
    }

    /// `400 invalid_request`.
    pub(crate) fn invalid_request(description: impl Into<String>) -> Self {
        Self::bad_request("invalid_request", description)
    }

    /// `400 invalid_grant`.
    pub(crate) fn invalid_grant(description: impl Into<String>) -> Self {
        Self::bad_request("invalid_grant", description)
    }

    /// `401 invalid_client`, the reason as its description.
    pub(crate) fn invalid_client_because(description: impl Into<String>) -> Self {
        OAuthError {
            description: Some(description.into()),
            ..Self::invalid_client()
        }
    }

    /// `401 invalid_client`.
    pub(crate) fn invalid_client() -> Self {
        OAuthError {
            status: StatusCode::UNAUTHORIZED,
            code: "invalid_client".to_owned(),
            description: Some("Client authentication failed".to_owned()),
        }
    }

    /// The JSON response, never cached.
    pub(crate) fn response(&self) -> HttpResponse {
        let mut body = serde_json::json!({ "error": self.code });
        if let Some(description) = &self.description {
            body["error_description"] = description.as_str().into();
        }
        let mut builder = HttpResponse::build(self.status);
        builder
            .insert_header(header::CacheControl(vec![CacheDirective::NoStore]))
            .insert_header((header::PRAGMA, "no-cache"));
        if self.status == StatusCode::UNAUTHORIZED {
            builder.insert_header((
                header::WWW_AUTHENTICATE,
                r#"Basic realm="oauth-dance dev provider""#,
            ));
        }
        builder.json(body)
    }
}
