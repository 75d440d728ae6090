//! A private key given as PEM text or as the path of a PEM file (an environment variable or a
//! builder setting holds either), for the keys that sign: OAuth 1's RSA key and a signed client
//! secret's key. Errors name where the key came from, never its content.

/// The PEM text of `value`: itself when it is PEM (`-----BEGIN ...`), else the file it names;
/// `from` says where it came from, for errors.
pub(crate) fn pem_text(value: &str, from: &str) -> Result<String, String> {
    let text = value.trim();
    if text.starts_with("-----BEGIN") {
        return Ok(text.to_string());
    }
    std::fs::read_to_string(text).map_err(|err| {
        format!("{from} is neither PEM text (`-----BEGIN ...`) nor a readable file: {err}")
    })
}
