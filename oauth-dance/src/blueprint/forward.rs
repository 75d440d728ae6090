//! The common builder methods of typed (generated) blueprint builders, written once.

/// Defines, inside the `impl` block of a typed blueprint builder with an [`OAuth2Builder`]
/// field, every common builder method by forwarding to that field. Used by
/// `#[derive(OAuthProvider)]`; not meant to be called by hand.
///
/// [`OAuth2Builder`]: crate::OAuth2Builder
#[doc(hidden)]
#[macro_export]
macro_rules! __forward_builder_methods {
    ($field:ident) => {
        $crate::__forward_builder_methods!(@one $field,
            name(name: impl ::core::convert::Into<::std::string::String>),
            client_id(id: impl ::core::convert::Into<::std::string::String>),
            client_secret(secret: impl ::core::convert::Into<::std::string::String>),
            base_url(url: impl ::core::convert::Into<::std::string::String>),
            authorization_url(url: impl ::core::convert::Into<::std::string::String>),
            token_url(url: impl ::core::convert::Into<::std::string::String>),
            authorization_param(
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>
            ),
            token_param(
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>
            ),
            header(
                name: impl ::core::convert::Into<::std::string::String>,
                value: impl ::core::convert::Into<::std::string::String>
            ),
            client_auth(auth: $crate::provider::ClientAuth),
            redirect_url(url: impl ::core::convert::Into<::std::string::String>),
            redirect_to(route: impl ::core::convert::Into<::std::string::String>),
            login_url(template: impl ::core::convert::Into<::std::string::String>),
            authorized_url(template: impl ::core::convert::Into<::std::string::String>),
            storage(storage: impl $crate::storage::TokenStorage),
            use_pkce(on: bool),
            http_client(client: $crate::reqwest::Client),
            timeout(timeout: ::std::time::Duration),
            max_pending_logins(n: usize),
            login_lifetime(lifetime: ::std::time::Duration)
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

        /// A hook run just before the redirect to the provider.
        pub fn on_before_login<F, Fut>(mut self, hook: F) -> Self
        where
            F: Fn($crate::hooks::BeforeLoginEvent) -> Fut + Send + Sync + 'static,
            Fut: ::core::future::Future<Output = ()> + 'static,
        {
            self.$field = self.$field.on_before_login(hook);
            self
        }

        /// A hook run after a successful exchange, before the token is stored.
        pub fn on_authorized<F, Fut>(mut self, hook: F) -> Self
        where
            F: Fn($crate::hooks::AuthorizedEvent) -> Fut + Send + Sync + 'static,
            Fut: ::core::future::Future<Output = $crate::hooks::Authorized> + 'static,
        {
            self.$field = self.$field.on_authorized(hook);
            self
        }

        /// A hook run when the dance fails; returning a response answers with it.
        pub fn on_error<F, Fut>(mut self, hook: F) -> Self
        where
            F: Fn($crate::hooks::ErrorEvent) -> Fut + Send + Sync + 'static,
            Fut: ::core::future::Future<Output = ::core::option::Option<$crate::actix_web::HttpResponse>>
                + 'static,
        {
            self.$field = self.$field.on_error(hook);
            self
        }

        /// Checks every setting and builds the blueprint.
        pub fn build(self) -> ::core::result::Result<$crate::Blueprint, $crate::ConfigError> {
            self.$field.build()
        }

        /// The untyped builder underneath.
        pub fn into_untyped(self) -> $crate::OAuth2Builder {
            self.$field
        }
    };
    (@one $field:ident, $($method:ident($($arg:ident: $ty:ty),*)),*) => {
        $(
            #[doc = concat!("See [`OAuth2Builder::", stringify!($method), "`](", "$crate::OAuth2Builder::", stringify!($method), ").")]
            pub fn $method(mut self, $($arg: $ty),*) -> Self {
                self.$field = self.$field.$method($($arg),*);
                self
            }
        )*
    };
}
