//! Scrubbing: nothing secret is written to a cassette. Tokens, client secrets, codes, verifiers
//! and signatures are replaced by name wherever they stand (query, form or JSON body), the
//! `Authorization`, `Cookie` and `Set-Cookie` headers are replaced, and every secret value seen
//! that way is then replaced wherever else it shows up (an API that echoes a header, a token
//! inside a URL).

use std::collections::BTreeSet;

use serde_json::Value;
use url::Url;

use super::format::{Body, Request, Response, header};

/// What a scrubbed value reads as.
pub(crate) const SCRUBBED: &str = "[scrubbed]";

/// Parameters and JSON fields whose values are secret (or change with every dance, so a
/// recording could never match again).
const SECRET_NAMES: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "code",
    "client_secret",
    "code_verifier",
    "client_assertion",
    "assertion",
    "password",
    "state",
    "oauth_token",
    "oauth_token_secret",
    "oauth_verifier",
    "oauth_signature",
    "oauth_nonce",
    "oauth_timestamp",
];

/// Headers whose whole value is secret (`Authorization` keeps its scheme).
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Shorter values are scrubbed where they are named, never searched for elsewhere.
const MIN_SEARCHED: usize = 4;

fn is_secret_name(name: &str) -> bool {
    SECRET_NAMES.contains(&name.to_ascii_lowercase().as_str())
}

/// The secret values known so far; scrubs requests and answers with them.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scrubber {
    secrets: BTreeSet<String>,
}

impl Scrubber {
    /// Also replace `value` wherever it appears.
    pub fn add(&mut self, value: &str) {
        if value.len() >= MIN_SEARCHED && value != SCRUBBED {
            self.secrets.insert(value.to_string());
            let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
            if encoded != value {
                self.secrets.insert(encoded);
            }
        }
    }

    /// Learns the secret values a request carries.
    pub fn learn_request(&mut self, request: &Request) {
        if let Ok(url) = Url::parse(&request.url) {
            for (name, value) in url.query_pairs() {
                if is_secret_name(&name) {
                    self.add(&value);
                }
            }
        }
        self.learn_headers(&request.headers);
        self.learn_body(&request.headers, &request.body);
    }

    /// Learns the secret values an answer carries (the tokens of a token response).
    pub fn learn_response(&mut self, response: &Response) {
        self.learn_headers(&response.headers);
        self.learn_body(&response.headers, &response.body);
    }

    fn learn_headers(&mut self, headers: &[(String, String)]) {
        for (name, value) in headers {
            if SECRET_HEADERS.contains(&name.as_str()) {
                for part in credentials(name, value) {
                    self.add(part);
                }
            }
        }
    }

    fn learn_body(&mut self, headers: &[(String, String)], body: &Body) {
        let Some(text) = body.text() else { return };
        if let Ok(json) = serde_json::from_str::<Value>(text) {
            let mut found = Vec::new();
            secret_fields(&json, &mut found);
            found.iter().for_each(|v| self.add(v));
        } else if is_form(headers, text) {
            for (name, value) in url::form_urlencoded::parse(text.as_bytes()) {
                if is_secret_name(&name) {
                    self.add(&value);
                }
            }
        }
    }

    /// The request with every secret replaced.
    pub fn request(&self, request: &Request) -> Request {
        Request {
            method: request.method.clone(),
            url: self.url(&request.url),
            headers: self.headers(&request.headers),
            body: self.body(&request.headers, &request.body),
        }
    }

    /// The answer with every secret replaced.
    pub fn response(&self, response: &Response) -> Response {
        Response {
            status: response.status,
            headers: self.headers(&response.headers),
            body: self.body(&response.headers, &response.body),
        }
    }

    /// Replaces every known secret value in `text`.
    fn text(&self, text: &str) -> String {
        // Longest first, so a secret containing another is replaced whole.
        let mut secrets: Vec<&String> = self.secrets.iter().collect();
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.into_iter().fold(text.to_string(), |text, secret| {
            text.replace(secret.as_str(), SCRUBBED)
        })
    }

    fn url(&self, url: &str) -> String {
        let Ok(mut parsed) = Url::parse(url) else {
            return self.text(url);
        };
        if parsed.query().is_some() {
            let pairs = self.pairs(parsed.query().unwrap_or_default());
            parsed.set_query(Some(&pairs));
        }
        let path = self.text(parsed.path());
        parsed.set_path(&path);
        parsed.to_string()
    }

    /// A query or form: secret names scrubbed, other values searched.
    fn pairs(&self, encoded: &str) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in url::form_urlencoded::parse(encoded.as_bytes()) {
            if is_secret_name(&name) {
                out.append_pair(&name, SCRUBBED);
            } else {
                out.append_pair(&name, &self.text(&value));
            }
        }
        out.finish()
    }

    fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(name, value)| {
                let value = match name.as_str() {
                    "authorization" | "proxy-authorization" => keep_scheme(value),
                    _ if SECRET_HEADERS.contains(&name.as_str()) => SCRUBBED.to_string(),
                    _ => self.text(value),
                };
                (name.clone(), value)
            })
            .collect()
    }

    fn body(&self, headers: &[(String, String)], body: &Body) -> Body {
        let Some(text) = body.text() else {
            return body.clone();
        };
        let scrubbed = if let Ok(mut json) = serde_json::from_str::<Value>(text) {
            scrub_fields(&mut json);
            self.text(&json.to_string())
        } else if is_form(headers, text) {
            self.pairs(text)
        } else {
            self.text(text)
        };
        Body::from_bytes(scrubbed.as_bytes())
    }
}

/// Whether a body is a form: so labelled, or plain text made of `name=value` pairs (some token
/// endpoints answer OAuth 1 tokens as `text/plain`).
pub(crate) fn is_form(headers: &[(String, String)], text: &str) -> bool {
    let content_type = header(headers, "content-type").unwrap_or_default();
    content_type.starts_with("application/x-www-form-urlencoded")
        || (content_type.starts_with("text/plain")
            && !text.is_empty()
            && text.split('&').all(|pair| pair.contains('=')))
}

/// The secret parts of a credentials header: `Bearer <token>` → the token; OAuth 1's
/// `OAuth oauth_token="…", oauth_signature="…"` → those values; a cookie → its values.
fn credentials<'a>(name: &str, value: &'a str) -> Vec<&'a str> {
    let values = |pairs: &'a str, separator: char| -> Vec<&'a str> {
        pairs
            .split(separator)
            .filter_map(|pair| pair.split_once('='))
            .map(|(_, v)| v.trim().trim_matches('"'))
            .collect()
    };
    match name {
        "cookie" => values(value, ';'),
        // The cookie itself, not its attributes.
        "set-cookie" => values(value.split(';').next().unwrap_or_default(), ';'),
        _ => match value.split_once(' ') {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("OAuth") => values(rest, ','),
            Some((_, rest)) => vec![rest.trim()],
            None => vec![value.trim()],
        },
    }
}

/// `Bearer abc` → `Bearer [scrubbed]`; a bare value → `[scrubbed]`.
fn keep_scheme(value: &str) -> String {
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} {SCRUBBED}"),
        None => SCRUBBED.to_string(),
    }
}

/// The string values of secret-named fields, at any depth.
fn secret_fields(json: &Value, found: &mut Vec<String>) {
    match json {
        Value::Object(map) => {
            for (name, value) in map {
                match value {
                    Value::String(s) if is_secret_name(name) => found.push(s.clone()),
                    other => secret_fields(other, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| secret_fields(v, found)),
        _ => {}
    }
}

/// Replaces secret-named fields, at any depth.
fn scrub_fields(json: &mut Value) {
    match json {
        Value::Object(map) => {
            for (name, value) in map.iter_mut() {
                if is_secret_name(name) && !value.is_null() {
                    *value = Value::from(SCRUBBED);
                } else {
                    scrub_fields(value);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(scrub_fields),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str, headers: &[(&str, &str)], body: &str) -> Request {
        Request {
            method: "POST".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Body::from_bytes(body.as_bytes()),
        }
    }

    #[test]
    fn secrets_are_replaced_by_name_and_then_wherever_they_appear() {
        let token_request = request(
            "https://example.com/token?client_secret=s3cr3t-value",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("authorization", "Basic aWQ6czNjcjN0"),
            ],
            "grant_type=authorization_code&code=the-code-123&redirect_uri=http%3A%2F%2Flocalhost%2Fcb",
        );
        let answer = Response {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: Body::from_bytes(
                br#"{"access_token":"tok-abcdef","nested":{"refresh_token":"ref-123456"}}"#,
            ),
        };
        let echo = request(
            "https://example.com/api/echo",
            &[("content-type", "text/plain")],
            "you sent Bearer tok-abcdef and s3cr3t-value",
        );
        let mut scrubber = Scrubber::default();
        scrubber.learn_request(&token_request);
        scrubber.learn_response(&answer);
        let written = format!(
            "{:?}{:?}{:?}",
            scrubber.request(&token_request),
            scrubber.response(&answer),
            scrubber.request(&echo)
        );
        for secret in [
            "s3cr3t-value",
            "the-code-123",
            "tok-abcdef",
            "ref-123456",
            "aWQ6czNjcjN0",
        ] {
            assert!(!written.contains(secret), "{secret} in {written}");
        }
        assert!(
            written.contains("grant_type=authorization_code"),
            "{written}"
        );
        assert!(written.contains("Basic [scrubbed]"), "{written}");
        assert!(
            written.contains("redirect_uri=http%3A%2F%2Flocalhost%2Fcb"),
            "{written}"
        );
    }

    #[test]
    fn oauth1_headers_and_plain_text_forms_are_scrubbed() {
        let signed = request(
            "https://example.com/oauth1/access_token",
            &[(
                "authorization",
                r#"OAuth oauth_consumer_key="ck", oauth_token="req-token-1", oauth_signature="c2lnbmF0dXJl""#,
            )],
            "",
        );
        let answer = Response {
            status: 200,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: Body::from_bytes(
                b"oauth_token=acc-token-1&oauth_token_secret=acc-secret-1&screen_name=octocat",
            ),
        };
        let mut scrubber = Scrubber::default();
        scrubber.learn_request(&signed);
        scrubber.learn_response(&answer);
        let written = format!(
            "{:?}{:?}",
            scrubber.request(&signed),
            scrubber.response(&answer)
        );
        for secret in ["req-token-1", "c2lnbmF0dXJl", "acc-token-1", "acc-secret-1"] {
            assert!(!written.contains(secret), "{secret} in {written}");
        }
        assert!(written.contains("screen_name=octocat"), "{written}");
    }
}
