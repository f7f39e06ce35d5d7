//! Dockerfiles: the syntax tree, its parser, and BuildKit's dump format.

mod arguments;
mod dump;
mod heredoc;
mod json;
mod parse;
pub mod shell;
mod syntax;

pub use dump::{dump, dump_instruction, go_quote};
pub use parse::parse;
pub use syntax::{
    ArgDeclaration, Arguments, Directive, Dockerfile, Flag, Heredoc, Instruction, KeyValue,
    Keyword, SyntaxError, Word,
};
