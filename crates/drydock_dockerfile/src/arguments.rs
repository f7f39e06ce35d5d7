//! Turns an instruction's logical line (its physical lines joined, continuations removed) into
//! keyword, flags and arguments, following BuildKit's `splitCommand`, `extractBuilderFlags` and
//! the per-instruction line parsers (`line_parsers.go`). Every piece keeps its source range.

use super::json::{JsonArray, parse_array};
use super::syntax::{
    ArgDeclaration, Arguments, Flag, Instruction, KeyValue, Keyword, SyntaxError, Word,
};
use drydock_base::text::TextRange;

/// `ONBUILD ONBUILD …` deeper than this is cut short with an error instead of recursing on.
const MAX_ONBUILD_DEPTH: usize = 32;

/// The logical line of one instruction and the map back to the source.
#[derive(Debug, Default)]
pub(super) struct Logical {
    pub text: String,
    /// `(offset in text, offset in source)` at the start of each joined piece, in order.
    pieces: Vec<(usize, usize)>,
    /// Where an empty logical line sits in the source.
    anchor: usize,
}

impl Logical {
    pub fn new(anchor: usize) -> Self {
        Logical {
            anchor,
            ..Logical::default()
        }
    }

    pub fn push(&mut self, source: &str, range: TextRange) {
        if range.is_empty() {
            return;
        }
        self.pieces.push((self.text.len(), range.start));
        self.text.push_str(range.slice(source));
    }

    fn source_start(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|&(at, _)| at <= offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(at, source)) => source + (offset - at),
            None => self.anchor,
        }
    }

    fn source_end(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|&(at, _)| at < offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(at, source)) => source + (offset - at),
            None => self.source_start(offset),
        }
    }

    /// The source range of `start..end` in the logical line.
    pub fn range(&self, start: usize, end: usize) -> TextRange {
        if start >= end {
            return TextRange::empty(self.source_start(start));
        }
        TextRange::new(self.source_start(start), self.source_end(end))
    }

    /// The source pieces covering `start..end`, one per joined piece.
    fn segments(&self, start: usize, end: usize) -> Vec<TextRange> {
        let mut out = Vec::new();
        for (i, &(at, source)) in self.pieces.iter().enumerate() {
            let piece_end = self
                .pieces
                .get(i + 1)
                .map_or(self.text.len(), |&(next, _)| next);
            let (s, e) = (start.max(at), end.min(piece_end));
            if s < e {
                out.push(TextRange::new(source + (s - at), source + (e - at)));
            }
        }
        out
    }

    fn word(&self, value: String, start: usize, end: usize) -> Word {
        Word {
            value,
            range: self.range(start, end),
        }
    }

    fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or("")
    }
}

/// Go's `unicode.IsSpace`, which `strings.TrimSpace` uses (Rust's `char::is_whitespace` is the
/// same set: Unicode `White_Space`).
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]`.
fn is_separator(b: u8) -> bool {
    matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// `strings.TrimSpace` on `start..end`.
fn trim(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = text.get(start..end).unwrap_or("");
    let left = slice.len() - slice.trim_start_matches(is_space).len();
    let right = slice.trim_end_matches(is_space).len();
    if right <= left {
        (start + left, start + left)
    } else {
        (start + left, start + right)
    }
}

/// Parses the instruction in `logical.text[start..end]`.
pub(super) fn instruction(
    logical: &Logical,
    escape: char,
    start: usize,
    end: usize,
    depth: usize,
    errors: &mut Vec<SyntaxError>,
) -> Instruction {
    let text = logical.text.as_str();
    let (start, end) = trim(text, start, end);
    let bytes = text.as_bytes();
    let keyword_end = (start..end)
        .find(|&i| bytes.get(i).copied().is_some_and(is_separator))
        .unwrap_or(end);
    let mut rest_start = keyword_end;
    while bytes.get(rest_start).copied().is_some_and(is_separator) && rest_start < end {
        rest_start += 1;
    }
    let keyword_text = logical.slice(start, keyword_end).to_owned();
    let keyword = Keyword::from_word(&keyword_text);
    let split = builder_flags(logical, rest_start, end);
    let (args_start, args_end) = trim(text, split.args_start, end);
    let range = logical.range(start, end);
    let mut instruction = Instruction {
        range,
        keyword,
        keyword_range: logical.range(start, keyword_end),
        keyword_text,
        flags: split.flags,
        flag_terminator: split.terminator,
        arguments: Arguments::Empty,
        arg_segments: logical.segments(args_start, args_end),
        args: logical.slice(args_start, args_end).to_owned(),
        continuations: Vec::new(),
        empty_continuation_lines: Vec::new(),
        heredocs: Vec::new(),
    };
    let rest = Rest {
        logical,
        escape,
        start: args_start,
        end: args_end,
    };
    let result = match keyword {
        None => Ok(Arguments::Unknown(logical.range(args_start, args_end))),
        Some(Keyword::Add | Keyword::Copy | Keyword::Volume) => rest.maybe_json_to_list(),
        Some(Keyword::Cmd | Keyword::Entrypoint | Keyword::Run | Keyword::Shell) => {
            rest.maybe_json()
        }
        Some(Keyword::Arg) => Ok(rest.declarations()),
        Some(Keyword::Env) => rest.pairs("ENV"),
        Some(Keyword::Label) => rest.pairs("LABEL"),
        Some(Keyword::Expose | Keyword::From) => Ok(rest.whitespace_list(None)),
        Some(Keyword::Healthcheck) => rest.healthcheck(),
        Some(Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir) => {
            Ok(rest.string())
        }
        Some(Keyword::Onbuild) => {
            if args_start == args_end {
                Ok(Arguments::Empty)
            } else if depth >= MAX_ONBUILD_DEPTH {
                Err("`ONBUILD` is nested too deeply".to_owned())
            } else {
                let inner =
                    self::instruction(logical, escape, args_start, args_end, depth + 1, errors);
                Ok(Arguments::Onbuild(Box::new(inner)))
            }
        }
    };
    instruction.arguments = match result {
        Ok(arguments) => arguments,
        Err(message) => {
            errors.push(SyntaxError { range, message });
            Arguments::Invalid(logical.range(args_start, args_end))
        }
    };
    instruction
}

struct Split {
    args_start: usize,
    flags: Vec<Flag>,
    terminator: Option<TextRange>,
}

/// BuildKit's `extractBuilderFlags`: leading words starting with `--` are flags; `--` alone ends
/// them. It works on bytes, so a non-ASCII byte in a flag becomes a Latin-1 character in the
/// flag text BuildKit records (kept in [`Flag::text`]).
fn builder_flags(logical: &Logical, start: usize, end: usize) -> Split {
    let bytes = logical.text.as_bytes();
    let mut flags = Vec::new();
    let mut pos = start;
    loop {
        while pos < end
            && bytes
                .get(pos)
                .copied()
                .is_some_and(|b| b.is_ascii_whitespace() || b == 0x0b)
        {
            pos += 1;
        }
        if pos >= end {
            return Split {
                args_start: end,
                flags,
                terminator: None,
            };
        }
        if bytes.get(pos..pos + 2) != Some(b"--") || pos + 2 > end {
            return Split {
                args_start: pos,
                flags,
                terminator: None,
            };
        }
        // One word, quotes and `\` escapes removed.
        let word_start = pos;
        let mut word: Vec<u8> = Vec::new();
        let mut quote: Option<u8> = None;
        while pos < end {
            let Some(&b) = bytes.get(pos) else { break };
            match quote {
                None if b.is_ascii_whitespace() || b == 0x0b => break,
                None if b == b'\'' || b == b'"' => quote = Some(b),
                Some(q) if b == q => quote = None,
                _ if b == b'\\' => {
                    if pos + 1 < end {
                        pos += 1;
                        if let Some(&next) = bytes.get(pos) {
                            word.push(next);
                        }
                    }
                }
                _ => word.push(b),
            }
            pos += 1;
        }
        if word == b"--" {
            return Split {
                args_start: pos,
                flags,
                terminator: Some(logical.range(word_start, pos)),
            };
        }
        let text: String = word.iter().map(|&b| char::from(b)).collect();
        let proper = String::from_utf8_lossy(&word).into_owned();
        let raw = logical.slice(word_start, pos);
        let name_start = word_start + 2;
        let name_end = raw.find('=').map_or(pos, |i| word_start + i);
        let (name, value) = match proper.get(2..).unwrap_or("").split_once('=') {
            Some((name, value)) => (
                name.to_owned(),
                Some(logical.word(value.to_owned(), (name_end + 1).min(pos), pos)),
            ),
            None => (proper.get(2..).unwrap_or("").to_owned(), None),
        };
        flags.push(Flag {
            range: logical.range(word_start, pos),
            text,
            name: logical.word(name, name_start.min(name_end), name_end),
            value,
        });
    }
}

const NOT_STRINGS: &str = "when using JSON array syntax, arrays must be comprised of strings only";

enum Json {
    Exec(Arguments),
    NotStrings,
    Invalid(String),
}

/// The arguments after the flags, trimmed.
struct Rest<'a> {
    logical: &'a Logical,
    escape: char,
    start: usize,
    end: usize,
}

impl Rest<'_> {
    fn text(&self) -> &str {
        self.logical.slice(self.start, self.end)
    }

    fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    fn whole(&self) -> Word {
        self.logical
            .word(self.text().to_owned(), self.start, self.end)
    }

    /// `parseString`.
    fn string(&self) -> Arguments {
        if self.is_empty() {
            return Arguments::Empty;
        }
        Arguments::Shell {
            command: self.whole(),
            json_fallback: None,
        }
    }

    /// `parseJSON`: `None` when the text does not start with `[`.
    fn json(&self) -> Option<Json> {
        let text = self.text();
        let offset = text.len() - text.trim_start_matches(is_space).len();
        let json = text.get(offset..)?;
        if !json.starts_with('[') {
            return None;
        }
        let base = self.start + offset;
        Some(match parse_array(json) {
            JsonArray::Strings { elements, .. } => Json::Exec(Arguments::Exec {
                range: self.logical.range(base, self.end),
                elements: elements
                    .into_iter()
                    .map(|(value, s, e)| self.logical.word(value, base + s, base + e))
                    .collect(),
            }),
            JsonArray::NotStrings => Json::NotStrings,
            JsonArray::Invalid(message) => Json::Invalid(message),
        })
    }

    /// `parseMaybeJSON`.
    fn maybe_json(&self) -> Result<Arguments, String> {
        if self.is_empty() {
            return Ok(Arguments::Empty);
        }
        match self.json() {
            Some(Json::Exec(arguments)) => Ok(arguments),
            Some(Json::NotStrings) => Err(NOT_STRINGS.into()),
            Some(Json::Invalid(message)) => Ok(Arguments::Shell {
                command: self.whole(),
                json_fallback: Some(message),
            }),
            None => Ok(self.string()),
        }
    }

    /// `parseMaybeJSONToList`.
    fn maybe_json_to_list(&self) -> Result<Arguments, String> {
        match self.json() {
            Some(Json::Exec(arguments)) => Ok(arguments),
            Some(Json::NotStrings) => Err(NOT_STRINGS.into()),
            Some(Json::Invalid(message)) => Ok(self.whitespace_list(Some(message))),
            None => Ok(self.whitespace_list(None)),
        }
    }

    /// `parseStringsWhitespaceDelimited`.
    fn whitespace_list(&self, json_fallback: Option<String>) -> Arguments {
        if self.is_empty() {
            return Arguments::Empty;
        }
        let bytes = self.logical.text.as_bytes();
        let mut words = Vec::new();
        let mut pos = self.start;
        while pos <= self.end {
            let word_start = pos;
            while pos < self.end && !bytes.get(pos).copied().is_some_and(is_separator) {
                pos += 1;
            }
            words.push(self.logical.word(
                self.logical.slice(word_start, pos).to_owned(),
                word_start,
                pos,
            ));
            if pos >= self.end {
                break;
            }
            while pos < self.end && bytes.get(pos).copied().is_some_and(is_separator) {
                pos += 1;
            }
        }
        Arguments::List {
            words,
            json_fallback,
        }
    }

    /// `parseWords`: words separated by blanks, quotes and escapes kept.
    fn words(&self) -> Vec<(String, usize, usize)> {
        let text = self.text();
        let mut words = Vec::new();
        let mut word = String::new();
        let mut word_start = 0;
        let mut word_end = 0;
        let mut in_word = false;
        let mut quote: Option<char> = None;
        let mut blank_ok = false;
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let next_is_end = chars.peek().is_none();
            if !in_word {
                if is_space(c) {
                    continue;
                }
                in_word = true;
                word_start = i;
            }
            match quote {
                None => {
                    if is_space(c) {
                        if blank_ok || !word.is_empty() {
                            words.push((std::mem::take(&mut word), word_start, word_end));
                        }
                        word.clear();
                        blank_ok = false;
                        in_word = false;
                        continue;
                    }
                    if c == '\'' || c == '"' {
                        quote = Some(c);
                        blank_ok = true;
                    }
                    if c == self.escape {
                        if next_is_end {
                            continue;
                        }
                        word.push(c);
                        if let Some((j, d)) = chars.next() {
                            word.push(d);
                            word_end = j + d.len_utf8();
                        }
                        continue;
                    }
                    word.push(c);
                    word_end = i + c.len_utf8();
                }
                Some(q) => {
                    if c == q {
                        quote = None;
                    }
                    if c == self.escape && q != '\'' {
                        if next_is_end {
                            quote = None;
                            continue;
                        }
                        word.push(c);
                        if let Some((j, d)) = chars.next() {
                            word.push(d);
                            word_end = j + d.len_utf8();
                        }
                        continue;
                    }
                    word.push(c);
                    word_end = i + c.len_utf8();
                }
            }
        }
        if in_word && (blank_ok || !word.is_empty()) {
            words.push((word, word_start, word_end));
        }
        words
            .into_iter()
            .map(|(w, s, e)| (w, self.start + s, self.start + e.max(s)))
            .collect()
    }

    /// `parseNameOrNameVal` (ARG).
    fn declarations(&self) -> Arguments {
        let words = self.words();
        if words.is_empty() {
            return Arguments::Empty;
        }
        Arguments::Declarations(
            words
                .into_iter()
                .map(|(value, start, end)| {
                    let (name, default) = match value.split_once('=') {
                        Some((name, default)) => {
                            let eq = start + name.len();
                            (
                                self.logical.word(name.to_owned(), start, eq),
                                Some(self.logical.word(default.to_owned(), eq + 1, end)),
                            )
                        }
                        None => (self.logical.word(value.clone(), start, end), None),
                    };
                    ArgDeclaration {
                        word: self.logical.word(value, start, end),
                        name,
                        default,
                    }
                })
                .collect(),
        )
    }

    /// `parseNameVal` (ENV, LABEL).
    fn pairs(&self, keyword: &str) -> Result<Arguments, String> {
        let words = self.words();
        let Some((first, _, _)) = words.first() else {
            return Ok(Arguments::Empty);
        };
        if !first.contains('=') {
            // Legacy `KEY name value`: the value is the rest of the line, raw.
            let bytes = self.logical.text.as_bytes();
            let key_end =
                (self.start..self.end).find(|&i| bytes.get(i).copied().is_some_and(is_separator));
            let Some(key_end) = key_end else {
                return Err(format!("{keyword} must have two arguments"));
            };
            let mut value_start = key_end;
            while value_start < self.end
                && bytes.get(value_start).copied().is_some_and(is_separator)
            {
                value_start += 1;
            }
            return Ok(Arguments::Pairs(vec![KeyValue {
                key: self.logical.word(
                    self.logical.slice(self.start, key_end).to_owned(),
                    self.start,
                    key_end,
                ),
                value: self.logical.word(
                    self.logical.slice(value_start, self.end).to_owned(),
                    value_start,
                    self.end,
                ),
                equals: None,
            }]));
        }
        let mut pairs = Vec::new();
        for (word, start, end) in words {
            let Some((key, value)) = word.split_once('=') else {
                return Err(format!(
                    "Syntax error - can't find = in {}. Must be of the form: name=value",
                    super::dump::go_quote(&word)
                ));
            };
            let eq = start + key.len();
            pairs.push(KeyValue {
                key: self.logical.word(key.to_owned(), start, eq),
                value: self.logical.word(value.to_owned(), eq + 1, end),
                equals: Some(self.logical.range(eq, eq + 1)),
            });
        }
        Ok(Arguments::Pairs(pairs))
    }

    /// `parseHealthConfig`: a type word, then the command like `parseMaybeJSON`.
    fn healthcheck(&self) -> Result<Arguments, String> {
        if self.is_empty() {
            return Ok(Arguments::Empty);
        }
        let bytes = self.logical.text.as_bytes();
        let mut sep = self.start;
        while sep < self.end
            && !bytes
                .get(sep)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == 0x0b)
        {
            sep += 1;
        }
        let mut next = sep;
        while next < self.end
            && bytes
                .get(next)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == 0x0b)
        {
            next += 1;
        }
        let kind = self.logical.word(
            self.logical.slice(self.start, sep).to_owned(),
            self.start,
            sep,
        );
        let command = Rest {
            logical: self.logical,
            escape: self.escape,
            start: next,
            end: self.end,
        }
        .maybe_json()?;
        Ok(Arguments::Healthcheck {
            kind,
            command: Box::new(command),
        })
    }
}
