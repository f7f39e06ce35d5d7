//! Findings carried through an edit: what the editor does with the diagnostics it has, for the
//! page's own use (the API-server engine's findings about a file typed in since it was asked stay
//! where they were, moved with the text around them, until the engine answers about the new text).

use drydock_core::{Finding, LineIndex, TextRange};

/// The one edit between two texts, as their common prefix and suffix leave it: bytes
/// `start..old_end` of the old text became `start..new_end` of the new one (several edits read
/// as one that spans them all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OneEdit {
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl OneEdit {
    pub fn between(old: &str, new: &str) -> OneEdit {
        let (a, b) = (old.as_bytes(), new.as_bytes());
        let (prefix, suffix) = drydock_base::diff::common_ends(a, b);
        OneEdit {
            start: prefix,
            old_end: a.len() - suffix,
            new_end: b.len() - suffix,
        }
    }

    /// Where offset `at` of the old text is in the new one, with whether it is after the edit;
    /// `None` at or inside the edit (what was there may be gone).
    pub fn map(&self, at: usize) -> Option<(bool, usize)> {
        if at < self.start {
            Some((false, at))
        } else if at > self.old_end {
            Some((true, at - self.old_end + self.new_end))
        } else {
            None
        }
    }

    /// A range of the old text in the new one, when it is wholly before or wholly after the
    /// edit (a range around it is not the text it was about).
    fn range(&self, range: TextRange) -> Option<TextRange> {
        let ((a, start), (b, end)) = (self.map(range.start)?, self.map(range.end)?);
        (a == b).then(|| TextRange::new(start, end))
    }
}

/// `finding` (about the old text) in the new text `index` reads: its range, labels and fix moved
/// with the text around them; `None` when any of them touches the edit.
pub fn finding(edit: &OneEdit, index: &LineIndex<'_>, finding: &Finding) -> Option<Finding> {
    let range = edit.range(finding.range)?;
    let mut moved = finding.clone();
    for label in &mut moved.labels {
        label.range = edit.range(label.range)?;
    }
    if let Some(fix) = &mut moved.fix {
        for text_edit in &mut fix.edits {
            text_edit.range = edit.range(text_edit.range)?;
        }
    }
    moved.range = range;
    moved.start = index.position(range.start);
    moved.end = index.position(range.end);
    Some(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_core::{Fix, Severity, TextEdit};

    fn at(text: &str, what: &str) -> TextRange {
        let start = text.find(what).unwrap_or(usize::MAX);
        TextRange::new(start, start.saturating_add(what.len()))
    }

    fn finding_at(text: &str, what: &str) -> Finding {
        let range = at(text, what);
        let index = LineIndex::new(text);
        Finding {
            path: "pod.yaml".to_owned(),
            rule: "kubernetes/missing-required-field",
            severity: Severity::Error,
            message: "m".to_owned(),
            range,
            start: index.position(range.start),
            end: index.position(range.end),
            labels: Vec::new(),
            help: None,
            fix: Some(Fix {
                title: "f".to_owned(),
                edits: vec![TextEdit {
                    range,
                    replacement: "x".to_owned(),
                }],
            }),
        }
    }

    #[test]
    fn a_finding_before_or_after_the_edit_moves_with_its_text_and_one_inside_it_is_dropped() {
        let old = "a: 1\nname: web\nimage: nginx\n";
        let new = "a: 12345\nname: web\nimage: nginx\n";
        let edit = OneEdit::between(old, new);
        let index = LineIndex::new(new);
        // After the edit: the same text, four bytes later, on the same line.
        let after = finding_at(old, "image");
        let moved = finding(&edit, &index, &after).map(|f| (f.range, f.start, f.fix));
        let expected = finding_at(new, "image");
        assert_eq!(
            moved,
            Some((expected.range, expected.start, expected.fix)),
            "a finding after the edit keeps its text"
        );
        // Before the edit: unchanged.
        let before = finding_at(old, "a:");
        assert_eq!(
            finding(&edit, &index, &before).map(|f| f.range),
            Some(before.range)
        );
        // Touching the edit: gone until the engine answers.
        let inside = finding_at(old, "1\n");
        assert_eq!(finding(&edit, &index, &inside), None);
    }

    #[test]
    fn lines_added_above_a_finding_move_its_position_down() {
        let old = "kind: Pod\nimage: nginx\n";
        let new = "kind: Pod\n# one\n# two\nimage: nginx\n";
        let edit = OneEdit::between(old, new);
        let index = LineIndex::new(new);
        let moved = finding(&edit, &index, &finding_at(old, "nginx")).map(|f| f.start);
        assert_eq!(moved, Some(finding_at(new, "nginx").start));
    }

    #[test]
    fn the_edit_between_equal_texts_is_empty_and_moves_nothing() {
        let text = "kind: Pod\n";
        let edit = OneEdit::between(text, text);
        assert_eq!(edit.map(3), Some((false, 3)));
        assert_eq!(OneEdit::between("", "abc").map(0), None);
    }
}
