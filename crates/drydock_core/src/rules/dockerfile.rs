//! Dockerfile rules.

pub mod syntax_error;
pub mod unknown_instruction;
