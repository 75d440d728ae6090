//! [`CallbackQuery`]: the query string of a callback, as the provider sent it, read strictly.

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
/// assert!(CallbackQuery::parse("state=a&state=b").unwrap().one("state").is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallbackQuery {
    pairs: Vec<(String, String)>,
}

impl CallbackQuery {
    /// Decodes a query string (`application/x-www-form-urlencoded`); one that is not UTF-8
    /// once decoded is a [`DanceError::BadCallback`].
    pub fn parse(query: &str) -> Result<Self, DanceError> {
        let mut pairs = Vec::new();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if name.contains('\u{FFFD}') || value.contains('\u{FFFD}') {
                let reason = format!(
                    "the parameter {:?} is not UTF-8",
                    name.escape_debug().to_string()
                );
                return Err(DanceError::BadCallback(reason));
            }
            pairs.push((name.into_owned(), value.into_owned()));
        }
        Ok(CallbackQuery { pairs })
    }

    /// The value of parameter `name`: `None` when it is absent or empty, a
    /// [`DanceError::BadCallback`] when it is repeated.
    pub fn one(&self, name: &str) -> Result<Option<&str>, DanceError> {
        let mut values = self.pairs.iter().filter(|(k, _)| k == name);
        let first = values.next();
        if values.next().is_some() {
            return Err(DanceError::BadCallback(format!(
                "the parameter `{name}` is repeated"
            )));
        }
        Ok(first.map(|(_, v)| v.as_str()).filter(|v| !v.is_empty()))
    }

    /// The parameter names, in order (for error messages: never the values).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }

    /// Removes parameter `name`, and says what it was (as [`one`](Self::one) reads it).
    pub(crate) fn take(&mut self, name: &str) -> Result<Option<String>, DanceError> {
        let value = self.one(name)?.map(str::to_string);
        self.pairs.retain(|(k, _)| k != name);
        Ok(value)
    }

    /// Every parameter, in order.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }
}
