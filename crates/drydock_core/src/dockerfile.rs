//! Dockerfiles: the syntax tree and its parser.

mod parse;
mod syntax;

pub use parse::parse;
pub use syntax::{Directive, Dockerfile, Instruction, Keyword, SyntaxError};
