//! The `{placeholder}` grammar of provider URLs and headers (`https://{tenant}.example.com/`),
//! route templates (`/{name}/authorized`), session key templates (`{name}_oauth_token`) and
//! option templates (`{value}`).
//!
//! A placeholder is a name between braces; a brace is always part of a placeholder (there is no
//! escape), so `}` without its `{`, a `{` without its `}`, `{}` and nested braces are malformed.

use std::fmt;

/// A piece of a parsed template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// `{name}`: the name, without braces.
    Placeholder(&'a str),
}

/// Why a template does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    template: String,
    unmatched_close: bool,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = &self.template;
        if self.unmatched_close {
            write!(
                f,
                "`{text}` has a `}}` without its `{{`; placeholders are written `{{name}}`"
            )
        } else {
            write!(
                f,
                "`{text}` has a malformed placeholder; placeholders are written `{{name}}`"
            )
        }
    }
}

impl std::error::Error for TemplateError {}

/// Splits a template into text and placeholders.
///
/// ```
/// use oauth_dance_spec::template::{Piece, parse};
/// assert_eq!(
///     parse("https://{tenant}.x/").unwrap(),
///     [Piece::Text("https://"), Piece::Placeholder("tenant"), Piece::Text(".x/")]
/// );
/// assert!(parse("https://{tenant.x/").is_err());
/// ```
pub fn parse(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let error = |unmatched_close| TemplateError {
        template: template.to_string(),
        unmatched_close,
    };
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        if rest[at..].starts_with('}') {
            return Err(error(true));
        }
        if at > 0 {
            pieces.push(Piece::Text(&rest[..at]));
        }
        let after = &rest[at + 1..];
        match after.find(['{', '}']) {
            Some(end) if after[end..].starts_with('}') && end > 0 => {
                pieces.push(Piece::Placeholder(&after[..end]));
                rest = &after[end + 1..];
            }
            _ => return Err(error(false)),
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// The placeholder names of a template, in order.
pub fn placeholders(template: &str) -> Result<Vec<&str>, TemplateError> {
    Ok(parse(template)?
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Placeholder(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect())
}

/// Fills the placeholders `value` knows; the others are kept as written (`{client_id}` in a
/// header is filled later, once the client id is known).
///
/// ```
/// use oauth_dance_spec::template::fill;
/// let url = fill("https://{tenant}/{client_id}", |name| (name == "tenant").then(|| "acme".to_string()));
/// assert_eq!(url.unwrap(), "https://acme/{client_id}");
/// ```
pub fn fill(
    template: &str,
    value: impl Fn(&str) -> Option<String>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len());
    for piece in parse(template)? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Placeholder(name) => match value(name) {
                Some(filled) => out.push_str(&filled),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_templates_are_errors() {
        assert_eq!(placeholders("https://{a}.x/{b}").unwrap(), ["a", "b"]);
        for bad in ["https://{a.x", "https://a}.x", "https://{}.x", "{a{b}}"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("a}").unwrap_err().to_string().contains("without its"));
        assert!(parse("{a").unwrap_err().to_string().contains("malformed"));
    }

    #[test]
    fn text_without_placeholders_is_one_piece() {
        assert_eq!(parse("plain").unwrap(), [Piece::Text("plain")]);
        assert_eq!(parse("").unwrap(), []);
    }
}
