//! `fix_all`: applies every mechanical fix the checks offer, the way `drydock check --fix` does.

use crate::check::check_file_with;
use crate::diagnostic::{TextEdit, apply_edits};
use crate::settings::Settings;
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
        let mut accepted: Vec<&TextEdit> = Vec::new();
        let findings = check_file_with(&current, settings);
        for fix in findings.iter().filter_map(|finding| finding.fix.as_ref()) {
            let clashes = fix.edits.iter().any(|edit| {
                accepted.iter().any(|taken| {
                    edit.range.start < taken.range.end && taken.range.start < edit.range.end
                        || edit.range == taken.range
                        || (edit.range.is_empty() || taken.range.is_empty())
                            && edit.range.start == taken.range.start
                })
            });
            if !clashes {
                accepted.extend(&fix.edits);
            }
        }
        if accepted.is_empty() {
            break;
        }
        text = apply_edits(&text, accepted);
    }
    text
}
