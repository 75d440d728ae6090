//! Helping with a typo: the known name closest to what was written ("did you mean"), and lists of
//! names as the messages show them (`` `a`, `b` and `c` ``).

/// The known name closest to `key`, if it is close enough to be a typo (a few edits away, or
/// one is the start of the other, like `boolean` and `bool`).
pub fn did_you_mean(key: &str, known: &[&'static str]) -> Option<&'static str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, k)| {
            let typo = *d <= 2.max(k.len() / 4) && *d < k.len();
            let prefix = k.len().min(key.len()) >= 3 && (k.starts_with(key) || key.starts_with(k));
            typo || prefix
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `"did you mean `k`? "` when a known name is close to `key`, else nothing: the start of a
/// sentence that goes on to list the known names.
pub fn hint(key: &str, known: &[&'static str]) -> String {
    match did_you_mean(key, known) {
        Some(k) => format!("did you mean `{k}`? "),
        None => String::new(),
    }
}

/// Levenshtein distance.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// `` `text` ``.
pub fn code(text: &str) -> String {
    format!("`{text}`")
}

/// `` `a`, `b` and `c` ``.
pub fn code_list(items: &[&str]) -> String {
    joined(items.iter().map(|i| code(i)).collect(), "and")
}

/// `` `a`, `b` or `c` ``.
pub fn code_choices(items: &[&str]) -> String {
    joined(items.iter().map(|i| code(i)).collect(), "or")
}

/// `a, b <conjunction> c`.
pub fn joined(items: Vec<String>, conjunction: &str) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(did_you_mean("scopes", &["scope", "quirk"]), Some("scope"));
        assert_eq!(did_you_mean("quirks", &["scope", "quirk"]), Some("quirk"));
        assert_eq!(did_you_mean("xyz", &["scope", "quirk"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(code_list(&["a"]), "`a`");
        assert_eq!(code_list(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(
            code_choices(&["bool", "text", "choice"]),
            "`bool`, `text` or `choice`"
        );
    }
}
