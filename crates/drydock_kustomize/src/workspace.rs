//! The kustomizations of a workspace: which are top-level, rendered for checking, and which files
//! they read. What the CLI's check, the façade and the playground's engine share.

use std::collections::HashSet;
use std::rc::Rc;

use crate::files::{Files, Indexed, normalize, parent};
use drydock_base::rendered::Rendered;
pub use drydock_base::rendered::{owned, owns};
use drydock_base::workspace::{SourceFile, Workspace};

/// Renders every top-level kustomization of the workspace: those no other kustomization of the
/// workspace includes, components excepted. Renders read the workspace's files.
pub fn render_workspace(workspace: &Workspace) -> Vec<Rendered> {
    render_workspace_shared(workspace)
        .into_iter()
        .map(Rc::unwrap_or_clone)
        .collect()
}

/// [`render_workspace`], each render shared with the renders kept for the next call rather than
/// copied out of them (the playground's engine only writes them to the page).
pub fn render_workspace_shared(workspace: &Workspace) -> Vec<Rc<Rendered>> {
    if !workspace
        .files
        .iter()
        .any(|f| is_kustomization_file(&f.name))
    {
        return Vec::new();
    }
    render_shared_with(workspace, &Indexed::new(workspace))
}

/// [`render_workspace`], reading through `files` (the CLI passes the disk around the workspace:
/// it discovers only manifests, and a kustomization also reads env files and the like).
pub fn render_with(workspace: &Workspace, files: &dyn Files) -> Vec<Rendered> {
    render_shared_with(workspace, files)
        .into_iter()
        .map(Rc::unwrap_or_clone)
        .collect()
}

fn render_shared_with(workspace: &Workspace, files: &dyn Files) -> Vec<Rc<Rendered>> {
    crate::kustomization::with_parse_cache(|| {
        crate::emit::kept::with_printed_kept(|| {
            memo::with_renders_kept(|| render_top_level(workspace, files))
        })
    })
}

fn render_top_level(workspace: &Workspace, files: &dyn Files) -> Vec<Rc<Rendered>> {
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
    let mut renders: Vec<(usize, Rc<Rendered>)> = Vec::new();
    let mut read: HashSet<String> = HashSet::new();
    for (_, at, root) in &roots {
        if read.contains(root) {
            continue;
        }
        let render = memo::rendered(files, &parent(root));
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
    let mut renders: Vec<Rc<Rendered>> = renders.into_iter().map(|(_, render)| render).collect();
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

/// Renders kept between calls, on this thread: a render is a function of what it asked of its
/// files (each text read, each folder listed, each path found to be a folder or not), so when
/// every question gets the same answer again, the render is the same and is not made again. A
/// keystroke in one overlay's patch renders that overlay only; one in a file no kustomization
/// reads renders none.
mod memo {
    use std::cell::RefCell;
    use std::rc::Rc;

    use crate::Options;
    use crate::files::Files;
    use drydock_base::rendered::Rendered;

    /// A question a render asked of its files, with the answer it got.
    #[derive(PartialEq)]
    enum Asked {
        Read(String, Option<String>),
        ReadBytes(String, Option<Vec<u8>>),
        IsDir(String, bool),
        List(String, Vec<String>),
    }

    impl Asked {
        /// Whether `files` answers the question the same way now.
        fn still_holds(&self, files: &dyn Files) -> bool {
            match self {
                Asked::Read(path, text) => &files.read(path) == text,
                Asked::ReadBytes(path, bytes) => &files.read_bytes(path) == bytes,
                Asked::IsDir(path, dir) => files.is_dir(path) == *dir,
                Asked::List(path, names) => &files.list(path) == names,
            }
        }
    }

    /// The files, with every question asked of them written down.
    struct Recording<'f> {
        files: &'f dyn Files,
        asked: RefCell<Vec<Asked>>,
    }

    impl Files for Recording<'_> {
        fn read(&self, path: &str) -> Option<String> {
            let text = self.files.read(path);
            self.asked
                .borrow_mut()
                .push(Asked::Read(path.to_owned(), text.clone()));
            text
        }

        fn read_bytes(&self, path: &str) -> Option<Vec<u8>> {
            let bytes = self.files.read_bytes(path);
            self.asked
                .borrow_mut()
                .push(Asked::ReadBytes(path.to_owned(), bytes.clone()));
            bytes
        }

        fn is_dir(&self, path: &str) -> bool {
            let dir = self.files.is_dir(path);
            self.asked
                .borrow_mut()
                .push(Asked::IsDir(path.to_owned(), dir));
            dir
        }

        fn list(&self, path: &str) -> Vec<String> {
            let names = self.files.list(path);
            self.asked
                .borrow_mut()
                .push(Asked::List(path.to_owned(), names.clone()));
            names
        }
    }

    struct Kept {
        dir: String,
        asked: Vec<Asked>,
        render: Rc<Rendered>,
        used: bool,
    }

    thread_local! {
        /// `None` outside [`with_renders_kept`]: nothing is kept then.
        static KEPT: RefCell<Option<Vec<Kept>>> = const { RefCell::new(None) };
    }

    /// Runs `work` with the renders of the last call at hand; those `work` did not use are
    /// dropped after it.
    pub(super) fn with_renders_kept<T>(work: impl FnOnce() -> T) -> T {
        KEPT.with(|kept| {
            for kept in kept.borrow_mut().get_or_insert_with(Vec::new) {
                kept.used = false;
            }
        });
        let out = work();
        KEPT.with(|kept| {
            if let Some(kept) = kept.borrow_mut().as_mut() {
                kept.retain(|k| k.used);
            }
        });
        out
    }

    /// The kustomization in `dir` rendered ([`crate::rendered`]), or the same render kept from
    /// the last call when its files answer every question it asked as they did then.
    pub(super) fn rendered(files: &dyn Files, dir: &str) -> Rc<Rendered> {
        let hit = KEPT.with(|kept| {
            let mut kept = kept.borrow_mut();
            let found = kept
                .as_mut()?
                .iter_mut()
                .find(|k| k.dir == dir && k.asked.iter().all(|asked| asked.still_holds(files)))?;
            found.used = true;
            // What it read stays parsed, for the next render that misses.
            for asked in &found.asked {
                if let Asked::Read(_, Some(text)) = asked {
                    crate::kustomization::keep_parsed(text);
                }
            }
            Some(Rc::clone(&found.render))
        });
        if let Some(render) = hit {
            return render;
        }
        let recording = Recording {
            files,
            asked: RefCell::new(Vec::new()),
        };
        let render = Rc::new(crate::rendered(&recording, dir, Options::default()));
        KEPT.with(|kept| {
            if let Some(kept) = kept.borrow_mut().as_mut() {
                kept.retain(|k| k.dir != dir);
                kept.push(Kept {
                    dir: dir.to_owned(),
                    asked: recording.asked.into_inner(),
                    render: Rc::clone(&render),
                    used: true,
                });
            }
        });
        render
    }
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

    /// Overlays that read one base in different states (field specs and vars from an earlier
    /// base, an OpenAPI schema, build metadata, a name prefix of their own) render as each
    /// does alone, where nothing is kept, twice over (the second time with what the first kept).
    #[test]
    fn a_base_shared_by_overlays_renders_as_it_does_alone() {
        let files = [
            (
                "base/kustomization.yaml",
                "resources:\n  - app.yaml\nvars:\n  - name: APP\n    objref:\n      kind: ConfigMap\n      name: app\n      apiVersion: v1\n",
            ),
            ("base/app.yaml", APP),
            (
                "other/kustomization.yaml",
                "resources:\n  - svc.yaml\nconfigurations:\n  - conf.yaml\nvars:\n  - name: OTHER\n    objref:\n      kind: Service\n      name: svc\n      apiVersion: v1\n",
            ),
            (
                "other/svc.yaml",
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  x: $(APP)\n",
            ),
            (
                "other/conf.yaml",
                "varReference:\n  - path: spec/x\n    kind: Service\n",
            ),
            (
                "a/kustomization.yaml",
                "resources:\n  - ../../base\nnamePrefix: a-\n",
            ),
            (
                "b/kustomization.yaml",
                "resources:\n  - ../other\n  - ../base\n",
            ),
            (
                "c/kustomization.yaml",
                "resources:\n  - ../base\nbuildMetadata: [originAnnotations]\n",
            ),
            (
                "d/kustomization.yaml",
                "resources:\n  - ../base\nopenapi:\n  version: v1.21.2\n",
            ),
            (
                "e/kustomization.yaml",
                "resources:\n  - ../base\n  - ../base\n",
            ),
            ("f/kustomization.yaml", "resources:\n  - ../base\n"),
        ];
        let ws = workspace(&files);
        for _ in 0..2 {
            let renders = render_workspace(&ws);
            assert!(renders.len() >= 6, "{:?}", names(&renders));
            let alone = std::thread::spawn({
                let ws = ws.clone();
                move || {
                    let files = Indexed::new(&ws);
                    let names: Vec<String> =
                        render_workspace(&ws).into_iter().map(|r| r.name).collect();
                    names
                        .iter()
                        .map(|name| crate::rendered(&files, name, crate::Options::default()))
                        .collect::<Vec<_>>()
                }
            })
            .join()
            .unwrap();
            assert_eq!(renders, alone);
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
