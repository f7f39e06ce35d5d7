//! `fix_all`: applies every mechanical fix the checks offer, the way `drydock check --fix` does.

use crate::check::check_file_with;
use std::collections::BTreeMap;

use crate::diagnostic::{Fix, TextEdit, apply_edits};
use crate::settings::Settings;
use crate::text::TextRange;
use crate::workspace::SourceFile;

/// Fixes settle in a few rounds (one fix can enable another: `from … AS` is first upper-cased,
/// then its `AS` matches); this bounds a pathological ping-pong.
const MAX_ROUNDS: usize = 8;

/// The text of `file` with every fix applied. Fixes whose edits overlap an earlier one wait for
/// the next round, which checks the file again; it stops when no fix is left.
pub fn fix_all(file: &SourceFile, settings: &Settings) -> String {
    let mut text = file.text.clone();
    for _ in 0..MAX_ROUNDS {
        let current = SourceFile {
            name: file.name.clone(),
            text: text.clone(),
        };
        let findings = check_file_with(&current, settings);
        let accepted = compatible(findings.iter().filter_map(|finding| finding.fix.as_ref()));
        if accepted.is_empty() {
            break;
        }
        text = apply_edits(&text, accepted.iter().flat_map(|fix| &fix.edits));
    }
    text
}

/// Every fix that overlaps no fix taken before it, in order (a fix is taken whole or not at
/// all): what one round of "fix all" applies. Two edits clash when their ranges overlap or both start at the same place (an insertion
/// there would land on one side or the other). The edits taken are kept by start, so each check
/// looks at a neighbour or two: O(n log n) for n edits.
pub fn compatible<'f>(fixes: impl IntoIterator<Item = &'f Fix>) -> Vec<&'f Fix> {
    let mut accepted: Vec<&Fix> = Vec::new();
    // Start → end of the edits taken (they never overlap one another).
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let clashes = |taken: &BTreeMap<usize, usize>, edit: &TextEdit| {
        let TextRange { start, end } = edit.range;
        let starts_inside = taken.range(start..end.max(start + 1)).next().is_some();
        let covered = taken
            .range(..start)
            .next_back()
            .is_some_and(|(_, &taken_end)| taken_end > start);
        starts_inside || covered
    };
    for fix in fixes {
        if fix.edits.iter().any(|edit| clashes(&taken, edit)) {
            continue;
        }
        for edit in &fix.edits {
            let end = taken.entry(edit.range.start).or_insert(edit.range.end);
            *end = (*end).max(edit.range.end);
        }
        accepted.push(fix);
    }
    accepted
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix {
            title: String::new(),
            edits: edits
                .iter()
                .map(|&(start, end, text)| TextEdit {
                    range: TextRange { start, end },
                    replacement: text.to_owned(),
                })
                .collect(),
        }
    }

    fn taken(fixes: &[Fix]) -> Vec<usize> {
        let accepted = compatible(fixes);
        fixes
            .iter()
            .enumerate()
            .filter(|(_, f)| accepted.iter().any(|a| std::ptr::eq(*a, *f)))
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn overlapping_fixes_wait_and_touching_ones_are_taken() {
        let fixes = [
            fix(&[(2, 5, "x")]),
            // Overlaps the first.
            fix(&[(4, 8, "y")]),
            // Touches it: taken.
            fix(&[(5, 6, "z")]),
            // An insertion where another edit starts: which goes first is not clear.
            fix(&[(2, 2, "w")]),
            // An insertion inside the first's range.
            fix(&[(3, 3, "v")]),
            // A fix is taken whole or not at all: its second edit overlaps.
            fix(&[(10, 11, "a"), (5, 6, "b")]),
            // Before everything, and an insertion at the end of an edit.
            fix(&[(0, 1, "c"), (6, 6, "d")]),
        ];
        assert_eq!(taken(&fixes), vec![0, 2, 6]);
    }
}
