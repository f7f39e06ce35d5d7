//! Code actions: each finding's fix as a quick fix, every fix of a file at once
//! (`source.fixAll.drydock`, as `drydock check --fix` applies them), and the edit that silences
//! a finding (`ignore.rs`: a Dockerfile's pragma, a manifest's annotation).

use std::collections::HashMap;

use drydock_core::{FileKind, Finding, Settings, SourceFile, TextRange};
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Url, WorkspaceEdit};

use super::findings;
use super::ignore;
use super::position::Lines;
use super::rule_docs::RuleDocs;

/// The kind of the action that applies every fix of a file.
pub const FIX_ALL: &str = "source.fixAll.drydock";

/// What a code action request is about.
pub struct Request<'a> {
    pub uri: &'a Url,
    pub name: &'a str,
    pub text: &'a str,
    /// The range asked about, in bytes: the quick fixes are those of findings touching it.
    pub range: TextRange,
    /// The kinds the client wants (`context.only`); `None` for all.
    pub only: Option<&'a [CodeActionKind]>,
    /// The rules' pages, for the diagnostics as they were published.
    pub docs: &'a RuleDocs,
}

pub fn actions(
    request: &Request<'_>,
    findings: &[Finding],
    lines: &Lines<'_>,
    settings: &Settings,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    let wanted = |kind: &str| {
        request.only.is_none_or(|only| {
            only.iter().any(|asked| {
                let asked = asked.as_str();
                kind == asked
                    || kind
                        .strip_prefix(asked)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };
    if wanted(CodeActionKind::QUICKFIX.as_str()) {
        let kind = FileKind::detect(request.name, request.text);
        let dockerfile =
            (kind == FileKind::Dockerfile).then(|| drydock_core::dockerfile::parse(request.text));
        let manifest =
            (kind == FileKind::Kubernetes).then(|| drydock_core::yaml::parse(request.text));
        for finding in findings.iter().filter(|f| touches(f.range, request.range)) {
            let diagnostic = findings::diagnostic(finding, lines, request.uri, request.docs);
            if let Some(fix) = &finding.fix {
                let edits = fix
                    .edits
                    .iter()
                    .map(|edit| TextEdit {
                        range: lines.range(edit.range),
                        new_text: edit.replacement.clone(),
                    })
                    .collect();
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(edit_of(request.uri, edits)),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                }));
            }
            let suppression = match (&dockerfile, &manifest) {
                (Some(tree), _) => ignore::in_dockerfile(request.text, tree, finding),
                (_, Some(stream)) => ignore::in_manifest(request.text, stream, finding),
                _ => None,
            };
            if let Some(suppression) = suppression {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: suppression.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(edit_of(
                        request.uri,
                        vec![TextEdit {
                            range: lines.range(suppression.range),
                            new_text: suppression.text,
                        }],
                    )),
                    ..CodeAction::default()
                }));
            }
        }
    }
    if wanted(FIX_ALL) && findings.iter().any(|finding| finding.fix.is_some()) {
        let file = SourceFile {
            name: request.name.to_owned(),
            text: request.text.to_owned(),
        };
        let fixed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            drydock_core::fix_all(&file, settings)
        }))
        .unwrap_or_else(|_| file.text.clone());
        let edits: Vec<TextEdit> = differences(request.text, &fixed)
            .into_iter()
            .map(|(range, new_text)| TextEdit {
                range: lines.range(range),
                new_text,
            })
            .collect();
        if !edits.is_empty() {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all Drydock findings in this file".to_owned(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(edit_of(request.uri, edits)),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

/// Whether a finding's range meets the requested one (an empty request range, the cursor,
/// meets a finding it sits in or at either end of).
fn touches(finding: TextRange, asked: TextRange) -> bool {
    finding.start <= asked.end && asked.start <= finding.end
}

/// Edits that turn `before` into `after`, one per changed run of lines, each narrowed to what
/// changed in it: a fixed file's edits stay where its fixes were, so the client keeps the cursor
/// and the folds elsewhere.
fn differences(before: &str, after: &str) -> Vec<(TextRange, String)> {
    let diff = similar::TextDiff::from_lines(before, after);
    let starts = |slices: &[&str]| -> Vec<usize> {
        let mut starts = vec![0];
        let mut at = 0;
        for slice in slices {
            at += slice.len();
            starts.push(at);
        }
        starts
    };
    let (old_starts, new_starts) = (starts(diff.old_slices()), starts(diff.new_slices()));
    diff.ops()
        .iter()
        .filter(|op| op.tag() != similar::DiffTag::Equal)
        .filter_map(|op| {
            let (old, new) = (op.old_range(), op.new_range());
            let start = *old_starts.get(old.start)?;
            let end = *old_starts.get(old.end)?;
            let replaced = before.get(start..end)?;
            let replacement = after.get(*new_starts.get(new.start)?..*new_starts.get(new.end)?)?;
            let (range, text) = difference(replaced, replacement)?;
            Some((TextRange::new(start + range.start, start + range.end), text))
        })
        .collect()
}

/// The one edit that turns `before` into `after`: the span between their common prefix and
/// suffix (on character boundaries), or `None` when they are equal.
fn difference(before: &str, after: &str) -> Option<(TextRange, String)> {
    if before == after {
        return None;
    }
    let prefix: usize = before
        .chars()
        .zip(after.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let (rest_before, rest_after) = (before.get(prefix..)?, after.get(prefix..)?);
    let suffix: usize = rest_before
        .chars()
        .rev()
        .zip(rest_after.chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let replaced = TextRange::new(prefix, before.len() - suffix);
    let mut new_text = rest_after.get(..rest_after.len() - suffix)?.to_owned();
    // An insertion can slide left over what it ends with: stop at the start of a word, so that
    // `-y` becoming `--no-install-recommends -y` inserts the option, not `-no-install-recommends -`.
    let mut at = replaced.start;
    if replaced.is_empty() {
        while let Some(previous) = before.get(..at).and_then(|head| head.chars().next_back()) {
            if previous.is_whitespace() || !new_text.ends_with(previous) {
                break;
            }
            new_text.pop();
            new_text.insert(0, previous);
            at -= previous.len_utf8();
        }
    }
    Some((TextRange::new(at, at + replaced.len()), new_text))
}

fn edit_of(uri: &Url, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_difference_is_one_span() {
        assert_eq!(difference("abc", "abc"), None);
        assert_eq!(
            difference("COPY. /app\n", "COPY . /app\n"),
            Some((TextRange::new(4, 4), " ".to_owned()))
        );
        // A shared suffix never overlaps the shared prefix.
        assert_eq!(
            difference("aa", "aaa"),
            Some((TextRange::new(0, 0), "a".to_owned()))
        );
        // An insertion starts a word where it can.
        assert_eq!(
            difference("install -y curl", "install --no-install-recommends -y curl"),
            Some((TextRange::new(8, 8), "--no-install-recommends ".to_owned()))
        );
        assert_eq!(
            difference("a é-x", "a é--x"),
            Some((TextRange::new(4, 4), "-".to_owned()))
        );
        assert_eq!(
            difference("é1é", "é2é"),
            Some((TextRange::new(2, 3), "2".to_owned()))
        );
        let before = "FROM a\nRUN x\nRUN y\nCMD z\n";
        let after = "FROM a\nRUN xx\nRUN y\nCMD zz\nEXPOSE 80\n";
        let edits = differences(before, after);
        assert_eq!(
            edits,
            [
                (TextRange::new(11, 11), "x".to_owned()),
                (TextRange::new(24, 24), "z\nEXPOSE 80".to_owned()),
            ]
        );
        let mut applied = before.to_owned();
        for (range, text) in edits.iter().rev() {
            applied.replace_range(range.start..range.end, text);
        }
        assert_eq!(applied, after);
    }
}
