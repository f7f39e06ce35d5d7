//! The kustomizations of a workspace: which are top-level, rendered for checking, and which files
//! they read. What the CLI's check, the façade and the playground's engine share.

use std::collections::HashSet;

use crate::files::{Files, Indexed, normalize, parent};
use crate::{Options, rendered};
use drydock_base::rendered::Rendered;
pub use drydock_base::rendered::{owned, owns};
use drydock_base::workspace::{SourceFile, Workspace};

/// Renders every top-level kustomization of the workspace: those no other kustomization of the
/// workspace includes, components excepted. Renders read the workspace's files.
pub fn render_workspace(workspace: &Workspace) -> Vec<Rendered> {
    if !workspace
        .files
        .iter()
        .any(|f| is_kustomization_file(&f.name))
    {
        return Vec::new();
    }
    render_with(workspace, &Indexed::new(workspace))
}

/// [`render_workspace`], reading through `files` (the CLI passes the disk around the workspace:
/// it discovers only manifests, and a kustomization also reads env files and the like).
pub fn render_with(workspace: &Workspace, files: &dyn Files) -> Vec<Rendered> {
    let dirs: Vec<String> = workspace
        .files
        .iter()
        .filter(|file| is_kustomization_file(&file.name))
        .map(|file| parent(&normalize(&file.name)))
        .collect();
    let mut renders: Vec<Rendered> = dirs
        .iter()
        .map(|dir| rendered(files, dir, Options::default()))
        .collect();
    // A kustomization another one read (a base, a component) is not top-level, unless they read
    // each other (a cycle, which each of them reports).
    let roots: Vec<Option<String>> = renders
        .iter()
        .map(|r| {
            r.root
                .and_then(|at| r.sources.get(at))
                .map(|p| normalize(p))
        })
        .collect();
    let reads: Vec<HashSet<String>> = renders
        .iter()
        .map(|r| r.sources.iter().map(|p| normalize(p)).collect())
        .collect();
    let keep: Vec<bool> = roots
        .iter()
        .enumerate()
        .map(|(i, root)| {
            let Some(root) = root else { return false };
            let included = (0..renders.len()).any(|j| {
                j != i
                    && reads.get(j).is_some_and(|r| r.contains(root))
                    && roots
                        .get(j)
                        .and_then(Option::as_ref)
                        .is_some_and(|other| reads.get(i).is_none_or(|r| !r.contains(other)))
            });
            let is_component =
                find(workspace, root).is_some_and(|file| file.text.contains("kind: Component"));
            !included && !is_component
        })
        .collect();
    let mut keep = keep.into_iter();
    renders.retain(|_| keep.next().unwrap_or(false));
    renders
}

fn find<'w>(workspace: &'w Workspace, path: &str) -> Option<&'w SourceFile> {
    let path = normalize(path);
    workspace.files.iter().find(|f| normalize(&f.name) == path)
}

/// True for the names kustomize looks for in a folder.
pub fn is_kustomization_file(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or(name);
    crate::kustomization::FILE_NAMES.contains(&base)
}
