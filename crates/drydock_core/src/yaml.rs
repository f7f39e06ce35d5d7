//! YAML streams: documents and syntax errors with exact positions.
//!
//! A stream is split into documents at `---` and `...` markers first, so that a syntax error in
//! one document does not hide the others.

use saphyr_parser::Parser;

use crate::text::TextRange;

/// One YAML document of a stream, including its `---` marker line if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentSlice {
    pub range: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// Splits a stream at lines that start with `---` or `...` followed by a blank or the end of the
/// line. (Inside a block scalar such a line would end the scalar too, so this agrees with YAML.)
pub fn split_documents(text: &str) -> Vec<DocumentSlice> {
    let mut documents = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches('\u{feff}');
        let marker = content.starts_with("---") || content.starts_with("...");
        let after = content.get(3..).unwrap_or("");
        if marker
            && (after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']))
            && offset > start
        {
            documents.push(DocumentSlice {
                range: TextRange::new(start, offset),
            });
            start = offset;
        }
        offset += line.len();
    }
    if offset > start || documents.is_empty() {
        documents.push(DocumentSlice {
            range: TextRange::new(start, offset),
        });
    }
    documents
}

/// Syntax errors of every document in `text`, at most one per document (the scanner cannot
/// reliably go on inside a document after an error).
pub fn syntax_errors(text: &str) -> Vec<SyntaxError> {
    split_documents(text)
        .into_iter()
        .filter_map(|document| {
            let source = document.range.slice(text);
            first_error(source).map(|error| SyntaxError {
                range: error.range.offset_by(document.range.start),
                message: error.message,
            })
        })
        .collect()
}

fn first_error(source: &str) -> Option<SyntaxError> {
    let mut parser = Parser::new_from_str(source);
    while let Some(event) = parser.next_event() {
        if let Err(error) = event {
            let start = byte_offset_of_char(source, error.marker().index());
            // Point at the offending character, or at the end of the line if there is none.
            let end = source
                .get(start..)
                .and_then(|rest| rest.chars().next())
                .filter(|c| *c != '\n' && *c != '\r')
                .map_or(start, |c| start + c.len_utf8());
            return Some(SyntaxError {
                range: TextRange::new(start, end),
                message: error.info().to_owned(),
            });
        }
    }
    None
}

fn byte_offset_of_char(source: &str, chars: usize) -> usize {
    source
        .char_indices()
        .nth(chars)
        .map_or(source.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_split_at_markers() {
        let text = "a: 1\n---\nb: 2\n--- # c\nc: 3\n...\n";
        let docs: Vec<&str> = split_documents(text)
            .iter()
            .map(|d| d.range.slice(text))
            .collect();
        assert_eq!(docs, ["a: 1\n", "---\nb: 2\n", "--- # c\nc: 3\n", "...\n"]);
        assert_eq!(split_documents("").len(), 1);
        assert_eq!(split_documents("----\n").len(), 1);
    }

    #[test]
    fn an_error_in_one_document_does_not_hide_another() {
        let text = "a: [1, 2\n---\nb: 1\n---\nc: \"open\n";
        let errors = syntax_errors(text);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].range.start < 13);
        assert!(errors[1].range.start >= text.rfind("---").unwrap());
    }

    #[test]
    fn valid_yaml_has_no_errors() {
        assert!(syntax_errors("a:\n  - b: é\n    c: |\n      x\n").is_empty());
    }
}
