//! The Dockerfile syntax tree: what [`super::parse`] returns.
//!
//! Every node keeps its byte range in the original text, so findings point at exact places and
//! fixes edit exact ranges.

use drydock_base::text::TextRange;

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
        if word.is_ascii() {
            return Keyword::ALL
                .into_iter()
                .find(|keyword| keyword.as_str().eq_ignore_ascii_case(word));
        }
        // BuildKit lower-cases with Unicode rules (the Kelvin sign `K` becomes `k`).
        let lower = word.to_lowercase();
        Keyword::ALL
            .into_iter()
            .find(|keyword| keyword.as_str().eq_ignore_ascii_case(&lower))
    }
}

/// A parser directive (`# syntax=…`, `# escape=…`, `# check=…`) at the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// The whole comment line, without its line break.
    pub range: TextRange,
    /// The key as written (compared case-insensitively).
    pub name: String,
    pub name_range: TextRange,
    pub value: String,
    pub value_range: TextRange,
}

/// A piece of text and where it came from. `value` is what BuildKit sees, which can differ from
/// the source slice: continuations are joined, and flags have their quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub value: String,
    pub range: TextRange,
}

/// A `--name[=value]` flag before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The whole flag in the source, from `--` to the end of its value.
    pub range: TextRange,
    /// The flag as BuildKit records it: quotes and escapes removed, `--` kept.
    pub text: String,
    /// The name without `--`.
    pub name: Word,
    /// The value after the first `=`, if there is one.
    pub value: Option<Word>,
}

/// `ENV`/`LABEL` pair: `k=v` or the legacy `k v` (whose value runs to the end of the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Word,
    /// Raw: quotes and escapes kept, nothing expanded.
    pub value: Word,
    /// The `=`; `None` in the legacy form.
    pub equals: Option<TextRange>,
}

/// One `ARG` declaration: `name` or `name=default`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDeclaration {
    /// The whole word as written (quotes kept).
    pub word: Word,
    pub name: Word,
    pub default: Option<Word>,
}

/// An instruction's arguments, in the shape BuildKit's line parser gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arguments {
    /// Nothing after the keyword (and its flags).
    Empty,
    /// JSON (exec) form: `["a", "b"]`. `range` runs from `[` to the end of the arguments:
    /// BuildKit reads the first JSON value and ignores anything after its `]`.
    Exec {
        range: TextRange,
        elements: Vec<Word>,
    },
    /// Shell form: the rest of the line as one string (`RUN`, `CMD`, `ENTRYPOINT`, `SHELL`,
    /// `USER`, `WORKDIR`, `MAINTAINER`, `STOPSIGNAL`).
    Shell {
        command: Word,
        /// Set when the text starts with `[` but is not a JSON array of strings: BuildKit
        /// silently falls back to shell form, which is rarely what the author meant.
        json_fallback: Option<String>,
    },
    /// Whitespace-separated words (`FROM`, `EXPOSE`, and `ADD`/`COPY`/`VOLUME` outside JSON).
    List {
        words: Vec<Word>,
        json_fallback: Option<String>,
    },
    /// `ENV` and `LABEL`.
    Pairs(Vec<KeyValue>),
    /// `ARG`.
    Declarations(Vec<ArgDeclaration>),
    /// `HEALTHCHECK NONE` or `HEALTHCHECK [flags] CMD …`.
    Healthcheck { kind: Word, command: Box<Arguments> },
    /// `ONBUILD` and the instruction it wraps.
    Onbuild(Box<Instruction>),
    /// An unknown instruction: its arguments are not interpreted.
    Unknown(TextRange),
    /// Arguments BuildKit rejects (the error is in [`Dockerfile::errors`]).
    Invalid(TextRange),
}

/// A here-document attached to `RUN`, `COPY` or `ADD` (or to them under `ONBUILD`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word with quotes removed, e.g. `EOF` for `<<"EOF"`.
    pub name: String,
    /// `3` in `3<<X`; 0 when absent, as in BuildKit.
    pub file_descriptor: u32,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// False when any part of the delimiter was quoted: the body is then not expanded.
    pub expand: bool,
    /// The `<<EOF` word on the instruction line.
    pub marker: TextRange,
    /// The body: every line between the instruction and the terminator, line breaks included.
    pub body: TextRange,
    /// The terminator line, without its line break; empty at the end of the file when the
    /// heredoc is unterminated.
    pub terminator: TextRange,
}

impl Heredoc {
    /// The body as the build sees it (leading tabs removed for `<<-`).
    pub fn content<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        let body = self.body.slice(text);
        if !self.chomp {
            return std::borrow::Cow::Borrowed(body);
        }
        let mut out = String::with_capacity(body.len());
        for line in body.split_inclusive('\n') {
            out.push_str(line.trim_start_matches('\t'));
        }
        std::borrow::Cow::Owned(out)
    }
}

/// One instruction, possibly spanning several physical lines through continuations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// From the first byte of the keyword to the end of the last line (not its line break),
    /// including heredoc bodies and terminators.
    pub range: TextRange,
    /// `None` for an instruction BuildKit does not know; it stays in the tree.
    pub keyword: Option<Keyword>,
    /// The keyword as written.
    pub keyword_text: String,
    pub keyword_range: TextRange,
    pub flags: Vec<Flag>,
    /// The `--` that ends the flags, if present.
    pub flag_terminator: Option<TextRange>,
    pub arguments: Arguments,
    /// The pieces of source that make up the arguments, one per physical line, without the
    /// escape characters of continuations and without comment lines inside the instruction.
    pub arg_segments: Vec<TextRange>,
    /// The arguments (after the flags) with continuations joined, as BuildKit sees them.
    pub args: String,
    /// Each line continuation: the escape character and the blanks after it.
    pub continuations: Vec<TextRange>,
    /// Empty lines inside a continuation (BuildKit's `NoEmptyContinuation` warning).
    pub empty_continuation_lines: Vec<TextRange>,
    pub heredocs: Vec<Heredoc>,
}

/// A parsed Dockerfile. Parsing never fails: errors sit beside the tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// The UTF-8 byte order mark, if the file starts with one.
    pub bom: Option<TextRange>,
    pub directives: Vec<Directive>,
    pub instructions: Vec<Instruction>,
    /// Comment lines outside directives (also those inside continuations), each without its
    /// line break and leading blanks.
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
