//! The types a provider option can have.

/// The type of a provider option (Google's `offline` is a `Bool`, Azure's `tenant` a `Text`,
/// Discord's `prompt` a `Choice`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OptionType {
    /// A switch; the typed builder method takes a `bool`.
    Bool,
    /// Free text; the method takes a string.
    Text,
    /// One of a fixed set of values; the method takes a generated enum.
    Choice,
}

impl OptionType {
    /// Every type, in declaration order.
    pub const ALL: &'static [OptionType] =
        &[OptionType::Bool, OptionType::Text, OptionType::Choice];

    /// The name used in `kind = "..."`.
    pub const fn name(self) -> &'static str {
        match self {
            OptionType::Bool => "bool",
            OptionType::Text => "text",
            OptionType::Choice => "choice",
        }
    }

    /// The type of that name.
    pub fn from_name(name: &str) -> Option<OptionType> {
        OptionType::ALL.iter().copied().find(|t| t.name() == name)
    }
}
