//! The consumer's RSA private key (RSA-SHA1): PEM text, or the path of a PEM file; PKCS#8
//! (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`). Errors name where the key came
//! from, never its content.

use rsa::RsaPrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;

use crate::flow::pem::pem_text;

/// Reads a key given as PEM text or as a path; `from` says where it came from, for errors.
pub(super) fn read(value: &str, from: &str) -> Result<RsaPrivateKey, String> {
    let pem = pem_text(value, from)?;
    RsaPrivateKey::from_pkcs8_pem(&pem)
        .or_else(|_| RsaPrivateKey::from_pkcs1_pem(&pem))
        .map_err(|_| {
            format!(
                "{from} is not an RSA private key in PEM (`BEGIN PRIVATE KEY` or `BEGIN RSA \
                 PRIVATE KEY`)"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEM: &str = include_str!("testdata/rfc_test_key.pem");

    #[test]
    fn pem_text_and_paths_are_read_and_errors_hide_the_key() {
        assert!(read(PEM, "the key").is_ok());
        let path = std::env::temp_dir().join(format!("oauth-dance-key-{}.pem", std::process::id()));
        std::fs::write(&path, PEM).unwrap();
        assert!(read(path.to_str().unwrap(), "the key").is_ok());
        std::fs::remove_file(&path).unwrap();
        let missing = read("/nonexistent/key.pem", "JIRA_OAUTH_RSA_KEY").unwrap_err();
        assert!(missing.contains("JIRA_OAUTH_RSA_KEY"), "{missing}");
        let broken = PEM.replace("MIIC", "XXXX");
        let bad = read(&broken, "the key").unwrap_err();
        assert!(
            !bad.contains("XXXX") && bad.contains("not an RSA private key"),
            "{bad}"
        );
    }
}
