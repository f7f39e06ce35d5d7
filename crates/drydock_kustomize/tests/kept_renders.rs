//! Renders kept between calls (`render_workspace` on one thread reuses a render when its files
//! answer every question it asked as before) are the renders made anew: on kustomization trees,
//! after random edits of their files, kustomizations and patches included, and after files are
//! added and removed. The reference is each workspace rendered on a fresh thread, where nothing
//! is kept from an earlier call, and each of its kustomizations rendered on its own as well
//! (outside `render_workspace`, where no printed object is kept either: `emit::kept`).

use std::path::{Path, PathBuf};

use drydock_base::{SourceFile, Workspace};
use drydock_kustomize::files::Indexed;
use drydock_kustomize::workspace::render_workspace;

fn tree(root: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                let name = path.strip_prefix(root).unwrap().to_string_lossy();
                files.push(SourceFile {
                    name: name.replace('\\', "/"),
                    text,
                });
            }
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// A small deterministic generator (xorshift64*), so that a failure replays.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&str] = &["x", "1", " ", "\n", "-", ": ", "---\n", "../", "#"];

/// One edit: a few characters inserted or deleted in a file, a file removed, or a copy of one
/// added under a new name.
fn edit(workspace: &mut Workspace, random: &mut Random) {
    let files = &mut workspace.files;
    let at = random.below(files.len());
    match random.below(10) {
        0 if files.len() > 2 => {
            files.remove(at);
        }
        1 => {
            let copy = SourceFile {
                name: format!("{}.copy.yaml", files[at].name.trim_end_matches(".yaml")),
                text: files[at].text.clone(),
            };
            files.push(copy);
        }
        _ => {
            let text = &mut files[at].text;
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let from = boundaries[random.below(boundaries.len())];
            if random.below(3) == 0 && from < text.len() {
                let to = boundaries
                    .iter()
                    .copied()
                    .find(|&b| b > from)
                    .unwrap_or(text.len());
                text.replace_range(from..to, "");
            } else {
                text.insert_str(from, INSERTS[random.below(INSERTS.len())]);
            }
        }
    }
}

#[test]
fn kept_renders_are_the_renders_made_anew() {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for root in [
        here.join("../../tests/data/overlay-tree"),
        here.join("../../../shared/corpus/kustomize/GoogleCloudPlatform+microservices-demo"),
    ] {
        let mut workspace = Workspace { files: tree(&root) };
        let mut random = Random(0x2545_f491_4f6c_dd1d);
        let mut rendered = 0;
        for round in 0..60 {
            let kept = render_workspace(&workspace);
            let fresh = {
                let workspace = workspace.clone();
                std::thread::spawn(move || {
                    let renders = render_workspace(&workspace);
                    // Outside `render_workspace`, nothing is kept: each kustomization is built
                    // and printed anew.
                    let files = Indexed::new(&workspace);
                    for render in &renders {
                        let alone = drydock_kustomize::rendered(
                            &files,
                            &render.name,
                            drydock_kustomize::Options::default(),
                        );
                        assert!(
                            *render == alone,
                            "{}: rendered with shared builds, it differs from its render alone",
                            render.name
                        );
                    }
                    renders
                })
                .join()
                .unwrap()
            };
            assert!(
                kept == fresh,
                "{} after {round} edits: a kept render differs from the render made anew",
                root.display()
            );
            rendered += usize::from(!kept.is_empty());
            edit(&mut workspace, &mut random);
        }
        assert!(
            rendered > 30,
            "{}: too few renders compared",
            root.display()
        );
    }
}
