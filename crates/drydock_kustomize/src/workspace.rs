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
    crate::kustomization::with_parse_cache(|| render_top_level(workspace, files))
}

fn render_top_level(workspace: &Workspace, files: &dyn Files) -> Vec<Rendered> {
    // Kustomizations that reach out of their folder (overlays, usually) first: what one of them
    // reads is not top-level and need not be rendered on its own (a base read by three overlays
    // is built three times, not four). A render with a cycle says nothing about what it reads.
    let mut roots: Vec<(usize, usize, String)> = workspace
        .files
        .iter()
        .filter(|file| is_kustomization_file(&file.name))
        .enumerate()
        .map(|(at, file)| (file.text.matches("../").count(), at, normalize(&file.name)))
        .collect();
    roots.sort_by_key(|root| std::cmp::Reverse(root.0));
    let mut renders: Vec<(usize, Rendered)> = Vec::new();
    let mut read: HashSet<String> = HashSet::new();
    for (_, at, root) in &roots {
        if read.contains(root) {
            continue;
        }
        let render = rendered(files, &parent(root), Options::default());
        if !render
            .findings
            .iter()
            .any(|f| f.rule == "kustomize/resource-cycle")
        {
            read.extend(render.sources.iter().map(|p| normalize(p)));
        }
        renders.push((*at, render));
    }
    // In the workspace's order, whatever the order they were rendered in.
    renders.sort_by_key(|(at, _)| *at);
    let mut renders: Vec<Rendered> = renders.into_iter().map(|(_, render)| render).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        Workspace {
            files: files
                .iter()
                .map(|(name, text)| SourceFile {
                    name: (*name).to_owned(),
                    text: (*text).to_owned(),
                })
                .collect(),
        }
    }

    fn names(renders: &[Rendered]) -> Vec<&str> {
        renders.iter().map(|r| r.name.as_str()).collect()
    }

    const APP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n";

    #[test]
    fn only_top_level_kustomizations_are_rendered_in_the_workspace_order() {
        let base = ("base/kustomization.yaml", "resources:\n  - app.yaml\n");
        let app = ("base/app.yaml", APP);
        let component = (
            "components/extra/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\ncommonAnnotations:\n  extra: \"yes\"\n",
        );
        let dev = (
            "overlays/dev/kustomization.yaml",
            "resources:\n  - ../../base\ncomponents:\n  - ../../components/extra\n",
        );
        let prod = (
            "overlays/prod/kustomization.yaml",
            "resources:\n  - ../../base\nnamePrefix: prod-\n",
        );
        let alone = ("alone/kustomization.yaml", "resources:\n  - app.yaml\n");
        let alone_app = ("alone/app.yaml", APP);
        for files in [
            [base, app, component, dev, prod, alone, alone_app],
            [prod, dev, alone_app, alone, component, app, base],
        ] {
            let renders = render_workspace(&workspace(&files));
            let mut expected = vec!["overlays/dev", "overlays/prod", "alone"];
            if files[0] == prod {
                expected = vec!["overlays/prod", "overlays/dev", "alone"];
            }
            assert_eq!(names(&renders), expected);
            assert!(renders.iter().all(|r| r.text.contains("kind: ConfigMap")));
        }
    }

    #[test]
    fn kustomizations_that_read_each_other_are_both_rendered() {
        let renders = render_workspace(&workspace(&[
            ("a/kustomization.yaml", "resources:\n  - ../b\n"),
            ("b/kustomization.yaml", "resources:\n  - ../a\n"),
        ]));
        assert_eq!(names(&renders), ["a", "b"]);
        for render in &renders {
            assert!(
                render
                    .findings
                    .iter()
                    .any(|f| f.rule == "kustomize/resource-cycle"),
                "{:?}",
                render.findings
            );
        }
    }

    #[test]
    fn the_parse_cache_keeps_what_the_last_render_read() {
        let files = [
            ("base/kustomization.yaml", "resources:\n  - app.yaml\n"),
            ("base/app.yaml", APP),
            ("o/kustomization.yaml", "resources:\n  - ../base\n"),
        ];
        let first = render_workspace(&workspace(&files));
        let again = render_workspace(&workspace(&files));
        assert_eq!(first, again);
        let kept = || {
            crate::kustomization::PARSED
                .with(|cache| cache.borrow().as_ref().map_or(0, |c| c.len()))
        };
        assert_eq!(kept(), 3);
        // A file edited: its old text is dropped after the next render.
        let edited = [
            files[0],
            (
                "base/app.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n",
            ),
            files[2],
        ];
        let renders = render_workspace(&workspace(&edited));
        assert!(renders.iter().all(|r| r.text.contains("kind: Secret")));
        assert_eq!(kept(), 3);
    }
}
