//! The expander itself: lex.go's `shellWord`, one character at a time.

use super::env::Env;
use super::pattern::{self, Pattern};
use super::{ExpandError, ExpandErrorKind, Expanded, Lexer, VarRef};
use drydock_base::text::TextRange;

/// What lex.go prints for "no character": Go's `string(rune(-1))`.
const NO_CHAR: char = '\u{fffd}';

pub(super) fn expand<E: Env + ?Sized>(
    lexer: &Lexer,
    word: &str,
    env: &E,
) -> Result<Expanded, ExpandError> {
    // Go's text/scanner skips a byte order mark at the very start of its input.
    let start = if word.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    // Most words have nothing to expand, unquote or unescape: they are their own value.
    let rest = word.get(start..).unwrap_or_default();
    if !rest.contains(['$', '\'', '"', lexer.escape]) {
        return Ok(Expanded {
            value: rest.to_owned(),
            words: rest
                .split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect(),
            references: Vec::new(),
        });
    }
    let mut expander = Expander {
        lexer,
        env,
        text: word,
        pos: start,
        raw_escapes: lexer.raw_escapes,
        references: Vec::new(),
    };
    match expander.until(None, lexer.raw_escapes) {
        Ok((value, words)) => Ok(Expanded {
            value,
            words,
            references: expander.references,
        }),
        Err(Failure { kind, range }) => Err(ExpandError {
            kind,
            range,
            references: expander.references,
        }),
    }
}

/// A character that continues a variable name (Go: letter, digit or `_`).
pub(super) fn is_name_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// A character that starts a positional parameter (Go's `unicode.IsDigit`).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric() && !c.is_alphabetic())
}

/// POSIX special parameters; Dockerfiles never set them.
fn is_special_parameter(c: char) -> bool {
    matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

struct Failure {
    kind: ExpandErrorKind,
    range: TextRange,
}

struct Expander<'a, E: ?Sized> {
    lexer: &'a Lexer,
    env: &'a E,
    text: &'a str,
    pos: usize,
    /// lex.go switches this while it reads a pattern or a replacement.
    raw_escapes: bool,
    references: Vec<VarRef>,
}

impl<E: Env + ?Sized> Expander<'_, E> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..)?.chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn fail<T>(&self, kind: ExpandErrorKind, start: usize) -> Result<T, Failure> {
        Err(Failure {
            kind,
            range: TextRange::new(start, self.pos),
        })
    }

    /// lex.go `processStopOn`: reads up to `stop` (consumed) or the end of input, returning the
    /// text and its words. Reaching the end while looking for `stop` fails; callers that read
    /// `${…}` turn that into their own message.
    fn until(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), Failure> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let result = self.until_inner(stop);
        self.raw_escapes = saved;
        result
    }

    fn until_inner(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), Failure> {
        let start = self.pos;
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.bump();
                return Ok((result, words.finish()));
            }
            match c {
                '$' => {
                    let value = self.dollar()?;
                    words.push_split(&value);
                    result.push_str(&value);
                }
                '\'' | '"' if !self.lexer.literal_quotes => {
                    let value = if c == '\'' {
                        self.single_quoted()?
                    } else {
                        self.double_quoted()?
                    };
                    words.push_raw(&value);
                    result.push_str(&value);
                }
                _ => {
                    self.bump();
                    if c == self.lexer.escape {
                        if self.raw_escapes {
                            words.push_raw_char(c);
                            result.push(c);
                        }
                        // An escape at the very end is dropped.
                        let Some(escaped) = self.bump() else { break };
                        words.push_raw_char(escaped);
                        result.push(escaped);
                    } else {
                        words.push_char(c);
                        result.push(c);
                    }
                }
            }
        }
        match stop {
            // The message is replaced by the caller; BuildKit never shows this one.
            Some(_) => self.fail(ExpandErrorKind::MissingBrace, start),
            None => Ok((result, words.finish())),
        }
    }

    /// `'…'`: everything literal, no escapes.
    fn single_quoted(&mut self) -> Result<String, Failure> {
        let start = self.pos;
        let mut result = String::new();
        self.bump();
        if self.lexer.raw_quotes {
            result.push('\'');
        }
        loop {
            match self.bump() {
                None => return self.fail(ExpandErrorKind::UnterminatedSingleQuote, start),
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    /// `"…"`: variables expand; the escape character escapes only `"`, `$` and itself.
    fn double_quoted(&mut self) -> Result<String, Failure> {
        let start = self.pos;
        let mut result = String::new();
        self.bump();
        if self.lexer.raw_quotes {
            result.push('"');
        }
        loop {
            match self.peek() {
                None => return self.fail(ExpandErrorKind::UnterminatedDoubleQuote, start),
                Some('"') => {
                    self.bump();
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.dollar()?;
                    result.push_str(&value);
                }
                Some(c) => {
                    self.bump();
                    let mut out = c;
                    if c == self.lexer.escape {
                        if self.raw_escapes {
                            result.push(c);
                        }
                        match self.peek() {
                            // Dropped; the loop then reports the missing quote.
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == c => {
                                self.bump();
                                out = next;
                            }
                            // Any other escape stays (and, with raw escapes, appears twice).
                            Some(_) => {}
                        }
                    }
                    result.push(out);
                }
            }
        }
    }

    /// lex.go `processName`: a run of digits, one special parameter, or letters, digits and `_`.
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if name.is_empty() && is_digit(c) {
                while let Some(digit) = self.peek().filter(|&d| is_digit(d)) {
                    self.bump();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && is_special_parameter(c) {
                self.bump();
                name.push(c);
                return name;
            }
            if !is_name_char(c) {
                break;
            }
            self.bump();
            name.push(c);
        }
        name
    }

    fn lookup(&mut self, name: &str, start: usize, name_start: usize) -> Option<String> {
        let value = self
            .env
            .lookup(name, self.lexer.platform)
            .map(str::to_owned);
        self.references.push(VarRef {
            name: name.to_owned(),
            range: TextRange::new(start, self.pos),
            name_range: TextRange::new(name_start, name_start + name.len()),
            set: value.is_some(),
        });
        value
    }

    /// lex.go `processDollar`, at a `$`.
    fn dollar(&mut self) -> Result<String, Failure> {
        let start = self.pos;
        self.bump();
        if self.peek() != Some('{') {
            let name_start = self.pos;
            let name = self.name();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(match self.lookup(&name, start, name_start) {
                Some(value) => value,
                None if self.lexer.keep_unset => format!("${name}"),
                None => String::new(),
            });
        }
        self.bump();
        match self.peek() {
            None => return self.fail(ExpandErrorKind::MissingBrace, start),
            Some('{' | '}' | ':') => return self.fail(ExpandErrorKind::BadSubstitution, start),
            Some(_) => {}
        }
        let name_start = self.pos;
        let name = self.name();
        let first = self.bump();
        let mut modifier = String::from(first.unwrap_or(NO_CHAR));
        match first {
            Some('}') => Ok(match self.lookup(&name, start, name_start) {
                Some(value) => value,
                None if self.lexer.keep_unset => format!("${{{name}}}"),
                None => String::new(),
            }),
            Some(':' | '+' | '-' | '?' | '#' | '%') => {
                let null_is_unset = first == Some(':');
                let operator = if null_is_unset {
                    let second = self.bump();
                    modifier.push(second.unwrap_or(NO_CHAR));
                    second
                } else {
                    first
                };
                let trims = matches!(operator, Some('#' | '%'));
                if null_is_unset && trims {
                    return self.fail(ExpandErrorKind::UnsupportedModifier(modifier), start);
                }
                let word = self.braced_part(start, '}', trims, ExpandErrorKind::MissingBrace)?;
                let value = self.lookup(&name, start, name_start);
                if value.is_none() && self.lexer.keep_unset {
                    return Ok(format!("${{{name}{modifier}{word}}}"));
                }
                let operation = Operation {
                    name,
                    modifier,
                    operator,
                    null_is_unset,
                    word,
                };
                self.apply(operation, value, start)
            }
            Some('/') => {
                let all = self.peek() == Some('/');
                if all {
                    self.bump();
                }
                let pattern = self.braced_part(start, '/', true, ExpandErrorKind::MissingSlash)?;
                let replacement =
                    self.braced_part(start, '}', true, ExpandErrorKind::MissingBrace)?;
                let Some(value) = self.lookup(&name, start, name_start) else {
                    if self.lexer.keep_unset {
                        return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
                    }
                    return self.replace(&pattern, "", &replacement, all, start);
                };
                self.replace(&pattern, &value, &replacement, all, start)
            }
            _ => self.fail(ExpandErrorKind::UnsupportedModifier(modifier), start),
        }
    }

    /// One part of the `${…}` that began at `start`, up to `stop`; running out of input is
    /// `at_end`'s error, over the whole expression.
    fn braced_part(
        &mut self,
        start: usize,
        stop: char,
        raw_escapes: bool,
        at_end: ExpandErrorKind,
    ) -> Result<String, Failure> {
        match self.until(Some(stop), raw_escapes) {
            Ok((text, _)) => Ok(text),
            Err(_) if self.at_end() => self.fail(at_end, start),
            Err(failure) => Err(failure),
        }
    }

    /// The operators of `${name<modifier>word}` once `word` is read and `name` looked up.
    fn apply(&self, op: Operation, value: Option<String>, start: usize) -> Result<String, Failure> {
        let Operation {
            name,
            modifier,
            operator,
            null_is_unset,
            word,
        } = op;
        let set = value.is_some();
        let value = value.unwrap_or_default();
        let missing = !set || (null_is_unset && value.is_empty());
        match operator {
            Some('-') => Ok(if missing { word } else { value }),
            Some('+') => Ok(if missing { String::new() } else { word }),
            Some('?') => {
                if !missing {
                    return Ok(value);
                }
                let message = if !word.is_empty() {
                    word
                } else if !set {
                    "is not allowed to be unset".to_owned()
                } else {
                    "is not allowed to be empty".to_owned()
                };
                self.fail(ExpandErrorKind::Required { name, message }, start)
            }
            Some(op @ ('#' | '%')) => {
                // A doubled operator (`##`, `%%`) asks for the longest match; the check runs on
                // the expanded word, as in lex.go.
                let (pattern, greedy) = match word.strip_prefix(op) {
                    Some(rest) => (rest, true),
                    None => (word.as_str(), false),
                };
                let trimmed = if op == '%' {
                    pattern::trim_suffix(pattern, &value, greedy)
                } else {
                    pattern::trim_prefix(pattern, &value, greedy)
                };
                trimmed.or_else(|escaped| {
                    self.fail(
                        ExpandErrorKind::InvalidPattern {
                            pattern: pattern.to_owned(),
                            escaped,
                        },
                        start,
                    )
                })
            }
            _ => self.fail(ExpandErrorKind::UnsupportedModifier(modifier), start),
        }
    }

    fn replace(
        &self,
        pattern: &str,
        value: &str,
        replacement: &str,
        all: bool,
        start: usize,
    ) -> Result<String, Failure> {
        let compiled = match Pattern::compile(pattern, true) {
            Ok(compiled) => compiled,
            Err(escaped) => {
                return self.fail(
                    ExpandErrorKind::InvalidPattern {
                        pattern: pattern.to_owned(),
                        escaped,
                    },
                    start,
                );
            }
        };
        Ok(if all {
            pattern::replace_all(&compiled, value, replacement)
        } else {
            pattern::replace_first(&compiled, value, replacement)
        })
    }
}

/// A parsed `${name<modifier>word}` other than `/`.
struct Operation {
    name: String,
    /// As written, for messages: `-`, `:-`, `:=`…
    modifier: String,
    /// The operator character after the optional `:`.
    operator: Option<char>,
    /// `:` given: an empty value counts as unset.
    null_is_unset: bool,
    /// The expanded word after the operator.
    word: String,
}

/// lex.go `wordsStruct`: splits at white space that came from unquoted text or an unquoted
/// variable's value.
#[derive(Default)]
struct Words {
    current: String,
    words: Vec<String>,
    /// Set by any character or quoted string, even an empty one (`""`).
    in_word: bool,
}

impl Words {
    fn push_char(&mut self, c: char) {
        if !c.is_whitespace() {
            self.push_raw_char(c);
        } else if self.in_word && !self.current.is_empty() {
            self.words.push(std::mem::take(&mut self.current));
            self.in_word = false;
        }
    }

    fn push_raw_char(&mut self, c: char) {
        self.current.push(c);
        self.in_word = true;
    }

    fn push_split(&mut self, text: &str) {
        for c in text.chars() {
            self.push_char(c);
        }
    }

    fn push_raw(&mut self, text: &str) {
        self.current.push_str(text);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.words.push(self.current);
        }
        self.words
    }
}
