//! The `next` parameter of the login view: where to come back to after the dance, kept only when
//! it is a path on this site (an open redirect otherwise).

/// The longest `next` kept: it travels in the session cookie with every pending attempt.
const MAX_NEXT: usize = 512;

/// A `next` value is kept only when it is a path on this site: it starts with one `/`, has no
/// scheme or host, no backslash and no control characters, and is at most 512 bytes.
pub(crate) fn safe_next(next: &str) -> Option<String> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= MAX_NEXT;
    ok.then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next("/a?b=c"), Some("/a?b=c".into()));
        for bad in [
            "//evil.com",
            "https://evil.com",
            "/\\evil.com",
            "evil",
            "/a\nb",
            "",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
