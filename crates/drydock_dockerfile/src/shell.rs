//! Variable expansion and word splitting, exactly as BuildKit's `frontend/dockerfile/shell/lex.go`.
//!
//! BuildKit does not run a shell to expand `$VAR` in a Dockerfile: it has its own small lexer, with
//! its own quirks, and a Dockerfile means what that lexer makes of it. This module reproduces it:
//! `$v ${v} ${v:-w} ${v-w} ${v:+w} ${v+w} ${v?m} ${v:?m} ${v#p} ${v##p} ${v%p} ${v%%p} ${v/p/r}
//! ${v//p/r}`, single and double quotes, the escape character (`\` or `` ` ``), positional and
//! special parameters (never set), and Windows' case-insensitive variable names.
//!
//! Beyond BuildKit's result it records every variable reference with its byte range in the input
//! and whether it was set, which rules such as `UndefinedVar` need.
//!
//! Known differences, all confined to exotic input:
//! - Go's `unicode.IsLetter`/`IsDigit` (categories L and Nd) decide what a variable name is; we
//!   use Rust's `is_alphabetic`/`is_numeric`, which also admit combining vowel signs, letter-like
//!   numerals and superscript digits.
//! - Recent lex.go shares one buffer between the word splitter of `${v:-…}` and that of the word
//!   around it, so `ProcessWords("a${v:-b}")` loses `a`. We split as the code intends (`["ab"]`);
//!   only word splitting (EXPOSE, heredoc detection) could see it, never the expanded string.

mod env;
mod pattern;
mod word;

use drydock_base::text::TextRange;

pub use env::{Env, Platform};

/// BuildKit's shell lexer: how to expand variables in one word of a Dockerfile.
///
/// The flags mirror lex.go's options; BuildKit sets them for particular instructions (for
/// example it keeps unset variables as written when it names a `RUN` step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The escape character: `\`, or `` ` `` after `# escape=``.
    pub escape: char,
    /// Decides whether variable names compare case-insensitively (Windows).
    pub platform: Platform,
    /// Keep quote characters in the result (lex.go `RawQuotes`).
    pub raw_quotes: bool,
    /// Keep escape characters in the result (lex.go `RawEscapes`).
    pub raw_escapes: bool,
    /// Treat quotes as ordinary characters (lex.go `SkipProcessQuotes`).
    pub literal_quotes: bool,
    /// Leave a reference to an unset variable as written instead of expanding it to the empty
    /// string (lex.go `SkipUnsetEnv`).
    pub keep_unset: bool,
}

impl Default for Lexer {
    fn default() -> Self {
        Lexer::new('\\')
    }
}

impl Lexer {
    /// A lexer with the given escape character, Unix rules and no options.
    pub const fn new(escape: char) -> Self {
        Lexer {
            escape,
            platform: Platform::Unix,
            raw_quotes: false,
            raw_escapes: false,
            literal_quotes: false,
            keep_unset: false,
        }
    }

    pub const fn with_platform(mut self, platform: Platform) -> Self {
        self.platform = platform;
        self
    }

    /// Expands `word` in `env`: the expanded string, its split into words, and every variable
    /// reference met on the way (lex.go `ProcessWordWithMatches`).
    pub fn expand(&self, word: &str, env: &(impl Env + ?Sized)) -> Result<Expanded, ExpandError> {
        word::expand(self, word, env)
    }

    /// Expands `word` and splits the result into words at unquoted white space
    /// (lex.go `ProcessWords`).
    pub fn expand_words(
        &self,
        word: &str,
        env: &(impl Env + ?Sized),
    ) -> Result<Vec<String>, ExpandError> {
        self.expand(word, env).map(|expanded| expanded.words)
    }
}

/// The result of expanding one word.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expanded {
    /// The word with quotes removed and variables substituted (lex.go `ProcessWord`).
    pub value: String,
    /// The same, split at unquoted white space (lex.go `ProcessWords`).
    pub words: Vec<String>,
    /// Every variable looked up, in the order BuildKit looked them up.
    pub references: Vec<VarRef>,
}

impl Expanded {
    /// The references to variables that were not set, in lookup order (duplicates kept).
    pub fn unset(&self) -> impl Iterator<Item = &VarRef> {
        self.references.iter().filter(|reference| !reference.set)
    }
}

/// One lookup of a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    /// The name as written (`pwd` even when Windows found `PWD`).
    pub name: String,
    /// The whole reference in the input, from `$` to the end of the name or the closing `}`.
    pub range: TextRange,
    /// The name alone.
    pub name_range: TextRange,
    /// Whether the environment had the variable (possibly empty).
    pub set: bool,
}

/// Why a word could not be expanded. BuildKit fails the build on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpandError {
    pub kind: ExpandErrorKind,
    /// Where in the input: the unterminated quote or `${` up to where the lexer gave up.
    pub range: TextRange,
    /// The references looked up before the failure (BuildKit still reports those unset).
    pub references: Vec<VarRef>,
}

impl std::fmt::Display for ExpandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for ExpandError {}

/// The failures lex.go knows; `Display` gives its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandErrorKind {
    UnterminatedSingleQuote,
    UnterminatedDoubleQuote,
    /// `${` without its `}`.
    MissingBrace,
    /// `${v/p` without the `/` before the replacement.
    MissingSlash,
    /// `${}`, `${{…`, `${:…`.
    BadSubstitution,
    /// `${v:=w}`, `${v.}`, `${v:#p}`… The operator as lex.go prints it (`U+FFFD` for the end of
    /// input).
    UnsupportedModifier(String),
    /// `${v?message}` with `v` unset, or `${v:?message}` with `v` unset or empty.
    Required {
        name: String,
        message: String,
    },
    /// A `#`, `%` or `/` pattern with an escape other than `\*`, `\?`, `\\`, `\}`, `\/`.
    InvalidPattern {
        pattern: String,
        escaped: char,
    },
}

impl std::fmt::Display for ExpandErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExpandErrorKind::UnterminatedSingleQuote => {
                f.write_str("unexpected end of statement while looking for matching single-quote")
            }
            ExpandErrorKind::UnterminatedDoubleQuote => {
                f.write_str("unexpected end of statement while looking for matching double-quote")
            }
            ExpandErrorKind::MissingBrace => f.write_str("syntax error: missing '}'"),
            ExpandErrorKind::MissingSlash => f.write_str("syntax error: missing '/' in ${}"),
            ExpandErrorKind::BadSubstitution => f.write_str("syntax error: bad substitution"),
            ExpandErrorKind::UnsupportedModifier(modifier) => {
                write!(f, "unsupported modifier ({modifier}) in substitution")
            }
            ExpandErrorKind::Required { name, message } => write!(f, "{name}: {message}"),
            ExpandErrorKind::InvalidPattern { pattern, escaped } => write!(
                f,
                "invalid pattern ({pattern}) in substitution: invalid escape '\\{escaped}'"
            ),
        }
    }
}

#[cfg(test)]
mod tests;
