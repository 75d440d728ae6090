//! How OAuth 1 requests are signed (RFC 5849 §3.4) and where the protocol parameters go
//! (RFC 5849 §3.5).

/// An OAuth 1 signature method (`oauth_signature_method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureMethod {
    /// `HMAC-SHA1` (RFC 5849 §3.4.2), keyed by the consumer secret and the token secret.
    HmacSha1,
    /// `HMAC-SHA256`, the same construction with SHA-256 (not in RFC 5849, widely deployed).
    HmacSha256,
    /// `RSA-SHA1` (RFC 5849 §3.4.3), signed with the consumer's RSA private key.
    RsaSha1,
    /// `PLAINTEXT` (RFC 5849 §3.4.4): the secrets themselves; only over https.
    Plaintext,
}

impl SignatureMethod {
    /// Every method, in declaration order.
    pub const ALL: &'static [SignatureMethod] = &[
        SignatureMethod::HmacSha1,
        SignatureMethod::HmacSha256,
        SignatureMethod::RsaSha1,
        SignatureMethod::Plaintext,
    ];

    /// The name as `oauth_signature_method` and `signature_method = "..."` write it.
    pub const fn name(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha1 => "HMAC-SHA1",
            SignatureMethod::HmacSha256 => "HMAC-SHA256",
            SignatureMethod::RsaSha1 => "RSA-SHA1",
            SignatureMethod::Plaintext => "PLAINTEXT",
        }
    }

    /// The method of that name.
    ///
    /// ```
    /// use oauth_dance_spec::SignatureMethod;
    /// assert_eq!(SignatureMethod::from_name("RSA-SHA1"), Some(SignatureMethod::RsaSha1));
    /// assert_eq!(SignatureMethod::from_name("rsa-sha1"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<SignatureMethod> {
        SignatureMethod::ALL
            .iter()
            .copied()
            .find(|m| m.name() == name)
    }

    /// Whether it signs with an RSA private key rather than the consumer secret.
    pub const fn uses_rsa_key(self) -> bool {
        matches!(self, SignatureMethod::RsaSha1)
    }

    /// What it means, for docs and tables.
    pub const fn describe(self) -> &'static str {
        match self {
            SignatureMethod::HmacSha1 => "HMAC-SHA1 with the consumer and token secrets",
            SignatureMethod::HmacSha256 => "HMAC-SHA256 with the consumer and token secrets",
            SignatureMethod::RsaSha1 => "RSA-SHA1 with the consumer's RSA private key",
            SignatureMethod::Plaintext => "PLAINTEXT: the secrets themselves, over https only",
        }
    }
}

/// Where a signed request carries its protocol parameters (RFC 5849 §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignaturePlacement {
    /// The `Authorization: OAuth ...` header (§3.5.1), the default.
    Header,
    /// The query string (§3.5.3).
    Query,
    /// A form-encoded body (§3.5.2); requests without one fall back to the query.
    Body,
}

impl SignaturePlacement {
    /// Every placement, in declaration order.
    pub const ALL: &'static [SignaturePlacement] = &[
        SignaturePlacement::Header,
        SignaturePlacement::Query,
        SignaturePlacement::Body,
    ];

    /// The name used in `signature_placement = "..."`.
    pub const fn name(self) -> &'static str {
        match self {
            SignaturePlacement::Header => "header",
            SignaturePlacement::Query => "query",
            SignaturePlacement::Body => "body",
        }
    }

    /// The placement of that name.
    pub fn from_name(name: &str) -> Option<SignaturePlacement> {
        SignaturePlacement::ALL
            .iter()
            .copied()
            .find(|p| p.name() == name)
    }
}
