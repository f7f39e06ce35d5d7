//! The lexer and word parser behind [`super::Script::parse`].
//!
//! One pass over the bytes with a cursor. `$( … )`, `` `…` `` and `( … )` recurse into the same
//! text (bounded by [`MAX_DEPTH`]; deeper ones are skipped, not parsed); the script string of
//! `sh -c` is parsed again on its own, to [`MAX_SHELL_NESTING`] levels.

use super::source_map::SourceMap;
use super::{Command, Expansion, Pipe, Script, ShellWord};

/// Nesting of substitutions and subshells that is parsed; deeper text is skipped.
const MAX_DEPTH: usize = 48;
/// `sh -c "sh -c '…'"` levels that are parsed.
const MAX_SHELL_NESTING: usize = 6;

/// Shells whose `-c` argument is a script.
const SHELLS: &[&str] = &[
    "sh",
    "bash",
    "dash",
    "ash",
    "zsh",
    "ksh",
    "mksh",
    "busybox sh",
];

pub(super) fn parse(text: &str, map: &SourceMap) -> Script {
    let mut script = Script::default();
    let mut next_pipeline = 0;
    parse_nested(text, map, 0, &mut script, &mut next_pipeline);
    script
        .commands
        .sort_by_key(|c| (c.range.start, c.range.end));
    script
}

fn parse_nested(
    text: &str,
    map: &SourceMap,
    shell_nesting: usize,
    script: &mut Script,
    next_pipeline: &mut usize,
) {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        map,
        shell_nesting,
        script,
        next_pipeline,
        pending_heredocs: Vec::new(),
    };
    parser.list(Stop::End, 0);
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    End,
    Paren,
    Backtick,
}

/// A word while it is read: offsets into the text.
struct RawWord {
    value: String,
    start: usize,
    end: usize,
    quoted: bool,
    dynamic: bool,
}

/// The command being assembled.
#[derive(Default)]
struct Pending {
    words: Vec<RawWord>,
    /// Inside `for x in …` or `select`: words up to the next separator are not a command.
    skip_to_separator: bool,
    /// After `case`: words up to `in` are not a command.
    case_header: bool,
    /// After `for` or `select`: the next word is the loop's variable.
    loop_variable: bool,
    /// How many of `words` are leading `NAME=value` assignments.
    assignments: usize,
}

struct Parser<'t, 's> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    map: &'t SourceMap,
    shell_nesting: usize,
    script: &'s mut Script,
    next_pipeline: &'s mut usize,
    /// Heredoc delimiters (`<<EOF`, `<<-EOF`) whose bodies start after the next new line.
    pending_heredocs: Vec<(String, bool)>,
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    /// Advances over one character (not one byte), so `pos` stays on a boundary.
    fn bump_char(&mut self) -> Option<char> {
        let c = self.text.get(self.pos..)?.chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn new_pipeline(&mut self) -> usize {
        *self.next_pipeline += 1;
        *self.next_pipeline
    }

    /// A list of pipelines up to `stop` (consumed) or the end of the text.
    fn list(&mut self, stop: Stop, depth: usize) {
        let mut pending = Pending::default();
        let mut pipeline = self.new_pipeline();
        let mut pipe_position = 0;
        let mut expect_case_pattern = false;
        loop {
            self.skip_blanks();
            let Some(c) = self.peek() else {
                break;
            };
            let at_start = pending.words.is_empty() && !pending.skip_to_separator;
            match c {
                b'#' => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                b'\n' => {
                    self.pos += 1;
                    self.finish(&mut pending, pipeline, pipe_position);
                    self.skip_heredoc_bodies();
                    // A new line after `|` or `&&` continues the pipeline or list.
                    if !self.ends_with_continuation() {
                        pipeline = self.new_pipeline();
                        pipe_position = 0;
                    }
                }
                b';' => {
                    self.pos += 1;
                    if self.peek() == Some(b';') || self.peek() == Some(b'&') {
                        self.pos += 1;
                        expect_case_pattern = true;
                    }
                    self.finish(&mut pending, pipeline, pipe_position);
                    pipeline = self.new_pipeline();
                    pipe_position = 0;
                }
                b'|' | b'(' if expect_case_pattern && at_start => self.pos += 1,
                b'&' if self.peek_at(1) == Some(b'>') => {
                    self.redirect(&mut pending);
                }
                b'&' => {
                    self.pos += if self.peek_at(1) == Some(b'&') { 2 } else { 1 };
                    self.finish(&mut pending, pipeline, pipe_position);
                    pipeline = self.new_pipeline();
                    pipe_position = 0;
                }
                b'|' if self.peek_at(1) == Some(b'|') => {
                    self.pos += 2;
                    self.finish(&mut pending, pipeline, pipe_position);
                    pipeline = self.new_pipeline();
                    pipe_position = 0;
                }
                b'|' => {
                    let start = self.pos;
                    self.pos += if self.peek_at(1) == Some(b'&') { 2 } else { 1 };
                    self.finish(&mut pending, pipeline, pipe_position);
                    self.script.pipes.push(Pipe {
                        range: self.map.range(start, self.pos),
                        pipeline,
                        nested_shell: self.shell_nesting > 0,
                    });
                    pipe_position += 1;
                }
                b'(' if at_start && !expect_case_pattern => {
                    self.pos += 1;
                    if self.peek() == Some(b'(') {
                        // `(( arithmetic ))`
                        let from = self.pos;
                        self.skip_balanced(b'(', b')');
                        self.arithmetic_names(from);
                    } else {
                        self.group(Stop::Paren, depth);
                    }
                }
                b'(' => {
                    // `name() { … }` defines a function; `name` is not run here.
                    self.pos += 1;
                    self.skip_blanks();
                    if self.peek() == Some(b')') {
                        self.pos += 1;
                        pending.words.clear();
                    }
                }
                b')' => {
                    self.pos += 1;
                    if stop == Stop::Paren && !expect_case_pattern {
                        break;
                    }
                    expect_case_pattern = false;
                    pending.words.clear();
                }
                b'`' if stop == Stop::Backtick => {
                    self.pos += 1;
                    break;
                }
                b'<' | b'>' => self.redirect(&mut pending),
                b'0'..=b'9' if self.is_fd_redirect() => self.redirect(&mut pending),
                _ => {
                    let word = self.word(stop, depth);
                    if expect_case_pattern && at_start {
                        // `pattern)` or `a|b)`: skip to the `)`.
                        if word.value == "esac" && !word.quoted {
                            expect_case_pattern = false;
                        } else {
                            continue;
                        }
                    }
                    self.push_word(&mut pending, word, &mut expect_case_pattern);
                }
            }
        }
        self.finish(&mut pending, pipeline, pipe_position);
    }

    /// Whether the last operator before this new line (`|`, `&&`, `||`) continues onto it.
    fn ends_with_continuation(&self) -> bool {
        let before = self
            .text
            .get(..self.pos.saturating_sub(1))
            .unwrap_or("")
            .trim_end_matches([' ', '\t']);
        before.ends_with('|') || before.ends_with("&&")
    }

    fn group(&mut self, stop: Stop, depth: usize) {
        if depth >= MAX_DEPTH {
            match stop {
                Stop::Backtick => {
                    while let Some(c) = self.peek() {
                        self.pos += 1;
                        if c == b'`' {
                            break;
                        }
                    }
                }
                _ => {
                    self.pos = self.pos.saturating_sub(1);
                    self.skip_balanced(b'(', b')');
                }
            }
            return;
        }
        let saved = std::mem::take(&mut self.pending_heredocs);
        self.list(stop, depth + 1);
        self.pending_heredocs = saved;
    }

    /// Skips from an opening `open` (at or before the cursor) to its matching `close`.
    fn skip_balanced(&mut self, open: u8, close: u8) {
        let mut level = 0usize;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == b'\\' {
                self.bump_char();
            } else if c == b'\'' {
                self.skip_past(b'\'');
            } else if c == open {
                level += 1;
            } else if c == close {
                level = level.saturating_sub(1);
                if level == 0 {
                    break;
                }
            }
        }
    }

    fn skip_past(&mut self, end: u8) {
        while let Some(c) = self.peek() {
            self.pos += 1;
            if c == end {
                break;
            }
        }
    }

    fn skip_blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\\') if self.peek_at(1) == Some(b'\n') => self.pos += 2,
                Some(b'\\') if self.peek_at(1) == Some(b'\r') && self.peek_at(2) == Some(b'\n') => {
                    self.pos += 3;
                }
                _ => break,
            }
        }
    }

    /// `2>&1`, `3< x`: digits directly followed by `<` or `>`.
    fn is_fd_redirect(&self) -> bool {
        let rest = self.bytes.get(self.pos..).unwrap_or(&[]);
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        matches!(rest.get(digits), Some(b'<' | b'>'))
    }

    /// A redirection and its target word, neither of which is an argument.
    fn redirect(&mut self, pending: &mut Pending) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        let heredoc = self.peek() == Some(b'<')
            && self.peek_at(1) == Some(b'<')
            && self.peek_at(2) != Some(b'<');
        let mut operator_len = 0;
        while self
            .peek()
            .is_some_and(|b| matches!(b, b'<' | b'>' | b'&' | b'|'))
            && operator_len < 3
        {
            self.pos += 1;
            operator_len += 1;
        }
        let chomp = heredoc && self.peek() == Some(b'-');
        if chomp {
            self.pos += 1;
        }
        self.skip_blanks();
        if self
            .peek()
            .is_some_and(|b| !is_operator_start(b) && b != b'\n')
        {
            let target = self.word(Stop::End, MAX_DEPTH);
            if heredoc {
                self.pending_heredocs.push((target.value, chomp));
            }
        }
        let _ = pending;
    }

    /// After a new line: skips the bodies of heredocs opened on the previous line.
    fn skip_heredoc_bodies(&mut self) {
        for (delimiter, chomp) in std::mem::take(&mut self.pending_heredocs) {
            while self.pos < self.bytes.len() {
                let line_end = self
                    .text
                    .get(self.pos..)
                    .and_then(|rest| rest.find('\n'))
                    .map_or(self.bytes.len(), |i| self.pos + i);
                let line = self.text.get(self.pos..line_end).unwrap_or("");
                let line = line.trim_end_matches('\r');
                let line = if chomp {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                self.pos = (line_end + 1).min(self.bytes.len());
                if line == delimiter {
                    break;
                }
            }
        }
    }

    /// Reads one word (the cursor is on its first character).
    fn word(&mut self, stop: Stop, depth: usize) -> RawWord {
        let start = self.pos;
        let mut word = RawWord {
            value: String::new(),
            start,
            end: start,
            quoted: false,
            dynamic: false,
        };
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' => {
                    break;
                }
                b'`' if stop == Stop::Backtick => break,
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'\n') => self.pos += 1,
                        Some(_) => {
                            if let Some(c) = self.bump_char() {
                                word.value.push(c);
                            }
                        }
                        None => word.value.push('\\'),
                    }
                }
                b'\'' => {
                    word.quoted = true;
                    self.pos += 1;
                    let from = self.pos;
                    self.skip_past(b'\'');
                    let to = if self.bytes.get(self.pos.wrapping_sub(1)) == Some(&b'\'')
                        && self.pos > from
                    {
                        self.pos - 1
                    } else {
                        self.pos
                    };
                    word.value.push_str(self.text.get(from..to).unwrap_or(""));
                }
                b'"' => {
                    word.quoted = true;
                    self.pos += 1;
                    self.double_quoted(&mut word, depth);
                }
                b'$' => self.dollar(&mut word, depth),
                b'`' => {
                    let from = self.pos;
                    self.pos += 1;
                    self.group(Stop::Backtick, depth);
                    word.dynamic = true;
                    word.value
                        .push_str(self.text.get(from..self.pos).unwrap_or(""));
                }
                b'*' | b'?' | b'[' => {
                    word.dynamic = true;
                    self.pos += 1;
                    word.value.push(char::from(c));
                }
                _ => {
                    // A run of ordinary characters at once (all the special ones are ASCII, so
                    // the run ends on a character boundary).
                    let from = self.pos;
                    let run = self
                        .bytes
                        .get(from..)
                        .unwrap_or_default()
                        .iter()
                        .position(|b| {
                            matches!(
                                b,
                                b' ' | b'\t'
                                    | b'\r'
                                    | b'\n'
                                    | b';'
                                    | b'&'
                                    | b'|'
                                    | b'('
                                    | b')'
                                    | b'<'
                                    | b'>'
                                    | b'`'
                                    | b'\\'
                                    | b'\''
                                    | b'"'
                                    | b'$'
                                    | b'*'
                                    | b'?'
                                    | b'['
                            )
                        })
                        .map_or(self.bytes.len(), |n| from + n);
                    match self.text.get(from..run) {
                        Some(plain) if run > from => {
                            word.value.push_str(plain);
                            self.pos = run;
                        }
                        _ => {
                            if let Some(c) = self.bump_char() {
                                word.value.push(c);
                            }
                        }
                    }
                }
            }
        }
        word.end = self.pos;
        if word.end == word.start {
            // Never stall: a lone character that starts no word is skipped.
            self.bump_char();
            word.end = self.pos;
        }
        word
    }

    fn double_quoted(&mut self, word: &mut RawWord, depth: usize) {
        while let Some(c) = self.peek() {
            match c {
                b'"' => {
                    self.pos += 1;
                    return;
                }
                b'\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(b'\n') => self.pos += 1,
                        Some(b'$' | b'`' | b'"' | b'\\') => {
                            if let Some(c) = self.bump_char() {
                                word.value.push(c);
                            }
                        }
                        _ => word.value.push('\\'),
                    }
                }
                b'$' => self.dollar(word, depth),
                b'`' => {
                    let from = self.pos;
                    self.pos += 1;
                    self.group(Stop::Backtick, depth);
                    word.dynamic = true;
                    word.value
                        .push_str(self.text.get(from..self.pos).unwrap_or(""));
                }
                _ => {
                    if let Some(c) = self.bump_char() {
                        word.value.push(c);
                    }
                }
            }
        }
    }

    /// `$name`, `${…}`, `$(…)`, `$((…))`, `$'…'`; the cursor is on `$`.
    fn dollar(&mut self, word: &mut RawWord, depth: usize) {
        let from = self.pos;
        self.pos += 1;
        match self.peek() {
            Some(b'(') if self.peek_at(1) == Some(b'(') => {
                let start = self.pos;
                self.skip_balanced(b'(', b')');
                self.arithmetic_names(start);
                word.dynamic = true;
            }
            Some(b'(') => {
                self.pos += 1;
                self.group(Stop::Paren, depth);
                word.dynamic = true;
            }
            Some(b'{') => {
                self.braced(from);
                word.dynamic = true;
            }
            Some(b'\'') => {
                // ANSI-C quoting: `$'…'`.
                self.pos += 1;
                let start = self.pos;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'\\' {
                        self.bump_char();
                    } else if c == b'\'' {
                        break;
                    }
                }
                word.quoted = true;
                let end = self.pos.saturating_sub(1).max(start);
                word.value.push_str(self.text.get(start..end).unwrap_or(""));
                return;
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let name_start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.pos += 1;
                }
                self.record_expansion(from, self.pos, name_start, self.pos, false);
                word.dynamic = true;
            }
            Some(b'0'..=b'9' | b'@' | b'*' | b'#' | b'?' | b'-' | b'$' | b'!') => {
                self.pos += 1;
                word.dynamic = true;
            }
            _ => {}
        }
        word.value
            .push_str(self.text.get(from..self.pos).unwrap_or("$"));
    }

    /// `${…}`: the cursor is on `{`, `from` on the `$`. Skips to the matching `}` and records
    /// the expansion of a named parameter.
    fn braced(&mut self, from: usize) {
        let is_start = |b: &u8| b.is_ascii_alphabetic() || *b == b'_';
        let is_name = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
        let mut at = self.pos + 1;
        // `${#NAME}` (length) and `${!NAME}` (indirection) do not use the value as such.
        let mut guarded = false;
        if matches!(self.bytes.get(at), Some(b'#' | b'!'))
            && self.bytes.get(at + 1).is_some_and(is_start)
        {
            guarded = true;
            at += 1;
        }
        let name_start = at;
        if !self.bytes.get(at).is_some_and(is_start) {
            self.skip_balanced(b'{', b'}');
            return;
        }
        while self.bytes.get(at).is_some_and(is_name) {
            at += 1;
        }
        let name_end = at;
        let operator = match self.bytes.get(at) {
            Some(b':') => self.bytes.get(at + 1),
            other => other,
        };
        guarded |= matches!(operator, Some(b'-' | b'=' | b'?' | b'+'));
        self.skip_balanced(b'{', b'}');
        if self.pos > name_end && self.bytes.get(self.pos - 1) == Some(&b'}') {
            self.record_expansion(from, self.pos, name_start, name_end, guarded);
        }
    }

    fn record_expansion(
        &mut self,
        start: usize,
        end: usize,
        name_start: usize,
        name_end: usize,
        guarded: bool,
    ) {
        let Some(name) = self.text.get(name_start..name_end) else {
            return;
        };
        self.script.expansions.push(Expansion {
            name: name.to_owned(),
            range: self.map.range(start, end),
            name_range: self.map.range(name_start, name_end),
            guarded,
        });
    }

    /// Every name in the arithmetic text from `start` to the cursor: arithmetic may assign any
    /// of them (`(( i++ ))`, `$(( n = 1 ))`).
    fn arithmetic_names(&mut self, start: usize) {
        let Some(text) = self.text.get(start..self.pos) else {
            return;
        };
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let Some(&b) = bytes.get(i) else { break };
            if b.is_ascii_alphabetic() || b == b'_' {
                let begin = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    i += 1;
                }
                if let Some(name) = text.get(begin..i) {
                    self.script.assigned.push(name.to_owned());
                }
            } else if b.is_ascii_digit() {
                // `0x1f`, `16#ff`: not names.
                while bytes
                    .get(i)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'#')
                {
                    i += 1;
                }
            } else {
                i += 1;
            }
        }
    }

    fn push_word(&mut self, pending: &mut Pending, word: RawWord, expect_case_pattern: &mut bool) {
        let keyword = if word.quoted || word.dynamic {
            ""
        } else {
            word.value.as_str()
        };
        if pending.case_header {
            if keyword == "in" {
                pending.case_header = false;
                *expect_case_pattern = true;
            }
            return;
        }
        if pending.skip_to_separator {
            if std::mem::take(&mut pending.loop_variable)
                && !word.quoted
                && let Some(name) = leading_name(&word.value)
            {
                self.script.assigned.push(name.to_owned());
            }
            return;
        }
        if pending.words.is_empty() {
            pending.assignments = 0;
            match keyword {
                "if" | "then" | "else" | "elif" | "do" | "while" | "until" | "!" | "{" | "fi"
                | "done" | "esac" | "}" => return,
                "for" | "select" => {
                    pending.skip_to_separator = true;
                    pending.loop_variable = true;
                    return;
                }
                "function" => {
                    pending.skip_to_separator = true;
                    return;
                }
                "case" => {
                    pending.case_header = true;
                    return;
                }
                _ => {}
            }
        }
        if pending.assignments == pending.words.len()
            && let Some(name) = assigned_name(&word.value)
        {
            pending.assignments += 1;
            self.script.assigned.push(name.to_owned());
        }
        pending.words.push(word);
    }

    /// Ends the command being assembled, if any.
    fn finish(&mut self, pending: &mut Pending, pipeline: usize, pipe_position: usize) {
        let words = std::mem::take(&mut pending.words);
        pending.skip_to_separator = false;
        pending.loop_variable = false;
        let spans: Vec<(usize, usize)> = words.iter().map(|w| (w.start, w.end)).collect();
        let words: Vec<ShellWord> = words
            .into_iter()
            .map(|w| ShellWord {
                range: self.map.range(w.start, w.end),
                value: w.value,
                quoted: w.quoted,
                dynamic: w.dynamic,
            })
            .collect();
        let Some(command) = assemble(words, pipeline, pipe_position, self.shell_nesting > 0) else {
            return;
        };
        if self.shell_nesting < MAX_SHELL_NESTING
            && let Some(inner) = shell_script_argument(&command)
        {
            let span = spans
                .iter()
                .copied()
                .find(|&(start, end)| self.map.range(start, end) == inner.range);
            self.nested_script(inner, span);
        }
        self.script.commands.push(command);
    }

    /// Parses the script string of `sh -c '…'`.
    fn nested_script(&mut self, word: &ShellWord, span: Option<(usize, usize)>) {
        let map = self.word_map(word, span);
        parse_nested(
            &word.value,
            &map,
            self.shell_nesting + 1,
            self.script,
            self.next_pipeline,
        );
    }
}

fn is_operator_start(b: u8) -> bool {
    matches!(b, b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>')
}

impl Parser<'_, '_> {
    /// Where the value of `word` (a `sh -c` script) came from. When the word is one quoted
    /// string with nothing escaped, its value is the source between the quotes; otherwise
    /// findings inside it cover the whole word.
    fn word_map(&self, word: &ShellWord, span: Option<(usize, usize)>) -> SourceMap {
        if let Some((start, end)) = span
            && let Some(raw) = self.text.get(start..end)
            && raw.len() == word.value.len() + 2
            && ((raw.starts_with('\'') && raw.ends_with('\''))
                || (raw.starts_with('"') && raw.ends_with('"')))
        {
            return self.map.sub(start + 1, end - 1);
        }
        SourceMap::opaque(word.range, word.value.len())
    }
}

/// Builds a command from its words: assignments first, then wrappers, then the command.
pub(super) fn assemble(
    words: Vec<ShellWord>,
    pipeline: usize,
    pipe_position: usize,
    nested_shell: bool,
) -> Option<Command> {
    let first = words.first()?.range;
    let last = words.last()?.range;
    let mut words = words.into_iter().peekable();
    let mut assignments = Vec::new();
    while words.peek().is_some_and(is_assignment) {
        assignments.extend(words.next());
    }
    let mut wrappers = Vec::new();
    let mut name = words.next();
    while let Some(wrapper) = name.take() {
        let skip_values: &[&str] = match wrapper.value.as_str() {
            "sudo" => &["u", "g", "C", "D", "h", "p", "r", "t", "U", "user", "group"],
            "env" => &["u", "unset", "C", "chdir", "S", "split-string"],
            "exec" => &["a"],
            "nice" => &["n", "adjustment"],
            "command" | "builtin" | "busybox" | "nohup" | "time" | "doas" | "gosu" | "su-exec"
            | "tini" | "dumb-init" | "stdbuf" | "unbuffer" | "eatmydata" => &[],
            _ => {
                name = Some(wrapper);
                break;
            }
        };
        // `gosu user cmd`, `su-exec user cmd`: the first operand is the user.
        let user_operand = matches!(wrapper.value.as_str(), "gosu" | "su-exec");
        let is_env = wrapper.value == "env";
        wrappers.push(wrapper);
        let mut took_user = false;
        while let Some(next) = words.peek() {
            if next.value.starts_with('-') && !next.quoted {
                let flag = next.value.trim_start_matches('-');
                let takes_value = !flag.contains('=') && skip_values.contains(&flag);
                words.next();
                if takes_value {
                    words.next();
                }
            } else if is_env && is_assignment(next) {
                assignments.extend(words.next());
            } else if user_operand && !took_user {
                took_user = true;
                words.next();
            } else {
                break;
            }
        }
        name = words.next();
    }
    let name = name?;
    Some(Command {
        name,
        args: words.collect(),
        assignments,
        wrappers,
        range: first.cover(last),
        pipeline,
        pipe_position,
        nested_shell,
    })
}

/// The name of a leading `NAME=value`, `NAME+=value` or `NAME[index]=value` word.
fn assigned_name(value: &str) -> Option<&str> {
    let (left, _) = value.split_once('=')?;
    let left = left.strip_suffix('+').unwrap_or(left);
    let left = match left.split_once('[') {
        Some((name, index)) if index.ends_with(']') => name,
        Some(_) => return None,
        None => left,
    };
    is_name(left).then_some(left)
}

/// The name at the start of a word (`i` of `i=0;` in `for ((i=0; …`).
fn leading_name(value: &str) -> Option<&str> {
    let end = value
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(value.len());
    value.get(..end).filter(|name| is_name(name))
}

/// A shell variable name: letters, digits and `_`, not starting with a digit.
pub(crate) fn is_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `NAME=value`: an unquoted name made of letters, digits and `_`, then `=`.
fn is_assignment(word: &ShellWord) -> bool {
    let Some((name, _)) = word.value.split_once('=') else {
        return false;
    };
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The script string of `sh -c 'script'`: the first operand after a flag cluster holding `c`.
fn shell_script_argument(command: &Command) -> Option<&ShellWord> {
    if !SHELLS.contains(&command.base_name()) {
        return None;
    }
    let mut seen_c = false;
    for word in &command.args {
        if seen_c && !word.value.starts_with('-') {
            return Some(word);
        }
        if word.value.starts_with('-') && !word.value.starts_with("--") && word.value.contains('c')
        {
            seen_c = true;
        } else if !word.value.starts_with('-') && !word.value.starts_with('+') {
            return None;
        }
    }
    None
}

pub(super) fn is_shell(name: &str) -> bool {
    SHELLS.contains(&name)
}

/// The script of an exec-form `["sh", "-c", "script"]`, parsed.
pub(super) fn exec_script(
    command: &Command,
    elements: &[crate::Word],
    text: &str,
) -> Option<Script> {
    let word = shell_script_argument(command)?;
    let map = match elements.iter().find(|e| e.range == word.range) {
        Some(element)
            if element.range.slice(text).len() == element.value.len() + 2
                && element.range.slice(text).starts_with('"') =>
        {
            SourceMap::contiguous(element.range.start + 1, element.value.len())
        }
        _ => SourceMap::opaque(word.range, word.value.len()),
    };
    let mut script = Script::default();
    let mut next_pipeline = 1;
    parse_nested(&word.value, &map, 1, &mut script, &mut next_pipeline);
    Some(script)
}
