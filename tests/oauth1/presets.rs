//! The presets.
