//! The cassette file: the requests a blueprint sent and the answers it got, scrubbed, as JSON
//! that reads well in a code review.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

/// A cassette file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct CassetteFile {
    /// What wrote it.
    pub recorded_with: String,
    /// The exchanges, in the order they happened.
    pub interactions: Vec<Interaction>,
}

/// One request and its answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Interaction {
    pub request: Request,
    pub response: Response,
}

/// A request as the transport saw it (scrubbed once written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Request {
    pub method: String,
    pub url: String,
    /// Name (lower case) and value, in order; a name may repeat.
    pub headers: Vec<(String, String)>,
    #[serde(flatten)]
    pub body: Body,
}

/// An answer (scrubbed once written).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    #[serde(flatten)]
    pub body: Body,
}

/// A body: text when it is UTF-8, else base64.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Body {
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_encoding: Option<String>,
}

const BASE64: &str = "base64";

impl Body {
    pub fn from_bytes(bytes: &[u8]) -> Body {
        match std::str::from_utf8(bytes) {
            Ok(text) => Body {
                body: text.to_string(),
                body_encoding: None,
            },
            Err(_) => Body {
                body: STANDARD.encode(bytes),
                body_encoding: Some(BASE64.to_string()),
            },
        }
    }

    /// The body's text, if it is text.
    pub fn text(&self) -> Option<&str> {
        self.body_encoding.is_none().then_some(self.body.as_str())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        match self.body_encoding.as_deref() {
            Some(BASE64) => STANDARD.decode(&self.body).unwrap_or_default(),
            _ => self.body.clone().into_bytes(),
        }
    }
}

/// The value of header `name` (lower case), if any.
pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}
