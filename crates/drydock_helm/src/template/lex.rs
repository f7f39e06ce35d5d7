//! Go's `text/template` lexer: text and actions, `{{- ` / ` -}}` trim markers, comments, and the
//! tokens inside an action, each with its byte offset.
//!
//! Like Go's, it stops at the first error (an error token says why) and reports the line where
//! the action it was in started.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text outside actions (trim markers already applied).
    Text,
    /// `{{`; the token's text is `{{` or `{{- `.
    LeftDelim,
    RightDelim,
    /// A comment action, dropped by the parser.
    Comment,
    Bool,
    /// A character constant, `'a'`.
    Char,
    Number,
    String,
    RawString,
    /// `.Name` (the text includes the dot).
    Field,
    /// `$` or `$name`.
    Variable,
    Identifier,
    /// `.` alone.
    Dot,
    Nil,
    LeftParen,
    RightParen,
    Pipe,
    /// `:=`
    Declare,
    /// `=`
    Assign,
    /// `,` (between range variables).
    Comma,
    /// A run of spaces inside an action (Go's parser needs them between operands).
    Space,
    // Keywords.
    Block,
    Break,
    Continue,
    Define,
    Else,
    End,
    If,
    Range,
    Template,
    With,
    Eof,
    /// A lexing error: the text is the message.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'t> {
    pub kind: Kind,
    /// Byte offset in the template's text.
    pub pos: usize,
    /// The token's text: a slice of the template's (copying it is cheap), or a message.
    pub text: Cow<'t, str>,
    /// The 1-based line the token starts on (Go's error messages use it).
    pub line: usize,
}

use std::borrow::Cow;

const LEFT: &str = "{{";
const RIGHT: &str = "}}";
const COMMENT_OPEN: &str = "/*";
const COMMENT_CLOSE: &str = "*/";

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alphanumeric(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Where `pair` (two equal ASCII bytes: `{{`, `}}`) first occurs in `text`. The byte is looked
/// for with `str::find(char)` (a word-at-a-time search), much faster than the general
/// substring search for a needle this short.
pub(crate) fn find_pair(text: &str, pair: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    loop {
        let at = from + text.get(from..)?.find(char::from(pair))?;
        if bytes.get(at + 1) == Some(&pair) {
            return Some(at);
        }
        from = at + 1;
    }
}

/// Whether `text` at `at` starts a trim marker after a left delimiter: `-` and a space.
fn trim_after_left(text: &str, at: usize) -> bool {
    let mut chars = text.get(at..).unwrap_or_default().chars();
    chars.next() == Some('-') && chars.next().is_some_and(is_space)
}

/// Whether a right delimiter at `at` has a trim marker before it: a space, `-`, `}}`.
fn trim_before_right(text: &str, at: usize) -> bool {
    let rest = text.get(at..).unwrap_or_default();
    let mut chars = rest.chars();
    chars.next().is_some_and(is_space)
        && chars.next() == Some('-')
        && chars.as_str().starts_with(RIGHT)
}

/// The tokens of `text`, ending with [`Kind::Eof`] or [`Kind::Error`].
pub fn lex(text: &str) -> Vec<Token<'_>> {
    let mut lexer = Lexer {
        text,
        pos: 0,
        start: 0,
        line: 1,
        start_line: 1,
        tokens: Vec::new(),
        paren_depth: 0,
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'t> {
    text: &'t str,
    pos: usize,
    start: usize,
    line: usize,
    start_line: usize,
    tokens: Vec<Token<'t>>,
    paren_depth: usize,
}

impl<'t> Lexer<'t> {
    fn rest(&self) -> &'t str {
        self.text.get(self.pos..).unwrap_or_default()
    }

    fn peek(&self) -> Option<char> {
        // ASCII, nearly always: read without decoding.
        match self.text.as_bytes().get(self.pos) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            _ => self.rest().chars().next(),
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn emit(&mut self, kind: Kind) {
        let text = self.text.get(self.start..self.pos).unwrap_or_default();
        self.emit_text(kind, Cow::Borrowed(text));
    }

    fn emit_text(&mut self, kind: Kind, text: Cow<'t, str>) {
        self.tokens.push(Token {
            kind,
            pos: self.start,
            text,
            line: self.start_line,
        });
        self.start = self.pos;
        self.start_line = self.line;
    }

    /// Skips to `to` (counting lines) without emitting.
    fn skip_to(&mut self, to: usize) {
        let skipped = self.text.get(self.pos..to).unwrap_or_default();
        self.line += skipped.matches('\n').count();
        self.pos = to;
        self.start = to;
        self.start_line = self.line;
    }

    fn error(&mut self, message: String) {
        self.tokens.push(Token {
            kind: Kind::Error,
            pos: self.start,
            text: Cow::Owned(message),
            line: self.start_line,
        });
    }

    fn run(&mut self) {
        loop {
            if !self.lex_text() {
                return;
            }
            if !self.lex_action() {
                return;
            }
        }
    }

    /// Text up to the next `{{` (trimmed if it is `{{- `); false at the end.
    fn lex_text(&mut self) -> bool {
        match find_pair(self.rest(), b'{') {
            Some(offset) => {
                let delim = self.pos + offset;
                let trim = trim_after_left(self.text, delim + LEFT.len());
                let text = self.text.get(self.pos..delim).unwrap_or_default();
                let kept = if trim {
                    text.trim_end_matches(is_space)
                } else {
                    text
                };
                if !kept.is_empty() {
                    // Lines are counted over the whole text, trimmed or not.
                    let end = self.pos + kept.len();
                    let lines = self
                        .text
                        .get(self.pos..end)
                        .unwrap_or_default()
                        .matches('\n')
                        .count();
                    self.tokens.push(Token {
                        kind: Kind::Text,
                        pos: self.start,
                        text: Cow::Borrowed(kept),
                        line: self.start_line,
                    });
                    self.line += lines;
                    self.pos = end;
                }
                self.skip_to(delim);
                true
            }
            None => {
                self.line += self.rest().matches('\n').count();
                self.pos = self.text.len();
                if self.pos > self.start {
                    self.emit(Kind::Text);
                }
                self.emit_text(Kind::Eof, Cow::Borrowed(""));
                false
            }
        }
    }

    /// An action from its `{{` to its `}}`; false after an error.
    fn lex_action(&mut self) -> bool {
        let trim = trim_after_left(self.text, self.pos + LEFT.len());
        let after = self.pos + LEFT.len() + if trim { 2 } else { 0 };
        // A comment: `{{/*` or `{{- /*`, closed by `*/}}` or `*/ -}}`.
        if self
            .text
            .get(after..)
            .is_some_and(|rest| rest.starts_with(COMMENT_OPEN))
        {
            return self.lex_comment(after);
        }
        self.pos += LEFT.len();
        self.emit_text(
            Kind::LeftDelim,
            Cow::Borrowed(if trim { "{{- " } else { "{{" }),
        );
        if trim {
            self.skip_to(after);
        }
        self.paren_depth = 0;
        self.lex_inside()
    }

    fn lex_comment(&mut self, open: usize) -> bool {
        let body = open + COMMENT_OPEN.len();
        let Some(close) = self
            .text
            .get(body..)
            .and_then(|rest| rest.find(COMMENT_CLOSE))
        else {
            self.error("unclosed comment".to_owned());
            return false;
        };
        let close = body + close + COMMENT_CLOSE.len();
        let (end, trim) = if trim_before_right(self.text, close) {
            (close + 2 + RIGHT.len(), true)
        } else if self
            .text
            .get(close..)
            .is_some_and(|rest| rest.starts_with(RIGHT))
        {
            (close + RIGHT.len(), false)
        } else {
            self.skip_to(close);
            self.error("comment ends before closing delimiter".to_owned());
            return false;
        };
        self.pos = end;
        self.line += self
            .text
            .get(self.start..end)
            .unwrap_or_default()
            .matches('\n')
            .count();
        self.emit(Kind::Comment);
        if trim {
            self.trim_following();
        }
        true
    }

    /// After ` -}}`: the spaces that follow are dropped.
    fn trim_following(&mut self) {
        let spaces = self.rest().len() - self.rest().trim_start_matches(is_space).len();
        self.skip_to(self.pos + spaces);
    }

    /// The tokens of an action, up to and including its `}}`.
    fn lex_inside(&mut self) -> bool {
        loop {
            // The right delimiter, with or without its trim marker.
            let trim = trim_before_right(self.text, self.pos);
            if trim || self.rest().starts_with(RIGHT) {
                if self.paren_depth > 0 {
                    self.error("unclosed left paren".to_owned());
                    return false;
                }
                if trim {
                    // ` -}}`: the space is the action's end.
                    self.skip_to(self.pos + 2);
                }
                self.pos += RIGHT.len();
                self.emit(Kind::RightDelim);
                if trim {
                    self.trim_following();
                }
                return true;
            }
            let Some(c) = self.next() else {
                self.error("unclosed action".to_owned());
                return false;
            };
            match c {
                c if is_space(c) => {
                    while self.peek().is_some_and(is_space) {
                        if trim_before_right(self.text, self.pos) {
                            break;
                        }
                        self.next();
                    }
                    self.emit(Kind::Space);
                }
                '=' => self.emit(Kind::Assign),
                ':' => {
                    if self.peek() != Some('=') {
                        self.error("expected :=".to_owned());
                        return false;
                    }
                    self.next();
                    self.emit(Kind::Declare);
                }
                '|' => self.emit(Kind::Pipe),
                '"' => {
                    if !self.lex_quote() {
                        return false;
                    }
                }
                '`' => {
                    if !self.lex_raw_quote() {
                        return false;
                    }
                }
                '$' => {
                    if !self.lex_name(Kind::Variable) {
                        return false;
                    }
                }
                '\'' => {
                    if !self.lex_char() {
                        return false;
                    }
                }
                '.' => {
                    // A number such as `.5`, else a field or the dot.
                    if self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        self.pos -= 1;
                        if !self.lex_number() {
                            return false;
                        }
                    } else if self.at_terminator() {
                        self.emit(Kind::Dot);
                    } else if !self.lex_name(Kind::Field) {
                        return false;
                    }
                }
                '+' | '-' | '0'..='9' => {
                    self.pos -= 1;
                    if !self.lex_number() {
                        return false;
                    }
                }
                c if is_alphanumeric(c) => {
                    if !self.lex_identifier() {
                        return false;
                    }
                }
                '(' => {
                    self.paren_depth += 1;
                    self.emit(Kind::LeftParen);
                }
                ')' => {
                    if self.paren_depth == 0 {
                        self.error("unexpected right paren".to_owned());
                        return false;
                    }
                    self.paren_depth -= 1;
                    self.emit(Kind::RightParen);
                }
                ',' => self.emit(Kind::Comma),
                c => {
                    self.error(format!(
                        "unrecognized character in action: {}",
                        go_quote_rune(c)
                    ));
                    return false;
                }
            }
        }
    }

    /// Go's `atTerminator`: what may follow a word.
    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if is_space(c) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            Some(_) => self.rest().starts_with(RIGHT),
        }
    }

    /// A field or a variable; false after an error.
    /// Past the letters, digits and `_` at `pos`: ASCII ones a byte at a time (names hold no
    /// line break), then any others.
    fn skip_alphanumerics(&mut self) {
        let bytes = self.text.as_bytes();
        while bytes
            .get(self.pos)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_')
        {
            self.pos += 1;
        }
        while self.peek().is_some_and(is_alphanumeric) {
            self.next();
        }
    }

    fn lex_name(&mut self, kind: Kind) -> bool {
        self.skip_alphanumerics();
        if !self.at_terminator() {
            return self.bad_character();
        }
        self.emit(kind);
        true
    }

    fn bad_character(&mut self) -> bool {
        let c = self.peek().unwrap_or('\0');
        self.error(format!(
            "bad character U+{:04X} {}",
            u32::from(c),
            go_quote_rune(c)
        ));
        false
    }

    fn lex_identifier(&mut self) -> bool {
        self.skip_alphanumerics();
        if !self.at_terminator() {
            return self.bad_character();
        }
        let word = self.text.get(self.start..self.pos).unwrap_or_default();
        let kind = match word {
            "block" => Kind::Block,
            "break" => Kind::Break,
            "continue" => Kind::Continue,
            "define" => Kind::Define,
            "else" => Kind::Else,
            "end" => Kind::End,
            "if" => Kind::If,
            "range" => Kind::Range,
            "template" => Kind::Template,
            "with" => Kind::With,
            "nil" => Kind::Nil,
            "true" | "false" => Kind::Bool,
            _ => Kind::Identifier,
        };
        self.emit(kind);
        true
    }

    fn lex_quote(&mut self) -> bool {
        loop {
            match self.next() {
                Some('\\') => {
                    if matches!(self.next(), None | Some('\n')) {
                        self.error("unterminated quoted string".to_owned());
                        return false;
                    }
                }
                Some('\n') | None => {
                    self.error("unterminated quoted string".to_owned());
                    return false;
                }
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::String);
        true
    }

    fn lex_raw_quote(&mut self) -> bool {
        loop {
            match self.next() {
                None => {
                    self.error("unterminated raw quoted string".to_owned());
                    return false;
                }
                Some('`') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::RawString);
        true
    }

    fn lex_char(&mut self) -> bool {
        loop {
            match self.next() {
                Some('\\') => {
                    if matches!(self.next(), None | Some('\n')) {
                        self.error("unterminated character constant".to_owned());
                        return false;
                    }
                }
                Some('\n') | None => {
                    self.error("unterminated character constant".to_owned());
                    return false;
                }
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::Char);
        true
    }

    /// Go's `scanNumber`: a sign, a base prefix, digits with `_`, a fraction, an exponent; the
    /// parser decides what the text means. A letter right after it is an error.
    fn lex_number(&mut self) -> bool {
        if matches!(self.peek(), Some('+' | '-')) {
            self.next();
        }
        let mut digits: &str = "0123456789_";
        let mut exponent: &str = "eE";
        if self.peek() == Some('0') {
            self.next();
            match self.peek() {
                Some('x' | 'X') => {
                    self.next();
                    digits = "0123456789abcdefABCDEF_";
                    exponent = "pP";
                }
                Some('o' | 'O') => {
                    self.next();
                    digits = "01234567_";
                    exponent = "";
                }
                Some('b' | 'B') => {
                    self.next();
                    digits = "01_";
                    exponent = "";
                }
                _ => {}
            }
        }
        let accept_run = |lexer: &mut Self, set: &str| {
            while lexer.peek().is_some_and(|c| set.contains(c)) {
                lexer.next();
            }
        };
        accept_run(self, digits);
        if self.peek() == Some('.') {
            self.next();
            accept_run(self, digits);
        }
        if !exponent.is_empty() && self.peek().is_some_and(|c| exponent.contains(c)) {
            self.next();
            if matches!(self.peek(), Some('+' | '-')) {
                self.next();
            }
            accept_run(self, "0123456789_");
        }
        if self.peek() == Some('i') {
            self.next();
        }
        if self.peek().is_some_and(is_alphanumeric) {
            self.next();
            let bad = self
                .text
                .get(self.start..self.pos)
                .unwrap_or_default()
                .to_owned();
            self.error(format!("bad number syntax: {}", go_quote(&bad)));
            return false;
        }
        self.emit(Kind::Number);
        true
    }
}

/// Go's `%q` of a string (`strconv.Quote`).
pub fn go_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// Go's `%q` of a rune (`strconv.QuoteRune`).
pub fn go_quote_rune(c: char) -> String {
    let mut out = String::from('\'');
    push_escaped(&mut out, c, '\'');
    out.push('\'');
    out
}

fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if c.is_control() || c == '\u{fffd}' => {
            let code = u32::from(c);
            if code < 0x80 {
                out.push_str(&format!("\\x{code:02x}"));
            } else if code < 0x10000 {
                out.push_str(&format!("\\u{code:04x}"));
            } else {
                out.push_str(&format!("\\U{code:08x}"));
            }
        }
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs() {
        assert_eq!(find_pair("a { b {{ c", b'{'), Some(6));
        assert_eq!(find_pair("{{", b'{'), Some(0));
        assert_eq!(find_pair("a {", b'{'), None);
        assert_eq!(find_pair("é{é{{", b'{'), Some(5));
        assert_eq!(find_pair("} }}", b'}'), Some(2));
        assert_eq!(find_pair("", b'}'), None);
    }

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        lex(text)
            .into_iter()
            .map(|t| (t.kind, t.text.into_owned()))
            .collect()
    }

    #[test]
    fn text_and_actions() {
        assert_eq!(
            kinds("a {{ .X | f 1 }} b"),
            [
                (Kind::Text, "a ".into()),
                (Kind::LeftDelim, "{{".into()),
                (Kind::Space, " ".into()),
                (Kind::Field, ".X".into()),
                (Kind::Space, " ".into()),
                (Kind::Pipe, "|".into()),
                (Kind::Space, " ".into()),
                (Kind::Identifier, "f".into()),
                (Kind::Space, " ".into()),
                (Kind::Number, "1".into()),
                (Kind::Space, " ".into()),
                (Kind::RightDelim, "}}".into()),
                (Kind::Text, " b".into()),
                (Kind::Eof, String::new()),
            ]
        );
    }

    #[test]
    fn trim_markers() {
        assert_eq!(
            kinds("a  {{- 3 -}}  b"),
            [
                (Kind::Text, "a".into()),
                (Kind::LeftDelim, "{{- ".into()),
                (Kind::Number, "3".into()),
                (Kind::RightDelim, "}}".into()),
                (Kind::Text, "b".into()),
                (Kind::Eof, String::new()),
            ]
        );
        // `{{-3}}` is the number -3.
        assert_eq!(kinds("{{-3}}")[1], (Kind::Number, "-3".into()));
    }

    #[test]
    fn comments_and_errors() {
        assert_eq!(
            kinds("a {{/* c */}} b"),
            [
                (Kind::Text, "a ".into()),
                (Kind::Comment, "{{/* c */}}".into()),
                (Kind::Text, " b".into()),
                (Kind::Eof, String::new()),
            ]
        );
        assert_eq!(lex("{{ \"abc }}").last().map(|t| t.kind), Some(Kind::Error));
        assert_eq!(
            lex("{{ 1").last().map(|t| t.text.to_string()),
            Some("unclosed action".into())
        );
    }
}
