//! [`CallbackQuery`]: the query string of a callback, as the provider sent it, read strictly.

use std::ops::Range;

use crate::error::DanceError;

/// The parameters of a callback (`?code=…&state=…`), decoded, in order.
///
/// It is read strictly, as an authorization server reads its requests: a query that does not
/// decode to UTF-8 is refused, a parameter the flow reads must not be repeated (RFC 6749 §3.1),
/// and an empty value counts as absent.
///
/// ```
/// use oauth_dance::flow::CallbackQuery;
/// let query = CallbackQuery::parse("code=abc&state=x%20y&scope=").unwrap();
/// assert_eq!(query.one("state").unwrap(), Some("x y"));
/// assert_eq!(query.one("scope").unwrap(), None);
/// assert!(CallbackQuery::parse("code=%FF").is_err());
/// assert_eq!(CallbackQuery::parse("x=%C3%A9").unwrap().one("x").unwrap(), Some("é"));
/// assert!(CallbackQuery::parse("state=a&state=b").unwrap().one("state").is_err());
/// assert!(!format!("{query:?}").contains("abc"), "no value in Debug output");
/// ```
#[derive(Clone, Default)]
pub struct CallbackQuery {
    /// Every decoded name and value, one after the other: one allocation for the whole query.
    text: String,
    /// Where each parameter's name and value are in `text`, in order.
    pairs: Vec<(Range<usize>, Range<usize>)>,
}

impl CallbackQuery {
    /// Decodes a query string (`application/x-www-form-urlencoded`); one that is not UTF-8
    /// once decoded is a [`DanceError::BadCallback`].
    pub fn parse(query: &str) -> Result<Self, DanceError> {
        // Decoding never lengthens the text; a callback has a few parameters (code, state,
        // perhaps iss and scope).
        let mut parsed = CallbackQuery {
            text: String::with_capacity(query.len()),
            pairs: Vec::with_capacity(4),
        };
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if not_utf8(&name) || not_utf8(&value) {
                let reason = format!(
                    "the parameter {:?} is not UTF-8",
                    name.escape_debug().to_string()
                );
                return Err(DanceError::BadCallback(reason));
            }
            let name = parsed.append(&name);
            let value = parsed.append(&value);
            parsed.pairs.push((name, value));
        }
        Ok(parsed)
    }

    fn append(&mut self, decoded: &str) -> Range<usize> {
        let start = self.text.len();
        self.text.push_str(decoded);
        start..self.text.len()
    }

    /// The value of parameter `name`: `None` when it is absent or empty, a
    /// [`DanceError::BadCallback`] when it is repeated.
    pub fn one(&self, name: &str) -> Result<Option<&str>, DanceError> {
        let mut found = None;
        for (k, v) in &self.pairs {
            if self.text.as_bytes()[k.clone()] != *name.as_bytes() {
                continue;
            }
            if found.is_some() {
                return Err(DanceError::BadCallback(format!(
                    "the parameter `{name}` is repeated"
                )));
            }
            found = Some(&self.text[v.clone()]);
        }
        Ok(found.filter(|v| !v.is_empty()))
    }

    /// The parameter names, in order (for error messages: never the values).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs().map(|(k, _)| k)
    }

    /// Removes parameter `name`, and says what it was (as [`one`](Self::one) reads it).
    pub(crate) fn take(&mut self, name: &str) -> Result<Option<String>, DanceError> {
        let value = self.one(name)?.map(str::to_string);
        let text = &self.text;
        self.pairs.retain(|(k, _)| &text[k.clone()] != name);
        Ok(value)
    }

    /// Every parameter, in order.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.pairs
            .iter()
            .map(|(k, v)| (&self.text[k.clone()], &self.text[v.clone()]))
    }
}

/// Whether a decoded parameter had bytes that are not UTF-8 (the lossy decoding replaced them
/// with U+FFFD). Callback parameters are nearly always ASCII, which a quick pass rules out before
/// the search.
fn not_utf8(decoded: &str) -> bool {
    !decoded.is_ascii() && decoded.contains('\u{FFFD}')
}

/// The names only: the values include the authorization code.
impl std::fmt::Debug for CallbackQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CallbackQuery")
            .field("names", &self.names().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}
