//! A record of hook calls, shared with the hooks that append to it.

use std::sync::{Arc, Mutex};

/// A record of hook calls, shareable with hooks.
#[derive(Clone, Default)]
pub struct Calls(
    /// The calls.
    pub Arc<Mutex<Vec<String>>>,
);

impl Calls {
    /// Appends a call.
    pub fn push(&self, s: impl Into<String>) {
        self.0.lock().unwrap().push(s.into());
    }
    /// Every call so far, in order.
    pub fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}
