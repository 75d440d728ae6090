//! Keeping secrets out of messages: URLs may carry a token in their query (Slack), a code, or
//! credentials in their userinfo.

/// A URL (or the start of one) fit for a log line or an error message: without its query, its
/// fragment and its userinfo.
///
/// ```text
/// assert_eq!(url("https://u:p@api.example.com/x?token=s3cr3t#f"), "https://api.example.com/x?…");
/// ```
pub(crate) fn url(text: &str) -> String {
    let (base, cut) = match text.find(['?', '#']) {
        Some(at) => (&text[..at], true),
        None => (text, false),
    };
    let base = match (base.find("://"), base.find('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}{}", &base[..scheme_end + 3], &base[at + 1..])
        }
        _ => base.to_string(),
    };
    if cut { format!("{base}?…") } else { base }
}

#[cfg(test)]
mod tests {
    use super::url;

    #[test]
    fn queries_fragments_and_userinfo_are_dropped() {
        assert_eq!(
            url("https://u:p@api.example.com/x?token=s3cr3t#f"),
            "https://api.example.com/x?…"
        );
        assert_eq!(url("user?access_token=abc"), "user?…");
        assert_eq!(
            url("https://api.example.com/x"),
            "https://api.example.com/x"
        );
    }
}
