//! The one diagnostic type, and the finding it becomes once it knows its file.
//!
//! Rules produce [`Diagnostic`]s over byte ranges of one file. [`crate::check`] turns them into
//! [`Finding`]s, which add the file's path and 1-based positions; every front end (terminal code
//! frame, SARIF, editor squiggle) renders the same value.

use serde::{Deserialize, Serialize};

pub use crate::severity::Severity;
use crate::text::{LineIndex, Position, TextRange};

/// Replace `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    pub range: TextRange,
    pub replacement: String,
}

/// A mechanical change that resolves a diagnostic. Its edits never overlap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does, as an imperative ("Insert a space after `COPY`").
    pub title: String,
    pub edits: Vec<TextEdit>,
}

impl Fix {
    pub fn replace(
        title: impl Into<String>,
        range: TextRange,
        replacement: impl Into<String>,
    ) -> Self {
        Fix {
            title: title.into(),
            edits: vec![TextEdit {
                range,
                replacement: replacement.into(),
            }],
        }
    }

    /// Applies the edits to `text`. Edits that overlap an earlier one or fall outside the text
    /// are skipped rather than corrupting it.
    pub fn apply(&self, text: &str) -> String {
        apply_edits(text, self.edits.iter())
    }
}

/// Applies non-overlapping edits to `text` (in any order); overlapping or invalid ones are skipped.
pub fn apply_edits<'e>(text: &str, edits: impl IntoIterator<Item = &'e TextEdit>) -> String {
    let mut edits: Vec<&TextEdit> = edits.into_iter().collect();
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in edits {
        let TextRange { start, end } = edit.range;
        if start < cursor || text.get(start..end).is_none() {
            continue;
        }
        out.push_str(text.get(cursor..start).unwrap_or(""));
        out.push_str(&edit.replacement);
        cursor = end;
    }
    out.push_str(text.get(cursor..).unwrap_or(""));
    out
}

/// A secondary range that helps explain a diagnostic ("first declared here").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub range: TextRange,
    pub message: String,
}

/// What a rule reports about one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The stable id of the rule that produced it, e.g. `dockerfile/unknown-instruction`.
    pub rule: &'static str,
    pub severity: Severity,
    /// What is wrong and why, in one or two sentences.
    pub message: String,
    pub range: TextRange,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    /// What to do about it, when that is not obvious from the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(rule: &crate::rule::RuleMeta, message: impl Into<String>, range: TextRange) -> Self {
        Diagnostic {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            range,
            labels: Vec::new(),
            help: None,
            fix: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_label(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            range,
            message: message.into(),
        });
        self
    }
}

/// A diagnostic placed in a file, with its positions resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The file's name in the workspace (for the CLI, the path as discovered).
    pub path: String,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub range: TextRange,
    pub start: Position,
    /// The position just past the last character of the range.
    pub end: Position,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(path: &str, index: &LineIndex<'_>, diagnostic: Diagnostic) -> Self {
        let Diagnostic {
            rule,
            severity,
            message,
            range,
            labels,
            help,
            fix,
        } = diagnostic;
        Finding {
            path: path.to_owned(),
            rule,
            severity,
            message,
            range,
            start: index.position(range.start),
            end: index.position(range.end),
            labels,
            help,
            fix,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_skip_overlaps() {
        let edits = [
            TextEdit {
                range: TextRange::new(4, 4),
                replacement: " ".into(),
            },
            TextEdit {
                range: TextRange::new(0, 4),
                replacement: "COPY".into(),
            },
            TextEdit {
                range: TextRange::new(2, 6),
                replacement: "x".into(),
            },
            TextEdit {
                range: TextRange::new(90, 99),
                replacement: "x".into(),
            },
        ];
        assert_eq!(apply_edits("copy. /app", &edits), "COPY . /app");
    }
}
