//! Options: each on its own (name, kind, default, the keys of its kind, effects), then the
//! options together (unique names, generated enum names that do not collide).

use std::collections::BTreeSet;

use oauth_dance_spec::{OptionType, defaults};
use syn::Ident;

use super::Validator;
use crate::diag::Spanned;
use crate::provider::model::{OptionInput, OptionKind, ProviderOption, Scalar, camel_case};
use crate::suggest::{code_choices, code_list, hint, joined};

impl Validator {
    /// Every option, in declaration order, leaving out those too broken to keep.
    pub(super) fn options(&mut self, inputs: &[OptionInput]) -> Vec<ProviderOption> {
        let checked: Vec<(&OptionInput, Option<ProviderOption>)> =
            inputs.iter().map(|o| (o, self.option(o))).collect();
        self.check_option_set(&checked);
        checked.into_iter().filter_map(|(_, o)| o).collect()
    }

    /// One option on its own; `None` when it is too broken to take part in later checks.
    fn option(&mut self, o: &OptionInput) -> Option<ProviderOption> {
        let name = self.required(
            &o.name,
            &o.site,
            "name",
            "the builder method's name, like `name = \"offline\"`",
        );
        if let Some(name) = &o.name {
            self.check_option_name(name);
        }
        let doc = self.required(
            &o.doc,
            &o.site,
            "doc",
            "what the option does, for the docs, like `doc = \"Ask for a refresh token.\"`",
        );
        let kind = self.kind(o);
        self.check_effects(o);
        Some(ProviderOption {
            name: name?,
            doc: doc?,
            kind: kind?,
            param: o.param.as_ref().map(|p| p.value.clone()),
            placeholder: o.placeholder.as_ref().map(|p| p.value.clone()),
            header: o.header.as_ref().map(|h| h.value.clone()),
            claim: o.claim.as_ref().map(|c| c.value.clone()),
            template: o
                .template
                .as_ref()
                .map_or(defaults::OPTION_TEMPLATE.to_string(), |t| t.value.clone()),
        })
    }

    /// `kind` and what it decides: the default and the keys only that kind has.
    fn kind(&mut self, o: &OptionInput) -> Option<OptionKind> {
        let names: Vec<&'static str> = OptionType::ALL.iter().map(|t| t.name()).collect();
        let quoted = names.iter().enumerate().map(|(i, n)| match i {
            0 => format!("`kind = \"{n}\"`"),
            _ => format!("`\"{n}\"`"),
        });
        let example = format!("the option's type: {}", joined(quoted.collect(), "or"));
        let written = self.required(&o.kind, &o.site, "kind", &example)?;
        let kind = match OptionType::from_name(&written) {
            Some(OptionType::Bool) => self.bool_kind(o),
            Some(OptionType::Text) => self.text_kind(o),
            Some(OptionType::Choice) => self.choice_kind(o),
            _ => {
                let site = &o.kind.as_ref()?.site;
                let hint = hint(&written, &names);
                let choices = code_choices(&names);
                let message = format!("unknown option kind `{written}`; {hint}use {choices}");
                self.error(site, message);
                None
            }
        };
        self.check_kind_keys(o, &written);
        kind
    }

    /// `when_true` / `when_false` only on bool options, `values` only on choice options.
    fn check_kind_keys(&mut self, o: &OptionInput, kind: &str) {
        let bool_name = OptionType::Bool.name();
        let choice_name = OptionType::Choice.name();
        for (key, value) in [("when_true", &o.when_true), ("when_false", &o.when_false)] {
            if let Some(value) = value
                && kind != bool_name
            {
                self.error(
                    &value.site,
                    format!("`{key}` only applies to {bool_name} options, and this one is `{kind}`; remove it"),
                );
            }
        }
        if let Some(values) = &o.values
            && kind != choice_name
        {
            self.error(
                &values.site,
                format!("`values` only applies to {choice_name} options, and this one is `{kind}`; remove it, or make it `kind = \"{choice_name}\"`"),
            );
        }
    }

    /// At least one effect, each well formed, and a template that uses only `{value}`.
    fn check_effects(&mut self, o: &OptionInput) {
        if o.param.is_none() && o.placeholder.is_none() && o.header.is_none() && o.claim.is_none() {
            self.error(
                &o.site,
                "this option has no effect: give it `param = \"...\"` (an authorization \
                 parameter), `placeholder = \"...\"` (fills `{...}` in the URLs), \
                 `header = \"...\"` (a request header) or `claim = \"...\"` (an ID-token claim \
                 it requires)",
            );
        }
        if let Some(claim) = &o.claim {
            self.check_non_empty(claim, "the ID-token claim's name, like `\"hd\"`");
        }
        if let Some(param) = &o.param {
            self.check_non_empty(
                param,
                "the authorization parameter's name, like `\"prompt\"`",
            );
        }
        if let Some(placeholder) = &o.placeholder {
            self.check_placeholder_name(placeholder);
        }
        if let Some(header) = &o.header {
            self.check_token(header, "an HTTP header name, like `\"Accept\"`");
        }
        if let Some(template) = &o.template {
            self.check_template(template);
        }
    }

    fn bool_kind(&mut self, o: &OptionInput) -> Option<OptionKind> {
        let default = match &o.default {
            None => false,
            Some(Spanned {
                value: Scalar::Bool(b),
                ..
            }) => *b,
            Some(Spanned {
                value: Scalar::Str(s),
                site,
            }) => {
                self.error(
                    site,
                    format!(
                        "a bool option's default is `true` or `false` (no quotes), not `\"{s}\"`"
                    ),
                );
                return None;
            }
        };
        if o.when_true.is_none() && o.when_false.is_none() {
            self.error(
                &o.site,
                "this bool option never has a value: give it `when_true = \"...\"` and/or \
                 `when_false = \"...\"`, the value its effects get when it is on / off",
            );
            return None;
        }
        Some(OptionKind::Bool {
            default,
            when_true: o.when_true.as_ref().map(|w| w.value.clone()),
            when_false: o.when_false.as_ref().map(|w| w.value.clone()),
        })
    }

    fn text_kind(&mut self, o: &OptionInput) -> Option<OptionKind> {
        let like = "a string, like `\"common\"`";
        let default = self.string_default(o, OptionType::Text, like)?;
        Some(OptionKind::Text {
            default: default.map(|d| d.value.clone()),
        })
    }

    fn choice_kind(&mut self, o: &OptionInput) -> Option<OptionKind> {
        let Some(values) = &o.values else {
            self.error(
                &o.site,
                "a choice option needs its `values`, like `values = [\"consent\", \"none\"]`",
            );
            return None;
        };
        if values.value.is_empty() {
            self.error(&values.site, "a choice option needs at least one value");
            return None;
        }
        let values_ok = self.check_choice_values(&values.value);
        let names: Vec<&str> = values.value.iter().map(|v| v.value.as_str()).collect();
        let like = format!("one of its values, like `\"{}\"`", names[0]);
        let default = self.string_default(o, OptionType::Choice, &like)?;
        if let Some(default) = &default
            && !names.contains(&default.value.as_str())
        {
            self.error(
                &default.site,
                format!(
                    "the default `{}` is not one of the option's values ({}); use one of them, \
                     or leave `default` out",
                    default.value,
                    code_list(&names)
                ),
            );
            return None;
        }
        values_ok.then(|| OptionKind::Choice {
            values: names.iter().map(|n| n.to_string()).collect(),
            default: default.map(|d| d.value.clone()),
        })
    }

    /// Each value names an enum variant of its own. Returns whether all do.
    fn check_choice_values(&mut self, values: &[Spanned<String>]) -> bool {
        let mut variants: Vec<String> = Vec::new();
        let mut ok = true;
        for value in values {
            let variant = camel_case(&value.value);
            if value.value.is_empty()
                || !variant.starts_with(|c: char| c.is_ascii_alphabetic())
                || syn::parse_str::<Ident>(&variant).is_err()
            {
                self.error(
                    &value.site,
                    format!(
                        "the choice value `{}` cannot name an enum variant (it would be `{variant}`): \
                         a value must start with a letter",
                        value.value
                    ),
                );
                ok = false;
            } else if variants.contains(&variant) {
                self.error(
                    &value.site,
                    format!(
                        "the choice value `{}` is listed twice (or makes the same enum variant \
                         `{variant}` as another value); keep one",
                        value.value
                    ),
                );
                ok = false;
            }
            variants.push(variant);
        }
        ok
    }

    /// The default of a text or choice option, which is a string (`like` says which); `None`
    /// after reporting a bool.
    fn string_default<'o>(
        &mut self,
        o: &'o OptionInput,
        kind: OptionType,
        like: &str,
    ) -> Option<Option<Spanned<&'o String>>> {
        match &o.default {
            None => Some(None),
            Some(Spanned {
                value: Scalar::Str(s),
                site,
            }) => Some(Some(Spanned::new(s, site.clone()))),
            Some(Spanned {
                value: Scalar::Bool(b),
                site,
            }) => {
                let kind = kind.name();
                let message = format!("a {kind} option's default is {like}, not `{b}`");
                self.error(site, message);
                None
            }
        }
    }

    /// Checks between options: unique names, and generated enum names that collide.
    fn check_option_set(&mut self, options: &[(&OptionInput, Option<ProviderOption>)]) {
        let mut names: BTreeSet<&str> = BTreeSet::new();
        let mut enums: BTreeSet<String> = BTreeSet::new();
        for (input, checked) in options {
            if let Some(name) = &input.name
                && !names.insert(&name.value)
            {
                self.error(
                    &name.site,
                    format!("the option `{}` is declared twice; keep one", name.value),
                );
            }
            let Some(option) = checked else { continue };
            if !matches!(option.kind, OptionKind::Choice { .. }) {
                continue;
            }
            let suffix = camel_case(&option.name);
            if suffix == "Blueprint" || suffix == "Client" || !enums.insert(suffix.clone()) {
                self.error(
                    &input.site,
                    format!(
                        "the choice option `{}` would generate the enum `<Provider>{suffix}`, \
                         which another generated item already uses; rename the option",
                        option.name
                    ),
                );
            }
        }
    }
}
