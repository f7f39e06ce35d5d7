//! Dockerfiles: the syntax tree and its parser.

mod parse;
pub mod shell;
mod syntax;

pub use parse::parse;
pub use syntax::{Directive, Dockerfile, Instruction, Keyword, SyntaxError};
