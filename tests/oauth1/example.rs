//! The example.
