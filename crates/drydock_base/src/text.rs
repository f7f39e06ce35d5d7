//! Source text positions.
//!
//! The core speaks UTF-8 byte offsets everywhere. [`LineIndex`] converts them at the edges: to
//! 1-based line and column (counted in Unicode scalar values) for people, CLI output and SARIF, and
//! to UTF-16 code units for the browser, whose strings and editors count that way.
//!
//! Lines end at `\n`; a `\r` before it belongs to the line ending, not to the line. A UTF-8 byte
//! order mark at the start of the text is invisible: it takes no column.

use serde::{Deserialize, Serialize};

/// A half-open range of byte offsets `[start, end)` into one file's text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> Self {
        // A reversed range is a caller's bug; normalise rather than panic.
        if start <= end {
            Self { start, end }
        } else {
            Self {
                start: end,
                end: start,
            }
        }
    }

    pub const fn empty(offset: usize) -> Self {
        Self {
            start: offset,
            end: offset,
        }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    pub const fn contains_range(self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Shifts the range by `delta` bytes (used when a piece of text was parsed on its own).
    pub const fn offset_by(self, delta: usize) -> TextRange {
        TextRange {
            start: self.start + delta,
            end: self.end + delta,
        }
    }

    /// The text of this range, or `""` if the range does not fall on character boundaries of
    /// `text` — positions come from parsers, and a bad one must not bring the page down.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A 1-based line and 1-based column, the column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Line starts of a text, for converting between byte offsets and positions.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the first byte of every line; the first is 0.
    line_starts: Vec<usize>,
    /// Length of the byte order mark, if the text starts with one.
    bom: usize,
    /// UTF-16 offset of every line start, for texts that are not all ASCII (in an ASCII text
    /// UTF-16 offsets are byte offsets), so conversions cost one line, not the whole text.
    utf16_line_starts: Option<Vec<usize>>,
}

const BOM: &str = "\u{feff}";

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        // A byte loop: `match_indices('\n')` costs several times more per line on short lines.
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let bom = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let utf16_line_starts = (!text.is_ascii()).then(|| {
            let mut units = 0;
            let mut previous = 0;
            line_starts
                .iter()
                .map(|&start| {
                    units += text.get(previous..start).map_or(0, utf16_len);
                    previous = start;
                    units
                })
                .collect()
        });
        Self {
            text,
            line_starts,
            bom,
            utf16_line_starts,
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Clamps `offset` into the text and back onto a character boundary.
    fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    /// Byte range of 0-based line `line`, without its line ending (`\n` or `\r\n`), and with the
    /// byte order mark left out on the first line.
    pub fn line_range(&self, line: usize) -> Option<TextRange> {
        let start = *self.line_starts.get(line)?;
        let start = if line == 0 { start + self.bom } else { start };
        let end = match self.line_starts.get(line + 1) {
            Some(&next) => next - 1,
            None => self.text.len(),
        };
        let end = if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        Some(TextRange::new(start, end.max(start)))
    }

    /// Text of 0-based line `line`, without its line ending.
    pub fn line_text(&self, line: usize) -> &'a str {
        self.line_range(line)
            .map_or("", |range| range.slice(self.text))
    }

    /// The 1-based position of `offset`, its column counted in Unicode scalar values.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_of(offset);
        let start = self.visible_line_start(line);
        let column = self
            .text
            .get(start..offset.max(start))
            .map_or(0, |s| s.chars().count());
        Position {
            line: to_u32(line + 1),
            column: to_u32(column + 1),
        }
    }

    /// The byte offset of a 1-based position; columns past the end of the line clamp to its end.
    pub fn offset(&self, position: Position) -> Option<usize> {
        let line = (position.line as usize).checked_sub(1)?;
        let range = self.line_range(line)?;
        let column = (position.column as usize).saturating_sub(1);
        let line_text = range.slice(self.text);
        let within = line_text
            .char_indices()
            .nth(column)
            .map_or(line_text.len(), |(i, _)| i);
        Some(range.start + within)
    }

    /// The 0-based UTF-16 column of `offset` within its line (what editors such as CodeMirror and
    /// LSP clients count).
    pub fn utf16_column(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        let start = self.visible_line_start(self.line_of(offset));
        self.text.get(start..offset.max(start)).map_or(0, utf16_len)
    }

    /// The UTF-16 offset of `offset` from the start of the whole text, as a browser's
    /// `String.prototype.length` and `setSelectionRange` count. The byte order mark counts, since
    /// it is part of the JavaScript string.
    pub fn utf16_offset(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        let Some(utf16_starts) = &self.utf16_line_starts else {
            return offset;
        };
        let line = self.line_of(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        utf16_starts.get(line).copied().unwrap_or(0)
            + self.text.get(start..offset).map_or(0, utf16_len)
    }

    /// The byte offset of a UTF-16 offset from the start of the text. An offset inside a
    /// surrogate pair, or past the end, moves to the end of that character or of the text.
    pub fn offset_from_utf16(&self, utf16: usize) -> usize {
        let Some(utf16_starts) = &self.utf16_line_starts else {
            return utf16.min(self.text.len());
        };
        let line = utf16_starts
            .partition_point(|&start| start <= utf16)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let mut units = utf16_starts.get(line).copied().unwrap_or(0);
        for (index, ch) in self.text.get(start..).unwrap_or_default().char_indices() {
            if units >= utf16 {
                return start + index;
            }
            units += ch.len_utf16();
        }
        self.text.len()
    }

    fn visible_line_start(&self, line: usize) -> usize {
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        if line == 0 { start + self.bom } else { start }
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An editor's hover: the range it is about and what to show, as Markdown. Each language's
/// `assist` answers one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, column: u32) -> Position {
        Position { line, column }
    }

    #[test]
    fn ascii_lines() {
        let index = LineIndex::new("FROM a\nRUN b\n");
        assert_eq!(index.position(0), pos(1, 1));
        assert_eq!(index.position(5), pos(1, 6));
        assert_eq!(index.position(7), pos(2, 1));
        assert_eq!(index.position(13), pos(3, 1));
        assert_eq!(index.offset(pos(2, 5)), Some(11));
        assert_eq!(index.line_text(1), "RUN b");
        assert_eq!(index.line_count(), 3);
    }

    #[test]
    fn non_ascii_columns_count_characters() {
        // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 UTF-16 units.
        let text = "LABEL a=é😀 b=1\n";
        let index = LineIndex::new(text);
        let b = text.find("b=").unwrap();
        assert_eq!(index.position(b), pos(1, 12));
        assert_eq!(index.utf16_column(b), 12);
        assert_eq!(index.utf16_offset(b), 12);
        assert_eq!(index.offset_from_utf16(12), b);
        assert_eq!(index.offset(pos(1, 12)), Some(b));
        // Inside a surrogate pair moves to the end of the emoji.
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            index.offset_from_utf16(index.utf16_offset(emoji) + 1),
            emoji + 4
        );
    }

    #[test]
    fn crlf_line_endings_are_not_part_of_the_line() {
        let text = "FROM a\r\nRUN é\r\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_text(0), "FROM a");
        assert_eq!(index.line_text(1), "RUN é");
        let run = text.find("RUN").unwrap();
        assert_eq!(index.position(run), pos(2, 1));
        assert_eq!(index.position(text.len()), pos(3, 1));
        // The end of line 2 is before its "\r".
        assert_eq!(index.offset(pos(2, 99)), Some(text.len() - 2));
    }

    #[test]
    fn byte_order_mark_takes_no_column() {
        let text = "\u{feff}FROM a\nRUN b";
        let index = LineIndex::new(text);
        assert_eq!(index.position(3), pos(1, 1));
        assert_eq!(index.position(0), pos(1, 1));
        assert_eq!(index.line_text(0), "FROM a");
        assert_eq!(index.offset(pos(1, 1)), Some(3));
        assert_eq!(index.utf16_column(7), 4);
        // The browser's string still holds the mark, so absolute UTF-16 offsets count it.
        assert_eq!(index.utf16_offset(3), 1);
        assert_eq!(index.offset_from_utf16(1), 3);
    }

    #[test]
    fn utf16_conversions_agree_with_counting_from_the_start() {
        for text in [
            "plain\nascii\n",
            "\u{feff}name: café\r\n  emoji: 😀x\n\nné😀😀\nend",
            "😀\n\n",
        ] {
            let index = LineIndex::new(text);
            let mut utf16 = 0;
            for (offset, ch) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(index.utf16_offset(offset), utf16, "{text:?} at {offset}");
                assert_eq!(
                    index.offset_from_utf16(utf16),
                    offset,
                    "{text:?} at {utf16}"
                );
                if ch.len_utf16() == 2 && offset < text.len() {
                    // Inside a surrogate pair: the end of the character.
                    assert_eq!(index.offset_from_utf16(utf16 + 1), offset + ch.len_utf8());
                }
                utf16 += ch.len_utf16();
            }
            assert_eq!(index.offset_from_utf16(utf16 + 5), text.len());
        }
    }

    #[test]
    fn out_of_range_inputs_clamp() {
        let index = LineIndex::new("é");
        assert_eq!(index.position(1), pos(1, 1));
        assert_eq!(index.position(100), pos(1, 2));
        assert_eq!(index.offset(pos(0, 1)), None);
        assert_eq!(index.offset(pos(9, 1)), None);
        assert_eq!(index.offset_from_utf16(100), 2);
        assert_eq!(TextRange::new(5, 2), TextRange::new(2, 5));
        assert_eq!(TextRange::new(0, 9).slice("é"), "");
    }
}
