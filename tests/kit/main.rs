//! The test kit as users' own test suites use it: a blueprint's storage swapped by name, mock
//! logins, cassettes recorded against the dev provider and replayed without it, and the dev
//! provider pointed at any blueprint in one call.

mod cassettes;
mod dev_provider;
mod mock_login;
mod storage_swap;
mod support;
