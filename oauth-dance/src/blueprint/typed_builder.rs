//! The methods of typed (generated) blueprint builders, written once: every common builder
//! method and every method of the provider's protocol, forwarded to the untyped builder the
//! typed one wraps. Used by `#[derive(OAuthProvider)]`; not meant to be called by hand.
//!
//! The names forwarded here are the ones `oauth_dance_spec::builder_methods` reserves, so an
//! option can never be named like one; every typed builder lists them in `FORWARDED_METHODS`,
//! and a test compares the two.

/// Defines, inside the `impl` block of a typed blueprint builder whose field `$field` holds an
/// [`OAuth2Builder`](crate::OAuth2Builder) (`oauth2`) or an
/// [`OAuth1Builder`](crate::OAuth1Builder) (`oauth1`), every builder method by forwarding to
/// that field: the common ones, written once here, and the protocol's own.
#[doc(hidden)]
#[macro_export]
macro_rules! __forward_builder_methods {
    ($field:ident, oauth2) => {
        $crate::__forward_builder_methods!(@common $field, $crate::OAuth2Builder, ["scope"],
            authorization_url(url: impl ::core::convert::Into<::std::string::String>),
            token_url(url: impl ::core::convert::Into<::std::string::String>),
            scope_separator(separator: impl ::core::convert::Into<::std::string::String>),
            authorization_param(
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>
            ),
            token_param(
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>
            ),
            client_auth(auth: $crate::provider::ClientAuth),
            signed_secret(
                team_id: impl ::core::convert::Into<::std::string::String>,
                key_id: impl ::core::convert::Into<::std::string::String>,
                private_key: impl ::core::convert::Into<::std::string::String>
            ),
            use_pkce(on: bool),
            api_auth_scheme(scheme: impl ::core::convert::Into<::std::string::String>),
            api_token_header(name: impl ::core::convert::Into<::std::string::String>),
            redirect_uri_param(value: impl ::core::convert::Into<::std::string::String>),
            refresh(on: bool),
            refresh_url(url: impl ::core::convert::Into<::std::string::String>),
            refresh_leeway(leeway: ::std::time::Duration),
            revocation_url(url: impl ::core::convert::Into<::std::string::String>),
            openid_connect(issuer: impl ::core::convert::Into<::std::string::String>)
        );

        /// The scopes to request (replaces the provider's default scope).
        pub fn scope<I, S>(mut self, scopes: I) -> Self
        where
            I: ::core::iter::IntoIterator<Item = S>,
            S: ::core::convert::Into<::std::string::String>,
        {
            self.$field = self.$field.scope(scopes);
            self
        }
    };
    ($field:ident, oauth1) => {
        $crate::__forward_builder_methods!(@common $field, $crate::OAuth1Builder, [],
            request_token_url(url: impl ::core::convert::Into<::std::string::String>),
            authorization_url(url: impl ::core::convert::Into<::std::string::String>),
            access_token_url(url: impl ::core::convert::Into<::std::string::String>),
            signature_method(method: $crate::flow::oauth1::SignatureMethod),
            signature_placement(placement: $crate::flow::oauth1::SignaturePlacement),
            rsa_key(pem_or_path: impl ::core::convert::Into<::std::string::String>)
        );
    };
    (@common $field:ident, $untyped:ty, [$($extra:literal),*], $($method:ident($($arg:ident: $ty:ty),*)),*) => {
        $crate::__forward_builder_methods!(@forward $field, [$($extra),*],
            name(name: impl ::core::convert::Into<::std::string::String>),
            display_name(name: impl ::core::convert::Into<::std::string::String>),
            client_id(id: impl ::core::convert::Into<::std::string::String>),
            client_secret(secret: impl ::core::convert::Into<::std::string::String>),
            endpoints(endpoints: &impl $crate::Endpoints),
            base_url(url: impl ::core::convert::Into<::std::string::String>),
            token_origin(origin: impl ::core::convert::Into<::std::string::String>),
            header(
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>
            ),
            quirk(quirk: $crate::provider::Quirk),
            redirect_url(url: impl ::core::convert::Into<::std::string::String>),
            redirect_to(route: impl ::core::convert::Into<::std::string::String>),
            login_url(template: impl ::core::convert::Into<::std::string::String>),
            authorized_url(template: impl ::core::convert::Into<::std::string::String>),
            storage(storage: impl $crate::storage::TokenStorage),
            http_client(client: $crate::reqwest::Client),
            transport(transport: impl $crate::transport::Transport),
            timeout(timeout: ::std::time::Duration),
            max_pending_logins(n: usize),
            login_lifetime(lifetime: ::std::time::Duration),
            $($method($($arg: $ty),*)),*
        );

        $crate::__hook_methods!();

        #[doc(hidden)]
        pub fn with_hooks(
            mut self,
            edit: impl ::core::ops::FnOnce(&mut $crate::__private::Hooks),
        ) -> Self {
            self.$field = self.$field.with_hooks(edit);
            self
        }

        /// Checks every setting and builds the blueprint.
        pub fn build(self) -> ::core::result::Result<$crate::Blueprint, $crate::ConfigError> {
            self.$field.build()
        }

        /// The untyped builder underneath.
        pub fn into_untyped(self) -> $untyped {
            self.$field
        }
    };
    (@forward $field:ident, [$($extra:literal),*], $($method:ident($($arg:ident: $ty:ty),*)),*) => {
        $(
            #[doc = concat!("See [`BlueprintBuilder::", stringify!($method), "`](oauth_dance::BlueprintBuilder::", stringify!($method), ").")]
            pub fn $method(mut self, $($arg: $ty),*) -> Self {
                self.$field = self.$field.$method($($arg),*);
                self
            }
        )*

        /// Every builder method this typed builder forwards (options cannot take these names).
        #[doc(hidden)]
        pub const FORWARDED_METHODS: &'static [&'static str] = &[
            $(stringify!($method),)*
            $($extra,)*
            "on_before_login", "on_authorized", "on_error", "build",
        ];
    };
}
