//! Typed provider options (Google's `offline`, Azure's `tenant`…): their static description and
//! the values a typed builder records for them.

use super::OptionType;

/// A provider option's type and default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionKind {
    /// A switch. Its value is `when_true` or `when_false` (either may be absent: no effect).
    Bool {
        /// The default.
        default: bool,
        /// The option's value when on.
        when_true: Option<&'static str>,
        /// The option's value when off.
        when_false: Option<&'static str>,
    },
    /// Free text; no value (no effect) unless set or defaulted.
    Text {
        /// The default.
        default: Option<&'static str>,
    },
    /// One of a fixed set of values.
    Choice {
        /// The allowed values.
        values: &'static [&'static str],
        /// The default, one of `values`; `None` means "no value".
        default: Option<&'static str>,
    },
}

impl OptionKind {
    /// The option's type, without its payload.
    pub const fn option_type(&self) -> OptionType {
        match self {
            OptionKind::Bool { .. } => OptionType::Bool,
            OptionKind::Text { .. } => OptionType::Text,
            OptionKind::Choice { .. } => OptionType::Choice,
        }
    }
}

/// What an option's value does. `template` is a string in which `{value}` is replaced by the
/// option's value (it is `"{value}"` unless the provider says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionEffect {
    /// Adds a parameter to the authorization request. Several options naming the same parameter
    /// are joined with a space, in declaration order (Google's `prompt=consent select_account`).
    AuthorizationParam {
        /// The parameter's name.
        name: &'static str,
        /// The parameter's value.
        template: &'static str,
    },
    /// Fills `{name}` in the provider's URLs and headers. The first option (in declaration
    /// order) that has a value wins; a placeholder no option fills becomes the empty string.
    Placeholder {
        /// The placeholder's name.
        name: &'static str,
        /// The replacement.
        template: &'static str,
    },
    /// Sets a header on every request to the provider (token and API requests).
    Header {
        /// The header's name.
        name: &'static str,
        /// The header's value.
        template: &'static str,
    },
    /// Requires a claim of the verified ID token to have this value (OpenID Connect providers
    /// only): Google's `hd`, for a login restricted to one Workspace domain.
    IdTokenClaim {
        /// The claim's name.
        name: &'static str,
        /// The value it must have.
        template: &'static str,
    },
}

/// One typed provider option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct OptionSpec {
    /// The option's name, also the typed builder method's name.
    pub name: &'static str,
    /// What the option means, for the docs.
    pub doc: &'static str,
    /// Its type and default.
    pub kind: OptionKind,
    /// What its value does.
    pub effects: &'static [OptionEffect],
}

impl OptionSpec {
    /// An option.
    pub const fn new(
        name: &'static str,
        doc: &'static str,
        kind: OptionKind,
        effects: &'static [OptionEffect],
    ) -> Self {
        OptionSpec {
            name,
            doc,
            kind,
            effects,
        }
    }
}

/// A value chosen for one option by the user of a typed builder (what generated option methods
/// record; not needed by hand-written code).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OptionValue {
    /// For [`OptionKind::Bool`].
    Bool(bool),
    /// For [`OptionKind::Text`] and [`OptionKind::Choice`].
    Text(String),
}
