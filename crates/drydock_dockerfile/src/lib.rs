//! Dockerfiles: the syntax tree and its parser (BuildKit's grammar), BuildKit's dump format and
//! shell lexer, the semantic layer, the shell commands of `RUN`, the suppression pragmas, and the
//! Dockerfile rules. No platform dependency.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod arguments;
pub mod assist;
pub mod command;
mod dump;
mod heredoc;
pub mod image;
mod json;
pub mod mount;
mod parse;
pub mod rules;
pub mod semantic;
pub mod shell;
pub mod suppression;
mod syntax;

pub use dump::{dump, dump_instruction, go_quote};
pub use image::ImageRef;
pub use mount::{Mount, MountField};
pub use parse::parse;
pub use semantic::{Semantic, analyze};
pub use syntax::{
    ArgDeclaration, Arguments, Directive, Dockerfile, Flag, Heredoc, Instruction, KeyValue,
    Keyword, SyntaxError, Word,
};
