//! `IncrementalCheck` gives exactly what `check_file_in_workspace` gives on the whole text: on
//! every manifest of the corpus, on bundles of several of them in one file (so that rules that
//! look across documents meet objects of other documents), and after random edits that insert or
//! delete characters, document markers included.

use std::path::PathBuf;

use drydock_core::incremental::{FILE_LEVEL, IncrementalCheck};
use drydock_core::k8s::Crds;
use drydock_core::{Finding, Settings, SourceFile, check_file_in_workspace};

fn corpus() -> Vec<SourceFile> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/k8s");
    let mut paths = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            SourceFile {
                name: path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
            }
        })
        .collect()
}

/// Every rule on, the opt-in ones included (the file-level rules are opt-in).
fn every_rule() -> Settings {
    let mut settings = Settings::new();
    for rule in drydock_core::rules::all() {
        settings.enable(rule.id);
    }
    settings
}

fn assert_same(
    checker: &mut IncrementalCheck,
    file: &SourceFile,
    settings: &Settings,
    crds: &Crds,
    what: &str,
) {
    let incremental = checker.check(file, settings, crds);
    let whole = check_file_in_workspace(file, settings, crds);
    if incremental != whole {
        let show = |findings: &[Finding]| {
            findings
                .iter()
                .map(|f| format!("  {:?} {} {}", f.range, f.rule, f.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{what}: {} differs\nincremental:\n{}\nwhole:\n{}\ntext:\n{}",
            file.name,
            show(&incremental),
            show(&whole),
            file.text
        );
    }
}

/// A small deterministic generator (xorshift64*), so that a failure replays.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INSERTS: &[&str] = &[
    "---\n",
    "\n---\n",
    "---",
    "...\n",
    "\n",
    "\r\n",
    " ",
    "  ",
    "#",
    "-",
    ":",
    "x",
    "é",
    "\t",
    "\u{feff}",
    "a: b\n",
    "kind: Service\n",
    "apiVersion: v1\n",
    "%YAML 1.2\n",
    "'",
    "\"",
    "{",
    "&a ",
    "*a",
];

/// Inserts or deletes a few characters at a random place (on a character boundary).
fn edit(text: &mut String, random: &mut Random) {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    // Half of the edits at the start of a line, where markers matter.
    let at = if random.below(2) == 0 {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        starts[random.below(starts.len())]
    } else {
        boundaries[random.below(boundaries.len())]
    };
    if random.below(3) == 0 && at < text.len() {
        let from = boundaries.iter().position(|&b| b == at).unwrap();
        let to = boundaries[(from + 1 + random.below(6)).min(boundaries.len() - 1)];
        text.replace_range(at..to, "");
    } else {
        text.insert_str(at, INSERTS[random.below(INSERTS.len())]);
    }
}

#[test]
fn every_corpus_manifest_checks_the_same_whole_and_by_document() {
    let files = corpus();
    assert!(files.len() > 900, "the corpus has {} files", files.len());
    let crds = Crds::default();
    // Every rule on: the default rules are a subset, with the same severities. Files spread
    // over the cores: the corpus is large for a debug build.
    let settings = every_rule();
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    std::thread::scope(|scope| {
        for part in files.chunks(files.len().div_ceil(threads)) {
            let (settings, crds) = (&settings, &crds);
            scope.spawn(move || {
                for file in part {
                    assert_same(&mut IncrementalCheck::new(), file, settings, crds, "corpus");
                }
            });
        }
    });
    println!("{} corpus files", files.len());
}

#[test]
fn random_edits_check_the_same_whole_and_by_document() {
    let files = corpus();
    let settings = every_rule();
    let crds = Crds::default();
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut edits = 0;
    // Every sixteenth file, so the debug build stays quick; each gets a run of edits on one checker.
    for file in files.iter().step_by(16) {
        let mut checker = IncrementalCheck::new();
        let mut file = file.clone();
        assert_same(&mut checker, &file, &settings, &crds, "before editing");
        for round in 0..3 {
            edit(&mut file.text, &mut random);
            edits += 1;
            assert_same(
                &mut checker,
                &file,
                &settings,
                &crds,
                &format!("edit {round}"),
            );
        }
    }
    println!("{edits} random edits");
}

/// Documents of several corpus files in one file: ServiceAccounts beside Deployments, HPAs beside
/// what they scale, ignore annotations beside other objects. A rule that reads other documents
/// of its file and is missing from `FILE_LEVEL` shows up here.
#[test]
fn bundles_of_corpus_manifests_check_the_same_whole_and_by_document() {
    let files = corpus();
    let crds = Crds::default();
    let mut random = Random(0x2545_f491_4f6c_dd1d);
    let settings = every_rule();
    {
        for _ in 0..20 {
            let mut text = String::new();
            for _ in 0..6 {
                let part = &files[random.below(files.len())].text;
                text.push_str(part);
                if !part.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str("---\n");
            }
            let mut file = SourceFile {
                name: "bundle.yaml".into(),
                text,
            };
            let mut checker = IncrementalCheck::new();
            assert_same(&mut checker, &file, &settings, &crds, "bundle");
            for _ in 0..2 {
                edit(&mut file.text, &mut random);
                assert_same(&mut checker, &file, &settings, &crds, "edited bundle");
            }
        }
    }
    assert!(
        FILE_LEVEL
            .iter()
            .all(|id| drydock_core::rules::by_id(id).is_some())
    );
}

/// Typing in one document of a long stream re-checks that document only; settings or CRDs that
/// change re-check everything.
#[test]
fn an_edit_rechecks_only_its_document() {
    let mut text = String::new();
    for n in 0..50 {
        text.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{n}\nspec:\n  ports:\n    - port: 80\n"
        ));
    }
    let mut file = SourceFile {
        name: "bundle.yaml".into(),
        text,
    };
    let (settings, crds) = (Settings::default(), Crds::default());
    let mut checker = IncrementalCheck::new();
    checker.check(&file, &settings, &crds);
    assert_eq!(checker.rechecked(), 50);
    file.text.insert_str(file.text.len() / 2, "  # typing\n");
    assert_same(&mut checker, &file, &settings, &crds, "one edit");
    assert_eq!(checker.rechecked(), 1);
    file.text.insert_str(0, "# a comment before everything\n");
    assert_same(&mut checker, &file, &settings, &crds, "an edit before");
    assert_eq!(checker.rechecked(), 1, "the other documents only moved");
    assert_same(&mut checker, &file, &every_rule(), &crds, "other settings");
    assert_eq!(
        checker.rechecked(),
        51,
        "the comment is a document of its own"
    );
}

/// The files under `root` (a directory of the repository or of `../shared`), named from it.
fn tree(root: &std::path::Path) -> Vec<SourceFile> {
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

/// `WorkspaceCheck` (the playground's workspace pass, kept between keystrokes) gives exactly
/// what `check_workspace_rules_with_renders` gives, on kustomization trees and after random
/// edits of the files their renders read, kustomization files included (an edit there changes
/// which documents the renders hold, or breaks them).
#[test]
fn the_kept_workspace_pass_checks_renders_the_same_as_the_whole_pass() {
    use drydock_core::incremental::WorkspaceCheck;
    use drydock_core::kustomize::render_workspace;
    use drydock_core::{Workspace, check_workspace_rules_with_renders};
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // Two trees of kustomizations, and two of plain manifests (the pass over plain files alone,
    // as the page runs it when no kustomization is there).
    let trees = [
        here.join("../../tests/data/overlay-tree"),
        here.join("../../../shared/corpus/kustomize/GoogleCloudPlatform+microservices-demo"),
        here.join("../../../shared/corpus/k8s/GoogleCloudPlatform+microservices-demo"),
        here.join("../../../shared/corpus/k8s/argoproj+argocd-example-apps"),
    ];
    for (root, settings) in trees
        .iter()
        .flat_map(|root| [(root, Settings::default()), (root, every_rule())])
    {
        let mut workspace = Workspace { files: tree(root) };
        let mut kept = WorkspaceCheck::new();
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let plain = !workspace
            .files
            .iter()
            .any(|f| f.name.ends_with("kustomization.yaml"));
        let mut compared_with_renders = 0;
        for round in 0..40 {
            let renders = render_workspace(&workspace);
            compared_with_renders += usize::from(!renders.is_empty());
            let incremental = kept.check(&workspace, &settings, &renders);
            let whole = check_workspace_rules_with_renders(&workspace, &settings, &renders);
            if incremental != whole {
                let show = |findings: &[Finding]| {
                    findings
                        .iter()
                        .map(|f| format!("  {} {:?} {} {}", f.path, f.range, f.rule, f.message))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                panic!(
                    "{} after {round} edits: the kept pass differs\nkept:\n{}\nwhole:\n{}",
                    root.display(),
                    show(&incremental),
                    show(&whole)
                );
            }
            // Mostly the YAML the renders read; now and then a kustomization.
            let yaml: Vec<usize> = (0..workspace.files.len())
                .filter(|&i| {
                    let name = &workspace.files[i].name;
                    name.ends_with(".yaml") || name.ends_with(".yml")
                })
                .collect();
            let at = yaml[random.below(yaml.len())];
            edit(&mut workspace.files[at].text, &mut random);
        }
        assert!(
            plain || compared_with_renders > 20,
            "{}: the renders broke too often to compare ({compared_with_renders} of 40)",
            root.display()
        );
    }
}

/// What a render's objects are found to have across files depends on the plain files beside it:
/// a plain HorizontalPodAutoscaler that scales a Deployment an overlay renders (with `replicas`)
/// is reported on the base that Deployment comes from; pointed elsewhere, it is not. The kept
/// pass must not reuse what the unchanged render found beside the old plain file.
#[test]
fn the_kept_workspace_pass_sees_a_plain_file_change_beside_an_unchanged_render() {
    use drydock_core::incremental::WorkspaceCheck;
    use drydock_core::kustomize::render_workspace;
    use drydock_core::{Workspace, check_workspace_rules_with_renders};
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut workspace = Workspace {
        files: tree(&here.join("../../tests/data/overlay-tree")),
    };
    workspace.files.push(SourceFile {
        name: "plain/hpa.yaml".to_owned(),
        text: "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: extra\n  namespace: shop-dev\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: dev-app-2\n  minReplicas: 1\n  maxReplicas: 3\n".to_owned(),
    });
    let settings = Settings::default();
    let scaled = |findings: &[Finding]| {
        findings
            .iter()
            .any(|f| f.rule == "kubernetes/replicas-with-hpa" && f.path == "base/deploy-2.yaml")
    };
    let renders = render_workspace(&workspace);
    let mut kept = WorkspaceCheck::new();
    let before = kept.check(&workspace, &settings, &renders);
    assert!(scaled(&before), "the plain autoscaler scales dev-app-2");
    if let Some(hpa) = workspace.files.last_mut() {
        hpa.text = hpa.text.replace("name: dev-app-2", "name: elsewhere");
    }
    let renders = render_workspace(&workspace);
    let after = kept.check(&workspace, &settings, &renders);
    assert_eq!(
        after,
        check_workspace_rules_with_renders(&workspace, &settings, &renders)
    );
    assert!(!scaled(&after), "the autoscaler scales something else now");
}
