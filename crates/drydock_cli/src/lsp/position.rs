//! Positions at the protocol's edge: the core speaks byte offsets, a client speaks 0-based lines
//! and columns counted in the negotiated encoding (UTF-8 bytes or UTF-16 code units).
//!
//! Lines end at `\n` (a `\r` before it belongs to the line ending). A lone `\r`, which the
//! protocol also counts as a line ending, is not one here: no Dockerfile or YAML tool we mirror
//! reads it as one either. Columns count from the very start of the line, a byte order mark
//! included, since it is part of the text the client sent.

use lsp_types::{Position, PositionEncodingKind, Range, TextDocumentContentChangeEvent};

use drydock_core::TextRange;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (it costs nothing: the core counts bytes), else UTF-16,
    /// which every client must support.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        if offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn width(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
        }
    }
}

/// Line starts of one text, for converting both ways.
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset of every line's first byte; the first is 0.
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines {
            text,
            starts,
            encoding,
        }
    }

    /// The protocol position of a byte offset (clamped into the text, onto a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column: usize = self
            .text
            .get(start..offset)
            .unwrap_or_default()
            .chars()
            .map(|ch| self.encoding.width(ch))
            .sum();
        Position {
            line: to_u32(line),
            character: to_u32(column),
        }
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range {
            start: self.position(range.start),
            end: self.position(range.end),
        }
    }

    /// The byte offset of a protocol position. A line past the last is the end of the text; a
    /// column past the end of its line is the line's end (before `\r\n`), as the protocol says;
    /// a column inside a character is that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let rest = self.text.get(start..).unwrap_or_default();
        // The line without its ending: `\n`, or `\r\n` (a lone `\r` is text).
        let line = match rest.find('\n') {
            Some(end) => {
                let line = rest.get(..end).unwrap_or_default();
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => rest,
        };
        let wanted = position.character as usize;
        let mut units = 0;
        for (index, ch) in line.char_indices() {
            let next = units + self.encoding.width(ch);
            if next > wanted {
                return start + index;
            }
            units = next;
        }
        start + line.len()
    }

    pub fn text_range(&self, range: Range) -> TextRange {
        let (start, end) = (self.offset(range.start), self.offset(range.end));
        TextRange::new(start.min(end), start.max(end))
    }
}

/// Applies a client's changes, in order, to `text`: a change without a range replaces it all.
pub fn apply_changes(
    text: &mut String,
    changes: Vec<TextDocumentContentChangeEvent>,
    encoding: Encoding,
) {
    for change in changes {
        match change.range {
            None => *text = change.text,
            Some(range) => {
                let range = Lines::new(text, encoding).text_range(range);
                text.replace_range(range.start..range.end, &change.text);
            }
        }
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_in_the_negotiated_encoding() {
        // `é` is 2 bytes and 1 UTF-16 unit; `🐳` is 4 bytes and 2 units.
        let text = "FROM x\r\nLABEL a=\"é🐳\" b=1\n";
        let b = text.find("b=1").unwrap();
        assert_eq!(Lines::new(text, Encoding::Utf8).position(b), at(1, 17));
        assert_eq!(Lines::new(text, Encoding::Utf16).position(b), at(1, 14));
        assert_eq!(Lines::new(text, Encoding::Utf8).offset(at(1, 17)), b);
        assert_eq!(Lines::new(text, Encoding::Utf16).offset(at(1, 14)), b);
    }

    #[test]
    fn positions_out_of_the_text_clamp() {
        let text = "ab\r\ncd";
        let lines = Lines::new(text, Encoding::Utf16);
        assert_eq!(lines.offset(at(0, 99)), 2, "the line's end, before \\r\\n");
        assert_eq!(lines.offset(at(9, 0)), text.len());
        assert_eq!(lines.position(99), at(1, 2));
        // Inside the surrogate pair of `🐳`: the character's start.
        let text = "🐳x";
        assert_eq!(Lines::new(text, Encoding::Utf16).offset(at(0, 1)), 0);
        assert_eq!(Lines::new(text, Encoding::Utf8).offset(at(0, 3)), 0);
        // Inside a character's bytes: the character's start.
        assert_eq!(Lines::new(text, Encoding::Utf8).position(2), at(0, 0));
    }

    /// Random edits in both encodings against a model that counts columns itself, and
    /// positions against the core's `LineIndex`.
    #[test]
    fn random_edits_land_where_the_model_says() {
        let alphabet = ['a', ' ', '\n', 'é', '🐳', '\r', '\t', '字'];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % bound as u64).unwrap()
        };
        for round in 0..400 {
            let encoding = if round % 2 == 0 {
                Encoding::Utf8
            } else {
                Encoding::Utf16
            };
            let len = next(40);
            let mut model: Vec<char> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let mut text: String = model.iter().collect();
            for _ in 0..5 {
                // A position between `\r` and `\n` is not one the protocol can name.
                let splits_crlf = |at: usize, model: &[char]| {
                    at > 0 && model.get(at - 1) == Some(&'\r') && model.get(at) == Some(&'\n')
                };
                let (mut a, mut b) = (next(model.len() + 1), next(model.len() + 1));
                if a > b {
                    std::mem::swap(&mut a, &mut b);
                }
                if splits_crlf(a, &model) || splits_crlf(b, &model) {
                    continue;
                }
                let at = |index: usize| {
                    let line = model[..index].iter().filter(|c| **c == '\n').count();
                    let start = model[..index]
                        .iter()
                        .rposition(|c| *c == '\n')
                        .map_or(0, |i| i + 1);
                    let character: usize =
                        model[start..index].iter().map(|c| encoding.width(*c)).sum();
                    Position::new(line as u32, character as u32)
                };
                let (start, end) = (at(a), at(b));
                let byte =
                    |index: usize| model[..index].iter().map(|c| c.len_utf8()).sum::<usize>();
                assert_eq!(Lines::new(&text, encoding).position(byte(a)), start);
                if encoding == Encoding::Utf16 {
                    let index = drydock_core::LineIndex::new(&text);
                    assert_eq!(index.utf16_column(byte(a)), start.character as usize);
                }
                let inserted: Vec<char> = (0..next(4))
                    .map(|_| alphabet[next(alphabet.len())])
                    .collect();
                apply_changes(
                    &mut text,
                    vec![TextDocumentContentChangeEvent {
                        range: Some(Range::new(start, end)),
                        range_length: None,
                        text: inserted.iter().collect(),
                    }],
                    encoding,
                );
                model.splice(a..b, inserted);
                assert_eq!(text, model.iter().collect::<String>(), "round {round}");
                // Positions anywhere, in or out of the text, never panic.
                let anywhere = Position::new(next(12) as u32, next(50) as u32);
                let offset = Lines::new(&text, encoding).offset(anywhere);
                assert!(text.is_char_boundary(offset));
            }
        }
    }

    #[test]
    fn changes_apply_in_order() {
        let mut text = "COPY. /app\n".to_owned();
        let change = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.to_owned(),
        };
        apply_changes(
            &mut text,
            vec![
                change(Some(Range::new(at(0, 4), at(0, 4))), " "),
                change(Some(Range::new(at(0, 11), at(1, 0))), "\nRUN é\n"),
                // Reversed ends are read in order.
                change(Some(Range::new(at(1, 5), at(1, 4))), "e"),
            ],
            Encoding::Utf16,
        );
        assert_eq!(text, "COPY . /app\nRUN e\n");
        apply_changes(&mut text, vec![change(None, "FROM x")], Encoding::Utf8);
        assert_eq!(text, "FROM x");
    }
}
