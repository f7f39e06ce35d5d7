//! Where each byte of a piece of shell text came from in the Dockerfile.
//!
//! RUN's shell text is its physical lines joined (continuations removed); a heredoc body with
//! `<<-` loses its leading tabs; the script of `sh -c '…'` is the unquoted value of one word. A
//! [`SourceMap`] takes an offset in such a text back to the source.

use drydock_base::text::TextRange;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(offset in text, offset in source)` at the start of each contiguous piece, in order.
    pieces: Vec<(usize, usize)>,
    /// Every offset maps into this range when the text is not a copy of the source (a quoted
    /// word with escapes, say): findings then cover the whole word.
    fallback: Option<TextRange>,
    len: usize,
}

impl SourceMap {
    /// A text that is the source slice starting at `source_start`.
    pub fn contiguous(source_start: usize, len: usize) -> Self {
        SourceMap {
            pieces: vec![(0, source_start)],
            fallback: None,
            len,
        }
    }

    /// A text made of the given source ranges, concatenated.
    pub fn from_segments(segments: &[TextRange]) -> Self {
        let mut pieces = Vec::with_capacity(segments.len());
        let mut len = 0;
        for segment in segments {
            pieces.push((len, segment.start));
            len += segment.len();
        }
        SourceMap {
            pieces,
            fallback: None,
            len,
        }
    }

    /// A text whose bytes all stand for `range` of the source.
    pub fn opaque(range: TextRange, len: usize) -> Self {
        SourceMap {
            pieces: Vec::new(),
            fallback: Some(range),
            len,
        }
    }

    pub(super) fn push_piece(&mut self, text_offset: usize, source_offset: usize) {
        self.pieces.push((text_offset, source_offset));
    }

    pub(super) fn set_len(&mut self, len: usize) {
        self.len = len;
    }

    fn source_start(&self, offset: usize) -> usize {
        if let Some(range) = self.fallback {
            return range.start;
        }
        let index = self.pieces.partition_point(|&(at, _)| at <= offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(at, source)) => source + (offset - at),
            None => self.pieces.first().map_or(0, |&(_, source)| source),
        }
    }

    fn source_end(&self, offset: usize) -> usize {
        if let Some(range) = self.fallback {
            return range.end;
        }
        let index = self.pieces.partition_point(|&(at, _)| at < offset);
        match index.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(at, source)) => source + (offset - at),
            None => self.source_start(offset),
        }
    }

    /// The source range of `start..end` of the text.
    pub fn range(&self, start: usize, end: usize) -> TextRange {
        if start >= end {
            let at = self.source_start(start);
            return match self.fallback {
                Some(range) => range,
                None => TextRange::empty(at),
            };
        }
        TextRange::new(self.source_start(start), self.source_end(end))
    }

    /// The map of `text[start..end]`, its offsets counted from `start`.
    pub fn sub(&self, start: usize, end: usize) -> SourceMap {
        if let Some(range) = self.fallback {
            return SourceMap::opaque(range, end.saturating_sub(start));
        }
        let mut pieces = Vec::new();
        for (i, &(at, source)) in self.pieces.iter().enumerate() {
            let piece_end = self.pieces.get(i + 1).map_or(self.len, |&(next, _)| next);
            let (s, e) = (start.max(at), end.min(piece_end));
            if s < e || (s == e && pieces.is_empty() && s == start) {
                pieces.push((s - start, source + (s - at)));
            }
        }
        SourceMap {
            pieces,
            fallback: None,
            len: end.saturating_sub(start),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_map_back() {
        // "ab" at 10, "cd" at 20.
        let map = SourceMap::from_segments(&[TextRange::new(10, 12), TextRange::new(20, 22)]);
        assert_eq!(map.range(0, 1), TextRange::new(10, 11));
        assert_eq!(map.range(1, 3), TextRange::new(11, 21));
        assert_eq!(map.range(2, 4), TextRange::new(20, 22));
        assert_eq!(map.range(4, 4), TextRange::empty(22));
        let sub = map.sub(1, 4);
        assert_eq!(sub.range(0, 1), TextRange::new(11, 12));
        assert_eq!(sub.range(1, 3), TextRange::new(20, 22));
    }

    #[test]
    fn opaque_maps_everything_to_its_range() {
        let map = SourceMap::opaque(TextRange::new(5, 9), 3);
        assert_eq!(map.range(1, 2), TextRange::new(5, 9));
        assert_eq!(map.sub(0, 2).range(0, 1), TextRange::new(5, 9));
    }
}
