//! The validator: one test per kind of error, through the derive (the message the compiler shows
//! at the offending token). `presets.rs` runs the same checks through providers.toml fixtures.

use proc_macro2::TokenStream;
use quote::quote;

use crate::{assert_one_error, derive_errors, derive_ok};

/// A valid provider plus `extra` keys.
fn with(extra: TokenStream) -> TokenStream {
    quote! {
        #[oauth(
            name = "example",
            base_url = "https://api.example.com/",
            authorization_url = "https://example.com/authorize",
            token_url = "https://example.com/token",
            #extra
        )]
        pub struct Example;
    }
}

fn errors(extra: TokenStream) -> Vec<String> {
    derive_errors(with(extra))
}

#[test]
fn the_minimal_provider_is_valid() {
    derive_ok(with(quote!()));
}

#[test]
fn unknown_key_suggests_the_closest_one() {
    let messages = errors(quote!(scopes = ["read"]));
    assert_eq!(messages, ["unknown key `scopes`; did you mean `scope`?"]);
    let messages = errors(quote!(option(
        name = "o",
        kind = "text",
        doc = "d",
        param = "p",
        dfault = "x"
    )));
    assert_eq!(messages, ["unknown key `dfault`; did you mean `default`?"]);
}

#[test]
fn unknown_key_without_a_close_one_lists_the_keys() {
    let messages = errors(quote!(colour = "blue"));
    assert_one_error(
        &messages,
        &[
            "unknown key `colour`; the keys here are `name`, `display_name`",
            "and `option`",
        ],
    );
}

#[test]
fn missing_required_keys_are_all_reported() {
    let messages = derive_errors(quote!(
        #[oauth(display_name = "X")]
        struct Example;
    ));
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert_one_error(
        &messages,
        &[
            "missing required key `name`: the blueprint name",
            "like `name = \"example\"`",
        ],
    );
    assert_one_error(
        &messages,
        &[
            "missing required key `base_url`",
            "like `base_url = \"https://api.example.com/\"`",
        ],
    );
    assert_one_error(&messages, &["missing required key `authorization_url`"]);
    assert_one_error(&messages, &["missing required key `token_url`"]);
}

#[test]
fn invalid_name() {
    let messages = derive_errors(quote! {
        #[oauth(name = "Git Hub", base_url = "https://a.example/", authorization_url = "https://a.example/a", token_url = "https://a.example/t")]
        struct Example;
    });
    assert_eq!(
        messages,
        [
            "invalid provider name `Git Hub`: use lowercase ASCII letters, digits, `-` or `_`, starting with a letter, like `github` or `azure-ad`"
        ]
    );
}

#[test]
fn url_that_is_not_absolute_http() {
    let messages = derive_errors(quote! {
        #[oauth(name = "example", base_url = "api.example.com", authorization_url = "ftp://example.com/a", token_url = "https://")]
        struct Example;
    });
    assert_eq!(
        messages,
        [
            "`api.example.com` is not an absolute http(s) URL: relative URL without a base; write the full URL, like `\"https://example.com/oauth/authorize\"`",
            "`ftp://example.com/a` is not an absolute http(s) URL: the scheme is `ftp`; write the full URL, like `\"https://example.com/oauth/authorize\"`",
            "`https://` is not an absolute http(s) URL: empty host; write the full URL, like `\"https://example.com/oauth/authorize\"`",
        ]
    );
}

#[test]
fn url_is_checked_with_placeholders_filled() {
    derive_ok(with(quote!(
        header(name = "X-Tenant", value = "{tenant}"),
        option(
            name = "tenant",
            kind = "text",
            doc = "d",
            placeholder = "tenant"
        ),
    )));
    let messages = derive_errors(quote! {
        #[oauth(name = "example", base_url = "{host}", authorization_url = "https://example.com/a", token_url = "https://example.com/t",
                option(name = "host", kind = "text", doc = "d", placeholder = "host"))]
        struct Example;
    });
    assert_eq!(
        messages,
        [
            "`{host}` is not an absolute http(s) URL (with placeholders filled: `x`): relative URL without a base; write the full URL, like `\"https://example.com/oauth/authorize\"`"
        ]
    );
}

#[test]
fn placeholder_that_no_option_fills() {
    let messages = derive_errors(quote! {
        #[oauth(name = "example", base_url = "https://{host}/", authorization_url = "https://example.com/{tenant}/a", token_url = "https://example.com/t",
                header(name = "X-Id", value = "{client_id}"), header(name = "X-Who", value = "{user}"))]
        struct Example;
    });
    assert_eq!(
        messages,
        [
            "no option fills the placeholder `{host}`; add an option with `placeholder = \"host\"`, or write the value itself",
            "no option fills the placeholder `{tenant}`; add an option with `placeholder = \"tenant\"`, or write the value itself",
            "no option fills the placeholder `{user}`; add an option with `placeholder = \"user\"`, or write the value itself",
        ]
    );
}

#[test]
fn client_id_and_value_placeholders_only_where_they_are_filled() {
    let messages = derive_errors(quote! {
        #[oauth(name = "example", base_url = "https://example.com/{client_id}/", authorization_url = "https://example.com/{value}", token_url = "https://example.com/t")]
        struct Example;
    });
    assert_eq!(
        messages,
        [
            "`{client_id}` can only be used in header values",
            "`{value}` can only be used in an option's `template`",
        ]
    );
}

#[test]
fn malformed_placeholder() {
    let messages = errors(quote!(header(name = "X", value = "{oops")));
    assert_eq!(
        messages,
        ["`{oops` has a malformed placeholder; placeholders are written `{name}`"]
    );
}

#[test]
fn placeholder_that_nothing_uses() {
    let messages = errors(quote!(option(
        name = "tenant",
        kind = "text",
        doc = "d",
        placeholder = "tenant"
    )));
    assert_eq!(
        messages,
        [
            "the placeholder `{tenant}` is not used by any URL or header; write `{tenant}` where the value goes, like `\"https://{tenant}.example.com/\"`"
        ]
    );
}

#[test]
fn option_with_no_effect() {
    let messages = errors(quote!(option(name = "tenant", kind = "text", doc = "d")));
    assert_eq!(
        messages,
        [
            "this option has no effect: give it `param = \"...\"` (an authorization parameter), `placeholder = \"...\"` (fills `{...}` in the URLs), `header = \"...\"` (a request header) or `claim = \"...\"` (an ID-token claim it requires)"
        ]
    );
}

#[test]
fn duplicate_option() {
    let messages = errors(quote!(
        option(name = "hd", kind = "text", doc = "d", param = "hd"),
        option(name = "hd", kind = "text", doc = "d", param = "hd"),
    ));
    assert_eq!(messages, ["the option `hd` is declared twice; keep one"]);
}

#[test]
fn option_name_that_is_not_a_snake_case_identifier() {
    for name in ["Offline", "two words", "1st", "type", "self"] {
        let messages = errors(quote!(option(name = #name, kind = "text", doc = "d", param = "p")));
        assert_eq!(
            messages,
            [format!(
                "invalid option name `{name}`: it names the builder method, so it must be a snake_case Rust identifier that is not a keyword, like `\"offline\"` or `\"hosted_domain\"`"
            )],
        );
    }
}

#[test]
fn option_name_taken_by_a_builder_method() {
    let messages = errors(quote!(option(
        name = "scope",
        kind = "text",
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        [
            "the option name `scope` is taken: every blueprint builder has a `scope` method; rename the option"
        ]
    );
}

#[test]
fn option_names_of_the_typed_builder_itself_are_taken() {
    for name in ["inner", "into_untyped", "with_hooks"] {
        let messages = errors(quote!(option(name = #name, kind = "text", doc = "d", param = "p")));
        assert_eq!(
            messages,
            [format!(
                "the option name `{name}` is taken: every blueprint builder has a `{name}` method; rename the option"
            )],
        );
    }
}

#[test]
fn choice_option_whose_enum_collides_with_a_generated_item() {
    let messages = errors(quote!(option(
        name = "client",
        kind = "choice",
        values = ["a"],
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        [
            "the choice option `client` would generate the enum `<Provider>Client`, which another generated item already uses; rename the option"
        ]
    );
}

#[test]
fn missing_option_keys() {
    let messages = errors(quote!(option(param = "p")));
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_one_error(
        &messages,
        &["missing required key `name`: the builder method's name"],
    );
    assert_one_error(&messages, &["missing required key `doc`"]);
    assert_one_error(
        &messages,
        &["missing required key `kind`: the option's type"],
    );
}

#[test]
fn unknown_option_kind() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "boolean",
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        ["unknown option kind `boolean`; did you mean `bool`? use `bool`, `text` or `choice`"]
    );
}

#[test]
fn bool_default_that_is_not_a_bool() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "bool",
        default = "yes",
        when_true = "y",
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        ["a bool option's default is `true` or `false` (no quotes), not `\"yes\"`"]
    );
}

#[test]
fn text_default_that_is_not_a_string() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "text",
        default = true,
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        ["a text option's default is a string, like `\"common\"`, not `true`"]
    );
}

#[test]
fn bool_option_without_values() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "bool",
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        [
            "this bool option never has a value: give it `when_true = \"...\"` and/or `when_false = \"...\"`, the value its effects get when it is on / off"
        ]
    );
}

#[test]
fn choice_default_not_in_values() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "choice",
        values = ["consent", "none"],
        default = "always",
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        [
            "the default `always` is not one of the option's values (`consent` and `none`); use one of them, or leave `default` out"
        ]
    );
}

#[test]
fn choice_without_values() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "choice",
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        ["a choice option needs its `values`, like `values = [\"consent\", \"none\"]`"]
    );
    let messages = errors(quote!(option(
        name = "o",
        kind = "choice",
        values = [],
        doc = "d",
        param = "p"
    )));
    assert_eq!(messages, ["a choice option needs at least one value"]);
}

#[test]
fn choice_values_that_cannot_be_variants() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "choice",
        values = ["2fa", "a_b", "a-b", ""],
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        [
            "the choice value `2fa` cannot name an enum variant (it would be `2fa`): a value must start with a letter",
            "the choice value `a-b` is listed twice (or makes the same enum variant `AB` as another value); keep one",
            "the choice value `` cannot name an enum variant (it would be ``): a value must start with a letter",
        ]
    );
}

#[test]
fn values_or_when_on_the_wrong_kind() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "text",
        values = ["a"],
        when_true = "x",
        when_false = "y",
        doc = "d",
        param = "p"
    )));
    assert_eq!(
        messages,
        [
            "`when_true` only applies to bool options, and this one is `text`; remove it",
            "`when_false` only applies to bool options, and this one is `text`; remove it",
            "`values` only applies to choice options, and this one is `text`; remove it, or make it `kind = \"choice\"`",
        ]
    );
}

#[test]
fn template_with_another_placeholder() {
    let messages = errors(quote!(option(
        name = "o",
        kind = "text",
        doc = "d",
        header = "Accept",
        template = "v={value}; id={client_id}"
    )));
    assert_eq!(
        messages,
        ["a template can only use `{value}` (the option's value), not `{client_id}`"]
    );
}

#[test]
fn invalid_placeholder_name() {
    let messages = derive_errors(quote! {
        #[oauth(name = "example", base_url = "https://{value}/", authorization_url = "https://e.example/a", token_url = "https://e.example/t",
                option(name = "o", kind = "text", doc = "d", placeholder = "{host}"),
                option(name = "v", kind = "text", doc = "d", placeholder = "value"))]
        struct Example;
    });
    assert_one_error(
        &messages,
        &["invalid placeholder name `{host}`: write the name without braces"],
    );
    assert_one_error(
        &messages,
        &["`{value}` is filled by oauth-dance itself; choose another placeholder name"],
    );
}

#[test]
fn unknown_quirk_lists_the_known_ones() {
    let messages = errors(quote!(quirk = "slack_token_in_query"));
    assert_eq!(
        messages,
        [
            "unknown quirk `slack_token_in_query`; did you mean `slack_token_in_body`? the known quirks are `slack_token_in_body`, `comma_separated_scopes`, `client_id_as_client_key`, `status_wrapped_token_response` and `access_token_object` (a new quirk is implemented in the runtime first)"
        ]
    );
    let messages = errors(quote!(
        quirk = "slack_token_in_body",
        quirk = "slack_token_in_body"
    ));
    assert_eq!(
        messages,
        ["the quirk `slack_token_in_body` is listed twice; keep one"]
    );
}

#[test]
fn unknown_client_auth() {
    let messages = errors(quote!(client_auth = "post"));
    assert_eq!(
        messages,
        [
            "unknown client_auth `post`; use `basic` (HTTP Basic, credentials form-encoded as RFC 6749 §2.3.1 says), `basic_raw` (HTTP Basic, credentials as they are, as Flask-Dance sends them; the default), `request_body` (client id and secret in the form body) or `signed_secret_post` (client id and a self-signed ES256 JWT as the secret, in the form body)"
        ]
    );
}

#[test]
fn duplicate_params_and_headers() {
    let messages = errors(quote!(
        authorization_param(name = "a", value = "1"),
        authorization_param(name = "a", value = "2"),
        header(name = "Accept", value = "x"),
        header(name = "accept", value = "y"),
    ));
    assert_eq!(
        messages,
        [
            "the authorization parameter `a` is given twice; keep one",
            "the header `accept` is given twice; keep one",
        ]
    );
}

/// The OAuth 2 part's problems come first (they are read together), then the common keys'.
#[test]
fn header_names_env_vars_and_scopes_are_checked() {
    let messages = errors(quote!(
        header(name = "Bad Header", value = "x"),
        client_id_env = "MY-ID",
        api_auth_scheme = "Two words",
        scope = ["openid profile", ""],
        scope_separator = "",
    ));
    assert_eq!(
        messages,
        [
            "`openid profile` is not a scope: each scope is one non-empty word without spaces; list scopes separately, like `[\"openid\", \"profile\"]`",
            "`` is not a scope: each scope is one non-empty word without spaces; list scopes separately, like `[\"openid\", \"profile\"]`",
            "the scope separator cannot be empty; use `\" \"` or `\",\"`",
            "`Two words` is not an `Authorization` scheme, like `\"Bearer\"`: no spaces or separators",
            "`MY-ID` is not an environment variable name: use ASCII letters, digits and `_`, like `\"EXAMPLE_OAUTH_CLIENT_ID\"`",
            "`Bad Header` is not an HTTP header name, like `\"Accept\"`: no spaces or separators",
        ]
    );
}

/// `api_token_header` is a header name other than `Authorization`, without an
/// `api_auth_scheme` it would make pointless.
#[test]
fn an_api_token_header_is_a_header_name_and_excludes_a_scheme() {
    derive_ok(with(quote!(api_token_header = "X-Shopify-Access-Token")));
    assert_eq!(
        errors(quote!(api_token_header = "X Token")),
        [
            "`X Token` is not a header name, like `\"X-Shopify-Access-Token\"`: no spaces or separators"
        ]
    );
    assert_eq!(
        errors(quote!(api_token_header = "authorization")),
        [
            "`api_token_header` names a header other than `Authorization`; for `Authorization: <scheme> <token>` set `api_auth_scheme` instead"
        ]
    );
    assert_eq!(
        errors(quote!(
            api_token_header = "X-Token",
            api_auth_scheme = "Token"
        )),
        [
            "`api_auth_scheme` has no effect with `api_token_header = \"X-Token\"`, which carries the bare token; remove one of them"
        ]
    );
}

#[test]
fn errors_are_collected_not_stopped_at_the_first() {
    let messages = errors(quote!(
        quirk = "nope",
        client_auth = "nope",
        option(name = "a", kind = "text", doc = "d"),
        colour = "red",
    ));
    assert_eq!(messages.len(), 4, "{messages:?}");
}

#[test]
fn an_issuer_is_an_https_url_without_query_or_fragment() {
    derive_ok(with(quote!(issuer = "https://accounts.example.com")));
    derive_ok(with(quote!(
        issuer = "https://example.com/",
        option(name = "hd", kind = "text", doc = "d", claim = "hd")
    )));
    assert_eq!(
        errors(quote!(issuer = "http://accounts.example.com")),
        [
            "`http://accounts.example.com` is not a valid issuer: an OpenID issuer is an https URL (OpenID Connect Discovery §3), like `\"https://accounts.example.com\"`"
        ]
    );
    assert_eq!(
        errors(quote!(issuer = "https://accounts.example.com/?tenant=x")),
        [
            "`https://accounts.example.com/?tenant=x` is not a valid issuer: an OpenID issuer has no query or fragment (OpenID Connect Discovery §3), like `\"https://accounts.example.com\"`"
        ]
    );
    let messages = errors(quote!(issuer = "accounts.example.com"));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("not an absolute http(s) URL")),
        "{messages:?}"
    );
}

#[test]
fn a_claim_needs_an_issuer() {
    assert_eq!(
        errors(quote!(option(
            name = "hd",
            kind = "text",
            doc = "d",
            claim = "hd"
        ))),
        [
            "`claim = \"hd\"` checks a claim of the ID token, and this provider has no `issuer` to verify ID tokens from; add `issuer = \"...\"` or remove the claim"
        ]
    );
}
