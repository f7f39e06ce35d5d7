//! Streams: split into documents first, so that a syntax error in one document does not hide
//! the others, then each document parsed on its own.

use crate::build::{parse_document, parse_document_saphyr};
use crate::tree::Document;
use crate::tree::Stream;
use drydock_base::text::TextRange;

/// One YAML document of a stream, including its `---` marker line if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentSlice {
    pub range: TextRange,
}

/// Parses every document of `text`. Never fails: errors are in each document's `errors`.
pub fn parse(text: &str) -> Stream {
    parse_with(text, parse_document)
}

/// [`parse`] with saphyr-parser for every document, never the fast path: the reference the
/// differential tests and the `yaml` fuzz target compare [`parse`] with.
#[doc(hidden)]
pub fn parse_reference(text: &str) -> Stream {
    parse_with(text, parse_document_saphyr)
}

fn parse_with(text: &str, parse_document: fn(&str, TextRange) -> Document) -> Stream {
    Stream {
        documents: split_documents(text)
            .into_iter()
            .map(|slice| parse_document(text, slice.range))
            .filter(|document| !document.is_empty() || !document.errors.is_empty())
            .collect(),
    }
}

/// Splits a stream at lines that start with `---` or `...` followed by a blank or the end of the
/// line. (Inside a block scalar such a line would end the scalar too, so this agrees with YAML.)
pub fn split_documents(text: &str) -> Vec<DocumentSlice> {
    let mut documents = Vec::new();
    let mut start = 0;
    let mut line_start = |line: usize| {
        let rest = text.get(line..).unwrap_or("");
        // Only a line starting with `-`, `.` or a byte order mark can be a marker.
        if !rest.starts_with(['-', '.', '\u{feff}']) {
            return;
        }
        let content = rest.trim_start_matches('\u{feff}');
        let marker = content.starts_with("---") || content.starts_with("...");
        let after = content.get(3..).unwrap_or("");
        if marker
            && (after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']))
            && line > start
        {
            documents.push(DocumentSlice {
                range: TextRange::new(start, line),
            });
            start = line;
        }
    };
    line_start(0);
    // Eight bytes at a time: most words hold no line break and are skipped with a few
    // arithmetic operations (a per-line `find` cost a tenth of parsing).
    let bytes = text.as_bytes();
    let mut offset = 0;
    for chunk in bytes.chunks(8) {
        let skip = <[u8; 8]>::try_from(chunk).is_ok_and(|word| {
            let x = u64::from_le_bytes(word) ^ 0x0a0a_0a0a_0a0a_0a0a;
            x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080 == 0
        });
        if !skip {
            for (i, &b) in chunk.iter().enumerate() {
                if b == b'\n' && offset + i + 1 < bytes.len() {
                    line_start(offset + i + 1);
                }
            }
        }
        offset += chunk.len();
    }
    if text.len() > start || documents.is_empty() {
        documents.push(DocumentSlice {
            range: TextRange::new(start, text.len()),
        });
    }
    documents
}
