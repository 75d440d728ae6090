//! [`CallbackQuery`]: the query string of a callback, as the provider sent it.

/// The parameters of a callback (`?code=…&state=…`), decoded, in order.
///
/// ```
/// use oauth_dance::flow::CallbackQuery;
/// let query = CallbackQuery::parse("code=abc&state=x%20y");
/// assert_eq!(query.get("state"), Some("x y"));
/// assert_eq!(query.names().collect::<Vec<_>>(), ["code", "state"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CallbackQuery {
    pairs: Vec<(String, String)>,
}

impl CallbackQuery {
    /// Decodes a query string (`application/x-www-form-urlencoded`).
    pub fn parse(query: &str) -> Self {
        CallbackQuery {
            pairs: url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
        }
    }

    /// The value of parameter `name` (the last one, if it is repeated).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The parameter names, in order (for error messages: never the values).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }
}
