//! Rules about YAML itself, whatever the document holds.

pub mod syntax_error;
