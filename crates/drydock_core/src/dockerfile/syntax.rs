//! The Dockerfile syntax tree: what [`super::parse`] returns.
//!
//! Every node keeps its byte range in the original text, so findings point at exact places and
//! fixes edit exact ranges.

use crate::text::TextRange;

/// The instructions BuildKit knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    pub const ALL: [Keyword; 18] = [
        Keyword::Add,
        Keyword::Arg,
        Keyword::Cmd,
        Keyword::Copy,
        Keyword::Entrypoint,
        Keyword::Env,
        Keyword::Expose,
        Keyword::From,
        Keyword::Healthcheck,
        Keyword::Label,
        Keyword::Maintainer,
        Keyword::Onbuild,
        Keyword::Run,
        Keyword::Shell,
        Keyword::Stopsignal,
        Keyword::User,
        Keyword::Volume,
        Keyword::Workdir,
    ];

    /// The canonical upper-case spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Keyword::Add => "ADD",
            Keyword::Arg => "ARG",
            Keyword::Cmd => "CMD",
            Keyword::Copy => "COPY",
            Keyword::Entrypoint => "ENTRYPOINT",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::From => "FROM",
            Keyword::Healthcheck => "HEALTHCHECK",
            Keyword::Label => "LABEL",
            Keyword::Maintainer => "MAINTAINER",
            Keyword::Onbuild => "ONBUILD",
            Keyword::Run => "RUN",
            Keyword::Shell => "SHELL",
            Keyword::Stopsignal => "STOPSIGNAL",
            Keyword::User => "USER",
            Keyword::Volume => "VOLUME",
            Keyword::Workdir => "WORKDIR",
        }
    }

    /// Instructions are case-insensitive.
    pub fn from_word(word: &str) -> Option<Keyword> {
        Keyword::ALL
            .into_iter()
            .find(|keyword| keyword.as_str().eq_ignore_ascii_case(word))
    }
}

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) at the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The whole comment line.
    pub range: TextRange,
    /// The key as written (compared case-insensitively).
    pub name: String,
    pub name_range: TextRange,
    pub value: String,
    pub value_range: TextRange,
}

/// One instruction, possibly spanning several physical lines through continuations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// From the first byte of the keyword to the end of the last line (not its line break).
    pub range: TextRange,
    /// `None` for an instruction BuildKit does not know; it stays in the tree.
    pub keyword: Option<Keyword>,
    /// The keyword as written.
    pub keyword_text: String,
    pub keyword_range: TextRange,
    /// The pieces of source that make up the arguments, one per physical line, without the
    /// escape characters of continuations and without comment lines inside the instruction.
    pub arg_segments: Vec<TextRange>,
    /// The arguments with continuations joined, as BuildKit sees them.
    pub args: String,
}

/// A parsed Dockerfile. Parsing never fails: errors sit beside the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    /// Comment lines outside directives, each without its line break.
    pub comments: Vec<TextRange>,
    /// The escape character in force (`\` unless a directive changed it to `` ` ``).
    pub escape: char,
    pub errors: Vec<SyntaxError>,
}

/// A problem the parser found. Errors cover only the broken part; the rest is still parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}
