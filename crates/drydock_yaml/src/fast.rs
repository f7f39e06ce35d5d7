//! The fast path: a parser for the block-style YAML that manifests are written in, feeding the
//! same [`Builder`] as saphyr's events, so that the tree, duplicate keys and merge keys come out
//! of one place.
//!
//! It accepts a document only when the whole document stays within its subset, and then builds
//! exactly what the saphyr path builds (node order, values, styles, and every range, including
//! saphyr's quirks: a quoted scalar or a flow collection spans the blanks and the comment after it
//! on its line; a block scalar spans from its first content character to where the next line's
//! text starts; an empty value sits at its `:`). Anything else — a syntax error, an anchor, an
//! alias or a tag, a tab, a carriage return, a byte order mark, a control character, a quoted
//! key or flow scalar over several lines (or a quoted value's line less indented than its
//! collection's deeper lines, or ending in an escaped line break), a flow collection over several lines, a block scalar with an
//! indentation indicator or blank leading lines, nesting deeper than [`MAX_DEPTH`] — returns
//! `None`, and the caller parses the document with saphyr instead. The differential tests in
//! `yaml/tests.rs` and the `yaml` fuzz target compare the two paths.
//!
//! Why: saphyr's scanner works a character at a time with a lookahead buffer and allocates every
//! scalar as it grows; it took 80% of schema validation's time. This path reads bytes, copies each
//! scalar once, and is several times faster on the manifest corpus.

use crate::build::Builder;
use crate::tree::{Document, ScalarStyle};
use drydock_base::text::TextRange;

/// Deeper nesting falls back to saphyr (whose builder is not recursive).
const MAX_DEPTH: usize = 100;

/// Keys longer than this fall back (saphyr limits simple keys to 1,024 characters).
const MAX_KEY_LEN: usize = 1000;

/// Parses the document in `range` of `text`, or returns `None` when it leaves the subset.
pub(super) fn parse_document(text: &str, range: TextRange) -> Option<Document> {
    let src = text.get(range.start..range.end)?;
    if !simple_text(src.as_bytes()) {
        return None;
    }
    let mut parser = Fast {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        base: range.start,
        pending: None,
        builder: Builder::new(text, range),
    };
    // About a node per 16 bytes in manifests; bounded, for a 50 MB scalar is one node.
    parser.builder.reserve((src.len() / 16).min(4096));
    parser.document()?;
    Some(parser.builder.finish())
}

/// No tab, carriage return, control character, DEL or byte order mark.
fn simple_text(bytes: &[u8]) -> bool {
    // Without an early exit, so that it compiles to vector instructions.
    let control = bytes.iter().fold(false, |bad, &b| {
        bad | (b < 0x20 && b != b'\n') | (b == 0x7f)
    });
    let bom = bytes.contains(&0xEF) && bytes.windows(3).any(|w| w == [0xEF, 0xBB, 0xBF]);
    !control && !bom
}

fn is_blank_or_end(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | 0)
}

/// Characters that cannot start a plain scalar here (`-` is checked separately).
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'?' | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

struct Fast<'t> {
    src: &'t str,
    bytes: &'t [u8],
    /// Current byte offset in `src`.
    pos: usize,
    /// Offset of `src` in the stream.
    base: usize,
    /// The indentation of the content line `pos` is on, after a value has ended (`None` at the
    /// end of the document).
    pending: Option<usize>,
    builder: Builder<'t>,
}

impl Fast<'_> {
    /// The byte at `i`, or 0 past the end (the text has no NUL: `simple_text`).
    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    fn peek(&self) -> u8 {
        self.at(self.pos)
    }

    fn abs(&self, i: usize) -> usize {
        self.base + i
    }

    fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.abs(start), self.abs(end))
    }

    fn line_end(&self, from: usize) -> usize {
        self.bytes
            .get(from..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(self.bytes.len(), |i| from + i)
    }

    fn spaces(&self, from: usize) -> usize {
        self.bytes
            .get(from..)
            .map_or(0, |rest| rest.iter().take_while(|&&b| b == b' ').count())
    }

    /// From the start of a line, past the empty (or blank) lines there: the first line with
    /// text (or the end), how many lines were passed, and its indentation.
    fn after_blank_lines(&self, mut line: usize) -> (usize, usize, usize) {
        let mut breaks = 0;
        loop {
            let indent = self.spaces(line);
            if self.at(line + indent) != b'\n' {
                return (line, breaks, indent);
            }
            breaks += 1;
            line += indent + 1;
        }
    }

    fn is_entry(&self, at: usize) -> bool {
        self.at(at) == b'-' && is_blank_or_end(self.at(at + 1))
    }

    /// saphyr's `skip_ws_to_eol`: blanks, then a comment if blanks preceded it. `None` for a
    /// comment that touches the token before it (a syntax error).
    fn ws_to_eol(&self, from: usize) -> Option<usize> {
        let blanks = self.spaces(from);
        let at = from + blanks;
        if self.at(at) == b'#' {
            if blanks == 0 {
                return None;
            }
            return Some(self.line_end(at));
        }
        Some(at)
    }

    /// From the start of a line: skips blank and comment lines, leaving `pos` on the first
    /// character of the next content line and `pending` at its indentation.
    fn next_line(&mut self) {
        loop {
            let indent = self.spaces(self.pos);
            let at = self.pos + indent;
            match self.at(at) {
                0 => {
                    self.pos = self.bytes.len();
                    self.pending = None;
                    return;
                }
                b'\n' => self.pos = at + 1,
                b'#' => self.pos = self.line_end(at) + 1,
                _ => {
                    self.pos = at;
                    self.pending = Some(indent);
                    return;
                }
            }
        }
    }

    /// After a value's text ends at `at`: only a line break (or the end) may follow; then the
    /// next content line.
    fn end_line(&mut self, at: usize) -> Option<()> {
        match self.at(at) {
            b'\n' => self.pos = at + 1,
            0 => self.pos = self.bytes.len(),
            _ => return None,
        }
        self.next_line();
        Some(())
    }

    fn document(&mut self) -> Option<()> {
        let marker = self.bytes.starts_with(b"---");
        if marker {
            if !is_blank_or_end(self.at(3)) {
                return None;
            }
            let end = self.ws_to_eol(3)?;
            self.end_line(end)?;
        } else {
            self.next_line();
        }
        let Some(indent) = self.pending else {
            // Only comments: no node; after `---`, saphyr's empty scalar at the end.
            if marker {
                let end = self.bytes.len();
                self.builder.scalar(
                    self.range(end, end),
                    String::new(),
                    ScalarStyle::Plain,
                    None,
                    0,
                );
            }
            return Some(());
        };
        if self
            .bytes
            .get(self.pos..)
            .is_some_and(|r| r.starts_with(b"..."))
        {
            return None;
        }
        self.block_collection(indent, 0)?;
        // Anything after the root collection (less indented text) is not ours.
        self.pending.is_none().then_some(())
    }

    /// A block mapping or sequence whose first line is at `pos`, indented `indent`.
    fn block_collection(&mut self, indent: usize, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        if self.is_entry(self.pos) {
            self.sequence(indent, false, depth)
        } else {
            self.mapping(indent, depth)
        }
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Option<()> {
        self.builder.open(self.abs(self.pos), true, false, 0);
        loop {
            let colon = self.key()?;
            self.pos = colon + 1;
            self.value(indent, Some(colon), depth)?;
            match self.pending {
                Some(next) if next == indent && !self.is_entry(self.pos) => {}
                Some(next) if next < indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        self.builder.close(self.abs(self.pos));
        Some(())
    }

    /// A sequence whose first `-` is at `pos`. An indentless one (a mapping's value at the
    /// mapping's own indentation) starts, as saphyr reports it, after its first `- `.
    fn sequence(&mut self, indent: usize, indentless: bool, depth: usize) -> Option<()> {
        let start = if indentless {
            self.ws_to_eol(self.pos + 1)?
        } else {
            self.pos
        };
        self.builder.open(self.abs(start), false, false, 0);
        loop {
            self.pos += 1;
            self.value(indent, None, depth)?;
            match self.pending {
                Some(next) if next == indent && self.is_entry(self.pos) => {}
                Some(next) if next <= indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        self.builder.close(self.abs(self.pos));
        Some(())
    }

    /// A mapping key at `pos`: emits it and returns the offset of its `:`.
    fn key(&mut self) -> Option<usize> {
        let start = self.pos;
        let first = self.peek();
        if first == b'"' || first == b'\'' {
            let (value, end) = self.quoted(start)?;
            if self.at(end) != b':' || !is_blank_or_end(self.at(end + 1)) {
                return None;
            }
            let style = if first == b'"' {
                ScalarStyle::DoubleQuoted
            } else {
                ScalarStyle::SingleQuoted
            };
            self.builder
                .scalar(self.range(start, end), value, style, None, 0);
            return Some(end);
        }
        if !self.plain_start(start) {
            return None;
        }
        let colon = self.key_colon(start)?;
        if colon - start > MAX_KEY_LEN || self.at(colon - 1) == b' ' {
            return None;
        }
        let text = self.src.get(start..colon)?;
        self.builder.scalar(
            self.range(start, colon),
            text.to_owned(),
            ScalarStyle::Plain,
            None,
            0,
        );
        Some(colon)
    }

    /// The `:` that ends a plain key starting at `start` on its line, if the line is `key: ...`.
    fn key_colon(&self, start: usize) -> Option<usize> {
        let mut i = start;
        loop {
            match self.at(i) {
                b'\n' | 0 => return None,
                b':' if is_blank_or_end(self.at(i + 1)) => return Some(i),
                b'#' if i > start && self.at(i - 1) == b' ' => return None,
                _ => i += 1,
            }
        }
    }

    /// Whether a plain scalar may start at `at`.
    fn plain_start(&self, at: usize) -> bool {
        let b = self.at(at);
        if b == b'-' {
            return !is_blank_or_end(self.at(at + 1));
        }
        !is_indicator(b) && !is_blank_or_end(b)
    }

    /// Whether the line at `at` (inside a sequence entry) is a `key: value` line.
    fn is_key_line(&self, at: usize) -> bool {
        match self.at(at) {
            b'"' | b'\'' => self
                .quoted(at)
                .is_some_and(|(_, end)| self.at(end) == b':' && is_blank_or_end(self.at(end + 1))),
            _ => self.plain_start(at) && self.key_colon(at).is_some(),
        }
    }

    /// The value after a key's `:` (`empty_at` is that `:`) or a sequence's `-` (`None`), with
    /// `pos` just after the indicator. Leaves `pending` set for the line after the value.
    fn value(&mut self, indent: usize, empty_at: Option<usize>, depth: usize) -> Option<()> {
        let blanks = self.spaces(self.pos);
        let at = self.pos + blanks;
        let first = self.at(at);
        if matches!(first, b'\n' | 0) || first == b'#' && blanks > 0 {
            // The value is on the next lines, or empty.
            let eol = self.ws_to_eol(self.pos)?;
            let empty = empty_at.unwrap_or(eol);
            self.end_line(eol)?;
            match self.pending {
                // A flow collection on a line of its own (`annotations:` then `{}` under it).
                Some(next) if next > indent && matches!(self.peek(), b'[' | b'{') => {
                    self.flow(depth + 1)?;
                    let end = self.pos;
                    self.end_line(end)?;
                    return match self.pending {
                        Some(next) if next > indent => None,
                        _ => Some(()),
                    };
                }
                Some(next) if next > indent => return self.block_collection(next, depth + 1),
                Some(next) if next == indent && empty_at.is_some() && self.is_entry(self.pos) => {
                    return self.sequence(next, true, depth + 1);
                }
                _ => {
                    self.builder.scalar(
                        self.range(empty, empty),
                        String::new(),
                        ScalarStyle::Plain,
                        None,
                        0,
                    );
                    return Some(());
                }
            }
        }
        if blanks == 0 {
            return None;
        }
        self.pos = at;
        match first {
            b'"' | b'\'' => {
                let (value, end) = self.quoted_lines(at, indent)?;
                let end = self.ws_to_eol(end)?;
                let style = if first == b'"' {
                    ScalarStyle::DoubleQuoted
                } else {
                    ScalarStyle::SingleQuoted
                };
                self.builder
                    .scalar(self.range(at, end), value, style, None, 0);
                self.end_line(end)?;
            }
            b'[' | b'{' => {
                self.flow(depth + 1)?;
                let end = self.pos;
                self.end_line(end)?;
            }
            b'|' | b'>' => self.block_scalar(indent)?,
            _ if empty_at.is_none() && self.is_key_line(at) => {
                // A mapping in a sequence entry: `- key: value`.
                let column = at - self.line_start(at);
                self.mapping(column, depth + 1)?;
            }
            _ => {
                if !self.plain_start(at) {
                    return None;
                }
                self.plain(at, indent)?;
            }
        }
        // Nothing may continue the value on a more indented line.
        match self.pending {
            Some(next) if next > indent => None,
            _ => Some(()),
        }
    }

    fn line_start(&self, at: usize) -> usize {
        self.bytes
            .get(..at)
            .and_then(|before| before.iter().rposition(|&b| b == b'\n'))
            .map_or(0, |i| i + 1)
    }

    /// A plain scalar in block context starting at `start`, the value of a collection indented
    /// `parent`: one line, or more lines indented deeper (folded into one with spaces, or with a
    /// line break per empty line between them).
    fn plain(&mut self, start: usize, parent: usize) -> Option<()> {
        let (mut end, mut eol, mut comment) = self.plain_line(start)?;
        let mut folded: Option<String> = None;
        while !comment && self.at(eol) == b'\n' {
            // Empty (or blank) lines, then a line indented deeper than `parent` continues it.
            let (line, breaks, indent) = self.after_blank_lines(eol + 1);
            let next = line + indent;
            if indent <= parent || matches!(self.at(next), b'#' | 0) {
                break;
            }
            let (line_end, line_eol, line_comment) = self.plain_line(next)?;
            let value = match &mut folded {
                Some(value) => value,
                None => folded.insert(self.src.get(start..end)?.to_owned()),
            };
            if breaks == 0 {
                value.push(' ');
            } else {
                value.extend(std::iter::repeat_n('\n', breaks));
            }
            value.push_str(self.src.get(next..line_end)?);
            (end, eol, comment) = (line_end, line_eol, line_comment);
        }
        let value = match folded {
            Some(value) => value,
            None => self.src.get(start..end)?.to_owned(),
        };
        self.builder
            .scalar(self.range(start, end), value, ScalarStyle::Plain, None, 0);
        self.end_line(eol)
    }

    /// One line of a plain scalar from `start`: the end of its text, the end of the line, and
    /// whether a comment ended it. `None` when a `: ` makes it a key.
    fn plain_line(&self, start: usize) -> Option<(usize, usize, bool)> {
        let mut i = start;
        let mut end = start;
        loop {
            match self.at(i) {
                b'\n' | 0 => return Some((end, i, false)),
                b':' if is_blank_or_end(self.at(i + 1)) => return None,
                b'#' if i > start && self.at(i - 1) == b' ' => {
                    return Some((end, self.line_end(i), true));
                }
                b' ' => i += 1,
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
    }

    /// A quoted scalar on one line, starting at its opening quote: its value and the offset
    /// after its closing quote.
    fn quoted(&self, start: usize) -> Option<(String, usize)> {
        self.quoted_scalar(start, None)
    }

    /// A quoted scalar in block context, the value of a collection indented `parent`, starting
    /// at its opening quote: see [`Fast::quoted_scalar`].
    fn quoted_lines(&self, start: usize, parent: usize) -> Option<(String, usize)> {
        self.quoted_scalar(start, Some(parent))
    }

    /// A quoted scalar starting at its opening quote: on one line; or, in block context as the
    /// value of a collection indented `parent` (when given), on more lines each indented
    /// deeper than `parent` (each line's trailing and leading blanks dropped, a line break
    /// folded into a space, or into a line break per empty line between the lines). Its value
    /// and the offset after its closing quote. An escaped line break (`\` at a line's end) is
    /// not ours.
    fn quoted_scalar(&self, start: usize, parent: Option<usize>) -> Option<(String, usize)> {
        let quote = self.at(start);
        let mut value = String::new();
        let mut i = start + 1;
        let mut chunk = i;
        loop {
            let b = self.at(i);
            match b {
                0 => return None,
                b'\n' => {
                    // On one line only, a line break ends it unclosed.
                    let parent = parent?;
                    value.push_str(self.src.get(chunk..i)?.trim_end_matches(' '));
                    // Empty (or blank) lines, then the line that goes on.
                    let (line, breaks, indent) = self.after_blank_lines(i + 1);
                    if indent <= parent || self.at(line + indent) == 0 {
                        return None;
                    }
                    if breaks == 0 {
                        value.push(' ');
                    } else {
                        value.extend(std::iter::repeat_n('\n', breaks));
                    }
                    i = line + indent;
                    chunk = i;
                }
                _ if b == quote => {
                    value.push_str(self.src.get(chunk..i)?);
                    if quote == b'\'' && self.at(i + 1) == b'\'' {
                        value.push('\'');
                        i += 2;
                        chunk = i;
                        continue;
                    }
                    return Some((value, i + 1));
                }
                b'\\' if quote == b'"' => {
                    value.push_str(self.src.get(chunk..i)?);
                    let (c, len) = self.escape(i + 1)?;
                    value.push(c);
                    i += 1 + len;
                    chunk = i;
                }
                _ => i += 1,
            }
        }
    }

    /// The escape after a backslash at `at - 1`: the character and how many bytes it took.
    fn escape(&self, at: usize) -> Option<(char, usize)> {
        let c = match self.at(at) {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => return self.hex_escape(at + 1, 2),
            b'u' => return self.hex_escape(at + 1, 4),
            b'U' => return self.hex_escape(at + 1, 8),
            _ => return None,
        };
        Some((c, 1))
    }

    fn hex_escape(&self, at: usize, digits: usize) -> Option<(char, usize)> {
        let hex = self.bytes.get(at..at + digits)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let value = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        Some((char::from_u32(value)?, 1 + digits))
    }

    /// A flow collection on one line, at `pos`; leaves `pos` after it (and after the blanks and
    /// comment that saphyr counts as its end).
    fn flow(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let open = self.peek();
        let mapping = open == b'{';
        let close = if mapping { b'}' } else { b']' };
        self.builder.open(self.abs(self.pos), mapping, true, 0);
        self.pos += 1;
        self.pos += self.spaces(self.pos);
        loop {
            if self.peek() == close {
                break;
            }
            if mapping {
                self.flow_scalar(true)?;
                if self.peek() != b':' || self.at(self.pos + 1) != b' ' {
                    return None;
                }
                self.pos += 1;
                self.pos += self.spaces(self.pos);
                if matches!(self.peek(), b',' | b'}') {
                    return None;
                }
            }
            self.flow_item(depth)?;
            self.pos += self.spaces(self.pos);
            match self.peek() {
                b',' => {
                    self.pos += 1;
                    self.pos += self.spaces(self.pos);
                }
                b if b == close => break,
                _ => return None,
            }
        }
        let end = self.ws_to_eol(self.pos + 1)?;
        self.builder.close(self.abs(end));
        self.pos = end;
        Some(())
    }

    fn flow_item(&mut self, depth: usize) -> Option<()> {
        match self.peek() {
            b'[' | b'{' => self.flow(depth + 1),
            _ => self.flow_scalar(false),
        }
    }

    /// A quoted or plain scalar inside a flow collection; a key stops at `:`.
    fn flow_scalar(&mut self, key: bool) -> Option<()> {
        let start = self.pos;
        let first = self.peek();
        if first == b'"' || first == b'\'' {
            let (value, end) = self.quoted(start)?;
            let end = self.ws_to_eol(end)?;
            if !matches!(self.at(end), b',' | b']' | b'}' | b':') {
                return None;
            }
            let style = if first == b'"' {
                ScalarStyle::DoubleQuoted
            } else {
                ScalarStyle::SingleQuoted
            };
            self.builder
                .scalar(self.range(start, end), value, style, None, 0);
            self.pos = end;
            return Some(());
        }
        if !self.plain_start(start) {
            return None;
        }
        let mut i = start;
        let mut end = start;
        loop {
            match self.at(i) {
                b',' | b']' | b'}' => break,
                b':' if key => break,
                b'[' | b'{' | b'#' | b':' | b'"' | b'\'' | b'\n' | 0 => return None,
                b' ' => i += 1,
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
        let text = self.src.get(start..end)?;
        self.builder.scalar(
            self.range(start, end),
            text.to_owned(),
            ScalarStyle::Plain,
            None,
            0,
        );
        self.pos = i;
        Some(())
    }

    /// A literal (`|`) or folded (`>`) block scalar at `pos`, the value of a collection indented
    /// `parent`. Leaves `pending` at the line that ends it.
    fn block_scalar(&mut self, parent: usize) -> Option<()> {
        let literal = self.peek() == b'|';
        let mut i = self.pos + 1;
        let chomp = self.at(i);
        if matches!(chomp, b'+' | b'-') {
            i += 1;
        }
        if !is_blank_or_end(self.at(i)) {
            // An indentation indicator, or text after the header.
            return None;
        }
        let eol = self.ws_to_eol(i)?;
        if self.at(eol) != b'\n' {
            return None;
        }
        let mut line = eol + 1;
        // Leading empty lines.
        let mut breaks = 0;
        while self.at(line) == b'\n' {
            breaks += 1;
            line += 1;
        }
        let indent = self.spaces(line);
        if indent <= parent || matches!(self.at(line + indent), b'\n' | 0) {
            // Empty, or led by a line of blanks (which would set the indentation).
            return None;
        }
        let start = line + indent;
        let mut value = "\n".repeat(breaks);
        let mut first = true;
        let mut empties = 0;
        let end = loop {
            // `line` has at least `indent` spaces and then text.
            let content = line + indent;
            let content_end = self.line_end(content);
            if !literal && self.at(content) == b' ' {
                return None;
            }
            if !first {
                if literal {
                    value.push('\n');
                    value.extend(std::iter::repeat_n('\n', empties));
                } else if empties == 0 {
                    value.push(' ');
                } else {
                    value.extend(std::iter::repeat_n('\n', empties));
                }
            }
            value.push_str(self.src.get(content..content_end)?);
            first = false;
            if content_end >= self.bytes.len() {
                return None;
            }
            line = content_end + 1;
            empties = 0;
            // Empty lines, then either the next content line or the end of the scalar.
            let ended = loop {
                let skipped = self.spaces(line).min(indent);
                match self.at(line + skipped) {
                    b'\n' => {
                        empties += 1;
                        line += skipped + 1;
                    }
                    0 if skipped > 0 => return None,
                    0 => break Some(line),
                    _ if skipped == indent => break None,
                    _ => break Some(line + skipped),
                }
            };
            if let Some(end) = ended {
                break end;
            }
        };
        match chomp {
            b'-' => {}
            b'+' => {
                value.push('\n');
                value.extend(std::iter::repeat_n('\n', empties));
            }
            _ => value.push('\n'),
        }
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        self.builder
            .scalar(self.range(start, end), value, style, None, 0);
        self.pos = line;
        self.next_line();
        Some(())
    }
}
