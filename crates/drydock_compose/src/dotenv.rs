//! `.env` and `env_file` files, read as compose-go's `dotenv` package reads them: `KEY=value`
//! or `KEY: value` lines, `export ` before a key, `#` comments (after a value, only after a
//! space), single quotes taken literally (but `\'`), double quotes with escapes (`\n`, `\t`,
//! `\$`, octal `\0NNN`…), values interpolated with the variables of the lines before (and the
//! environment), and a key alone on its line taken from the environment.
//!
//! The reference's quirks are kept where a file can depend on them: a value's comment needs a
//! space before its `#`; what follows a closing quote on its line is read as the next
//! statement; a last line without `=` nor a newline is a value with an empty key.

use std::fmt;

use drydock_base::TextRange;

use crate::interpolate;

/// One variable a file sets, with where its line starts and ends (the key through the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub range: TextRange,
}

/// Why the reference refuses a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// A line compose-go cannot read: its message (`line 2: unterminated quoted value "1.27`),
    /// and where.
    Syntax { message: String, range: TextRange },
    /// A value's interpolation failed (a required variable without a value, an invalid
    /// template).
    Interpolation {
        error: interpolate::Error,
        range: TextRange,
    },
}

impl Error {
    pub fn range(&self) -> TextRange {
        match self {
            Error::Syntax { range, .. } | Error::Interpolation { range, .. } => *range,
        }
    }
}

impl fmt::Display for Error {
    /// The message compose-go gives, after `failed to read <path>: `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax { message, .. } => f.write_str(message),
            Error::Interpolation { error, .. } => match error {
                interpolate::Error::Invalid { template } => {
                    write!(f, "Invalid template: {}", go_quote(template))
                }
                other => other.fmt(f),
            },
        }
    }
}

/// Go's whitespace (`unicode.IsSpace`).
fn is_go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c as u32 > 0xff && c.is_whitespace())
}

/// compose-go's `isSpace`: Go's whitespace but the newline (and only the Latin-1 ones).
fn is_inline_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    )
}

/// The variables `text` sets, in order (a key set twice: the later wins, as in the reference's
/// map), with `environment` for keys alone on their line and for interpolation (before the
/// file's own earlier variables, as compose-go looks them up).
pub fn parse(
    text: &str,
    environment: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Entry>, Error> {
    let mut reader = Reader {
        text,
        at: usize::from(text.starts_with('\u{feff}')) * 3,
        line: 1,
        out: Vec::new(),
    };
    while reader.statement_start() {
        reader.statement(environment)?;
    }
    Ok(reader.out)
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
    line: usize,
    out: Vec<Entry>,
}

impl<'t> Reader<'t> {
    fn rest(&self) -> &'t str {
        self.text.get(self.at..).unwrap_or_default()
    }

    /// Moves to the next statement, past blank space and comment lines; false at the end.
    fn statement_start(&mut self) -> bool {
        loop {
            let rest = self.rest();
            let Some((offset, c)) = rest.char_indices().find(|(_, c)| !is_go_space(*c)) else {
                self.line += rest.matches('\n').count();
                self.at = self.text.len();
                return false;
            };
            self.line += rest.get(..offset).unwrap_or_default().matches('\n').count();
            self.at += offset;
            if c != '#' {
                return true;
            }
            match self.rest().find('\n') {
                Some(newline) => self.at += newline,
                None => {
                    self.at = self.text.len();
                    return false;
                }
            }
        }
    }

    fn statement(&mut self, environment: &dyn Fn(&str) -> Option<String>) -> Result<(), Error> {
        let start = self.at;
        let mut src = self.rest();
        if let Some(after) = src.strip_prefix("export")
            && after.starts_with(|c: char| c.is_ascii_whitespace())
        {
            let trimmed = after.trim_start_matches(is_inline_space);
            self.at += src.len() - trimmed.len();
            src = trimmed;
        }
        let line_of = |src: &str| src.split('\n').next().unwrap_or_default().to_owned();
        let mut key_end = None;
        for (offset, c) in src.char_indices() {
            if is_inline_space(c) {
                continue;
            }
            match c {
                '=' | ':' | '\n' => {
                    key_end = Some((offset, c));
                    break;
                }
                '_' | '.' | '-' | '[' | ']' => {}
                c if c.is_alphanumeric() => {}
                c => {
                    return Err(self.syntax(
                        format!(
                            "line {}: unexpected character {} in variable name {}",
                            self.line,
                            go_quote(&c.to_string()),
                            go_quote(&line_of(src))
                        ),
                        start,
                    ));
                }
            }
        }
        let (key, after) = match key_end {
            Some((offset, c)) => (
                src.get(..offset).unwrap_or_default(),
                (offset + c.len_utf8(), c == '\n'),
            ),
            None => ("", (0, false)),
        };
        let (value_at, inherited) = after;
        if inherited && !key.contains(' ') {
            self.line += 1;
        }
        let key = key.trim_end_matches(is_go_space).to_owned();
        let value_src = src.get(value_at..).unwrap_or_default();
        let value_src_trimmed = value_src.trim_start_matches(is_inline_space);
        self.at += value_at + (value_src.len() - value_src_trimmed.len());
        if key.contains(' ') {
            return Err(self.syntax(
                format!("line {}: key cannot contain a space", self.line),
                start,
            ));
        }
        if inherited {
            if let Some(value) = environment(&key) {
                self.push(key, value, start);
            }
            return Ok(());
        }
        let value = self.value(environment, start)?;
        self.push(key, value, start);
        Ok(())
    }

    fn push(&mut self, key: String, value: String, start: usize) {
        let range = TextRange::new(start, self.at.max(start));
        self.out.retain(|entry| entry.key != key);
        self.out.push(Entry { key, value, range });
    }

    fn syntax(&self, message: String, start: usize) -> Error {
        let end = self
            .text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(self.text.len(), |n| start + n);
        Error::Syntax {
            message,
            range: TextRange::new(start, end),
        }
    }

    /// The value at the reader's position, moving past it.
    fn value(
        &mut self,
        environment: &dyn Fn(&str) -> Option<String>,
        start: usize,
    ) -> Result<String, Error> {
        let src = self.rest();
        let quote = src.chars().next().filter(|c| *c == '"' || *c == '\'');
        let Some(quote) = quote else {
            let (line, rest_at) = match src.find('\n') {
                Some(newline) => (src.get(..newline).unwrap_or_default(), newline + 1),
                None => (src, src.len()),
            };
            self.line += 1;
            let value = line.split(" #").next().unwrap_or_default();
            let value = value.trim_end_matches(is_go_space);
            let range = TextRange::new(self.at, self.at + value.len());
            self.at += rest_at;
            return self.expand(value, environment, range);
        };
        let bytes = src.as_bytes();
        let mut escaped = false;
        let mut chars: Vec<u8> = Vec::new();
        let mut at = 1;
        while let Some(&b) = bytes.get(at) {
            if b == b'\n' {
                self.line += 1;
            }
            if b != quote as u8 {
                if !escaped && b == b'\\' {
                    escaped = true;
                } else {
                    if escaped {
                        escaped = false;
                        chars.push(b'\\');
                    }
                    chars.push(b);
                }
                at += 1;
                continue;
            }
            if escaped {
                escaped = false;
                chars.push(b);
                at += 1;
                continue;
            }
            let value = String::from_utf8_lossy(&chars).into_owned();
            let range = TextRange::new(self.at, self.at + at + 1);
            self.at += at + 1;
            if quote == '"' {
                return self.expand(&unescape(&value), environment, range);
            }
            return Ok(value);
        }
        let line = src.split('\n').next().unwrap_or_default();
        Err(self.syntax(
            format!("line {}: unterminated quoted value {line}", self.line),
            start,
        ))
    }

    /// `value` interpolated with the environment, then the variables read so far.
    fn expand(
        &self,
        value: &str,
        environment: &dyn Fn(&str) -> Option<String>,
        range: TextRange,
    ) -> Result<String, Error> {
        let earlier = &self.out;
        let lookup = |name: &str| {
            environment(name).or_else(|| {
                earlier
                    .iter()
                    .find(|entry| entry.key == name)
                    .map(|entry| entry.value.clone())
            })
        };
        interpolate::substitute(value, &lookup)
            .map_err(|error| Error::Interpolation { error, range })
    }
}

/// compose-go's `expandEscapes` for double-quoted values: `\a \b \c \f \n \r \t \v \\ \"`, `\$`
/// (kept as `$$`, so that interpolation leaves a `$`), and `\0` with up to three digits (read as
/// Go reads an octal escape once the `0` is dropped: three octal digits, else left as written).
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut copied = 0;
    while let Some(offset) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\\'))
    {
        let slash = at + offset;
        let next = bytes.get(slash + 1).copied();
        let (replacement, length): (Option<String>, usize) = match next {
            Some(b'$') => (Some("$$".to_owned()), 2),
            Some(b'0') => {
                let digits = bytes.get(slash + 2..).map_or(0, |rest| {
                    rest.iter()
                        .take(3)
                        .take_while(|b| b.is_ascii_digit())
                        .count()
                });
                let octal = text.get(slash + 2..slash + 2 + digits).unwrap_or_default();
                let value = (digits == 3)
                    .then(|| u32::from_str_radix(octal, 8).ok())
                    .flatten()
                    .filter(|&v| v <= 255)
                    .and_then(char::from_u32);
                match value {
                    Some(c) => (Some(c.to_string()), 2 + digits),
                    // Not an escape Go reads: the text stays as written.
                    None => (None, 2 + digits),
                }
            }
            Some(c @ (b'a' | b'b' | b'c' | b'f' | b'n' | b'r' | b't' | b'v' | b'"' | b'\\')) => {
                let value = match c {
                    b'a' => Some("\u{7}"),
                    b'b' => Some("\u{8}"),
                    b'f' => Some("\u{c}"),
                    b'n' => Some("\n"),
                    b'r' => Some("\r"),
                    b't' => Some("\t"),
                    b'v' => Some("\u{b}"),
                    b'"' => Some("\""),
                    b'\\' => Some("\\"),
                    // `\c` is matched but is no Go escape: left as written.
                    _ => None,
                };
                (value.map(str::to_owned), 2)
            }
            _ => (None, 1),
        };
        if let Some(replacement) = replacement {
            out.push_str(text.get(copied..slash).unwrap_or_default());
            out.push_str(&replacement);
            copied = slash + length;
        }
        at = slash + length;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// A string as Go's `%q` prints it (`strconv.Quote`): in double quotes, with `\` and `"`
/// escaped, and control characters as escapes.
pub fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    fn read(text: &str) -> Vec<(String, String)> {
        parse(text, &none)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .into_iter()
            .map(|entry| (entry.key, entry.value))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn lines_quotes_comments_and_exports() {
        let text = "# a comment\n\nA=1\nexport B = two words # said\nC: 'it\\'s'\nD=\"x\\ny\\$z\" # c\nE=a#b\nF=${A}-${MISSING:-d}\n";
        assert_eq!(
            read(text),
            pairs(&[
                ("A", "1"),
                ("B", "two words"),
                ("C", "it's"),
                ("D", "x\ny$z"),
                ("E", "a#b"),
                ("F", "1-d")
            ])
        );
    }

    #[test]
    fn later_keys_win_and_crlf_is_trimmed() {
        assert_eq!(
            read("A=1\r\nB='q'\r\nA=2\r\n"),
            pairs(&[("B", "q"), ("A", "2")])
        );
    }

    #[test]
    fn errors_say_what_compose_says() {
        let message = |text: &str| parse(text, &none).map(|_| ()).unwrap_err().to_string();
        assert_eq!(message("MY KEY=1\n"), "line 1: key cannot contain a space");
        // The line is counted after every newline the search for the quote passed, as
        // compose-go counts it.
        assert_eq!(
            message("TAG=\"1.27\n"),
            "line 2: unterminated quoted value \"1.27"
        );
        assert_eq!(
            message("A=1\nTAG=\"1.27\nB=2\n"),
            "line 4: unterminated quoted value \"1.27"
        );
        assert_eq!(
            message("A$B=1\n"),
            "line 1: unexpected character \"$\" in variable name \"A$B=1\""
        );
        assert_eq!(
            message("X=${BASE:?BASE must be set}\n"),
            "required variable BASE is missing a value: BASE must be set"
        );
    }

    #[test]
    fn a_key_alone_comes_from_the_environment() {
        let env = |name: &str| (name == "HOME").then(|| "/root".to_owned());
        let entries = parse("HOME\nNOPE\nA=$HOME\n", &env).unwrap_or_default();
        let got: Vec<(&str, &str)> = entries
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(got, [("HOME", "/root"), ("A", "/root")]);
    }

    #[test]
    fn octal_and_unknown_escapes() {
        assert_eq!(unescape(r"\0101\0\q\c\\"), "A\\0\\q\\c\\");
    }
}
