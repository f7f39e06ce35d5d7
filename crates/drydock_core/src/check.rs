//! `check`: the one entry point every front end calls.

use crate::diagnostic::{Diagnostic, Finding};
use crate::rules::{self, DockerfileContext, YamlContext};
use crate::text::LineIndex;
use crate::workspace::{FileKind, SourceFile, Workspace};

/// Checks every file of the workspace. Findings are ordered by file (in workspace order), then by
/// position.
pub fn check(workspace: &Workspace) -> Vec<Finding> {
    workspace.files.iter().flat_map(check_file).collect()
}

/// Checks one file on its own.
pub fn check_file(file: &SourceFile) -> Vec<Finding> {
    let kind = FileKind::detect(&file.name, &file.text);
    let mut diagnostics = Vec::new();
    match kind {
        FileKind::Dockerfile => {
            let tree = crate::dockerfile::parse(&file.text);
            let semantic = crate::dockerfile::analyze(&file.text, &tree);
            let ctx = DockerfileContext {
                text: &file.text,
                tree: &tree,
                semantic: &semantic,
            };
            for (_, rule) in rules::dockerfile::RULES {
                rule(&ctx, &mut diagnostics);
            }
        }
        FileKind::Kubernetes | FileKind::Yaml => {
            let ctx = YamlContext { text: &file.text };
            for (_, rule) in rules::yaml::RULES {
                rule(&ctx, &mut diagnostics);
            }
        }
        FileKind::Other => {}
    }
    into_findings(file, diagnostics)
}

fn into_findings(file: &SourceFile, mut diagnostics: Vec<Diagnostic>) -> Vec<Finding> {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    let index = LineIndex::new(&file.text);
    diagnostics
        .into_iter()
        .map(|diagnostic| Finding::new(&file.name, &index, diagnostic))
        .collect()
}
