//! Dockerfiles: the syntax tree, its parser, and BuildKit's dump format.

mod arguments;
pub mod command;
mod dump;
mod heredoc;
pub mod image;
mod json;
pub mod mount;
mod parse;
pub mod semantic;
pub mod shell;
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
