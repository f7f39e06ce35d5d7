//! JSON written and read by hand, where serde's derives and serde_json would weigh more than the
//! few lines they save: the page's module writes engine requests and reads its saved workspace,
//! share links, the rule docs and the gallery with these; the Kustomize renderer writes
//! `--format json`.
//!
//! [`parse`] reads RFC 8259 JSON into a [`Value`]: strict (no trailing commas, no comments), in
//! one pass, without panicking on any input; nesting deeper than [`MAX_DEPTH`] is refused rather
//! than recursed into.

use std::fmt::Write as _;

/// Appends `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, …
/// or `\u00XX`, the way serde_json and Go's encoder write them.
pub fn write_string(out: &mut String, text: &str) {
    write_escaped(out, text, false);
}

/// [`write_string`] as Go's `encoding/json` writes strings by default: HTML-safe as well (`<`,
/// `>`, `&` as `\u003c`…, and U+2028 and U+2029 escaped).
pub fn write_string_html_safe(out: &mut String, text: &str) {
    write_escaped(out, text, true);
}

fn write_escaped(out: &mut String, text: &str, html_safe: bool) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20
                || (html_safe && matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}')) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A JSON value. Objects keep their members in the order written; a repeated key is kept
/// twice, and [`Value::get`] answers with the last, as serde_json and browsers do.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object (the last one of that name); `None` for anything else.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    /// A number that is a whole, non-negative value that fits a `usize`.
    pub fn as_usize(&self) -> Option<usize> {
        match self {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n <= 9_007_199_254_740_992.0 => {
                Some(*n as usize)
            }
            _ => None,
        }
    }
}

/// Why a text is not JSON, and where (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: &'static str,
    pub offset: usize,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

/// Deeper nesting than this is refused (each level is a frame of the reader's recursion).
pub const MAX_DEPTH: usize = 128;

/// Reads one JSON value, with nothing but whitespace around it.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("unexpected text after the value"));
    }
    Ok(value)
}

struct Reader<'t> {
    bytes: &'t [u8],
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, message: &'static str) -> ParseError {
        ParseError {
            message,
            offset: self.pos,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Consumes `word` (a literal) or fails.
    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, ParseError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("the text ends where a value was expected")),
        }
    }

    fn nested(&self, depth: usize) -> Result<(), ParseError> {
        if depth > MAX_DEPTH {
            Err(self.error("nested too deeply"))
        } else {
            Ok(())
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.nested(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` in an array")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.nested(depth)?;
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key in an object"));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:` after an object key"));
            }
            self.pos += 1;
            let value = self.value(depth)?;
            members.push((key, value));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` in an object")),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let leading_zero = self.peek() == Some(b'0');
        match self.digits() {
            0 => return Err(self.error("expected a digit")),
            n if leading_zero && n > 1 => return Err(self.error("a number may not start with 0")),
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        std::str::from_utf8(self.bytes.get(start..self.pos).unwrap_or_default())
            .ok()
            .and_then(|text| text.parse::<f64>().ok())
            .filter(|n| n.is_finite())
            .map(Value::Number)
            .ok_or(ParseError {
                message: "a number out of range",
                offset: start,
            })
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
            n = n * 16 + digit;
            self.pos += 1;
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            // The run of plain bytes up to the next quote, backslash or control character.
            let start = self.pos;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            let run = self.bytes.get(start..self.pos).unwrap_or_default();
            out.push_str(std::str::from_utf8(run).map_err(|_| ParseError {
                message: "a string is not UTF-8",
                offset: start,
            })?);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = self.peek();
                    self.pos += 1;
                    match escaped {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{08}'),
                        Some(b'f') => out.push('\u{0C}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let unit = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&unit)
                                && self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u")
                            {
                                let back = self.pos;
                                self.pos += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                                } else {
                                    self.pos = back;
                                    unit
                                }
                            } else {
                                unit
                            };
                            // A lone surrogate reads as U+FFFD, as serde_json's lossy readers
                            // and browsers' `JSON.parse` then `TextEncoder` do.
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => {
                            self.pos -= 2;
                            return Err(self.error("unknown escape in a string"));
                        }
                    }
                }
                Some(_) => {
                    return Err(self.error("a control character in a string must be escaped"));
                }
                None => return Err(self.error("a string is not closed")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_DEPTH, Value, parse, write_string};

    #[test]
    fn escapes_what_json_must_and_nothing_else() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{1}é/");
        assert_eq!(out, r#""a\"b\\c\nd\re\tf\bg\fh\u0001é/""#);
    }

    #[test]
    fn reads_what_it_writes() {
        let text = "a\"b\\c\nd\u{1}é😀/";
        let mut json = String::new();
        write_string(&mut json, text);
        assert_eq!(parse(&json), Ok(Value::String(text.to_owned())));
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value = parse(
            r#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "\u00e9\ud83d\ude00"}, "a": 0} "#,
        )
        .unwrap();
        assert_eq!(value.get("a").and_then(Value::as_usize), Some(0));
        assert_eq!(
            value
                .get("b")
                .and_then(|b| b.get("c"))
                .and_then(Value::as_str),
            Some("é😀")
        );
        let first = value.as_object().unwrap()[0].1.as_array().unwrap().to_vec();
        assert_eq!(
            first,
            vec![
                Value::Number(1.0),
                Value::Number(-2500.0),
                Value::Bool(true),
                Value::Bool(false),
                Value::Null
            ]
        );
        assert_eq!(
            parse(r#""\ud800x""#),
            Ok(Value::String("\u{FFFD}x".to_owned()))
        );
    }

    #[test]
    fn refuses_what_is_not_json_and_says_where() {
        for (text, offset) in [
            ("", 0),
            ("[1,]", 3),
            ("{\"a\" 1}", 5),
            ("{a: 1}", 1),
            ("01", 2),
            ("1.", 2),
            ("\"abc", 4),
            ("\"a\tb\"", 2),
            ("\"\\x\"", 1),
            ("[1] 2", 4),
            ("tru", 0),
            ("-", 1),
            ("[1e999]", 1),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text:?}: {error}");
        }
        assert!(parse(&"[".repeat(MAX_DEPTH + 1)).is_err());
        assert!(
            parse(&format!(
                "{}{}",
                "[".repeat(MAX_DEPTH),
                "]".repeat(MAX_DEPTH)
            ))
            .is_ok()
        );
        assert_eq!(
            parse("[1.5]").unwrap().as_array().unwrap()[0].as_usize(),
            None
        );
    }
}
