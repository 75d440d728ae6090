//! OAuth 1.0a end to end: dances against the dev provider over real HTTP (HMAC-SHA1,
//! HMAC-SHA256, PLAINTEXT and RSA-SHA1; header, query and body placement), what the provider
//! refuses and how it surfaces, every hook outcome, the presets, storage, and the example.

mod dances;
mod example;
mod failures;
mod hooks;
mod presets;
mod support;
