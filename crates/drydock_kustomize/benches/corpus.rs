//! How fast Drydock renders real kustomizations (`cargo xtask bench corpus`, and
//! `cargo xtask kustomize-speed`, which also times `kubectl kustomize` on them).
//!
//! Every top-level kustomization of `../shared/corpus/kustomize` that the reference builds (`ok`
//! in `../shared/conformance/kustomize/corpus-renders/_index.tsv`, with its flags), rendered in
//! one process, one after another:
//!
//! - `kustomize_render/corpus`: read from the disk, as `drydock render` reads (the renderer plus
//!   file reads; no process start, no printing);
//! - `kustomize_render/corpus_in_memory`: each repository's files loaded once beforehand, the
//!   renderer alone;
//! - `kustomize_render/corpus_and_print`: from the disk, and printed to YAML as the CLI prints.
//!
//! Before them, the median of a few passes of the first is printed with the ratio to the time
//! `kubectl kustomize` took over the same kustomizations, one process each, passed in
//! `DRYDOCK_KUBECTL_KUSTOMIZE_SECONDS` by `cargo xtask kustomize-speed` (a recorded figure
//! otherwise). Without `../shared`, the benchmark says so and measures nothing.

use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use drydock_kustomize::files::{Files, Indexed};
use drydock_kustomize::{Node, Options, emit, render};

/// kubectl kustomize over the same 480 kustomizations, one process each, as
/// `cargo xtask kustomize-speed` last measured it (2 shared cores, under load).
const RECORDED_KUBECTL_SECONDS: f64 = 79.15;

/// The disk, as the CLI reads it.
struct Disk;

impl Files for Disk {
    fn read(&self, path: &str) -> Option<String> {
        let path = Path::new(path);
        if !path.is_file() {
            return None;
        }
        std::fs::read_to_string(path).ok()
    }
    fn read_bytes(&self, path: &str) -> Option<Vec<u8>> {
        let path = Path::new(path);
        if !path.is_file() {
            return None;
        }
        std::fs::read(path).ok()
    }
    fn is_dir(&self, path: &str) -> bool {
        Path::new(path).is_dir()
    }
    fn list(&self, path: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// One repository's files in memory, text indexed, the rest as bytes.
struct Memory<'w> {
    text: Indexed<'w>,
    binary: &'w HashMap<String, Vec<u8>>,
}

impl Files for Memory<'_> {
    fn read(&self, path: &str) -> Option<String> {
        self.text.read(path)
    }
    fn read_bytes(&self, path: &str) -> Option<Vec<u8>> {
        self.text.read(path).map(String::into_bytes).or_else(|| {
            self.binary
                .get(&drydock_kustomize::files::normalize(path))
                .cloned()
        })
    }
    fn is_dir(&self, path: &str) -> bool {
        self.text.is_dir(path)
    }
    fn list(&self, path: &str) -> Vec<String> {
        self.text.list(path)
    }
}

/// A repository's files by their paths in it: the UTF-8 ones as text, the others as bytes.
struct Loaded {
    text: Vec<(String, String)>,
    binary: HashMap<String, Vec<u8>>,
}

/// Every file below `root`.
fn load(root: &Path) -> Loaded {
    let (mut text, mut binary) = (Vec::new(), HashMap::new());
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let name = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            match String::from_utf8(bytes) {
                Ok(string) => text.push((name, string)),
                Err(error) => {
                    binary.insert(name, error.into_bytes());
                }
            }
        }
    }
    Loaded { text, binary }
}

/// A kustomization to render: its repository, its folder in it, its options.
struct Case {
    repository: String,
    dir: String,
    options: Options,
}

fn cases(shared: &Path) -> (Vec<Case>, u64) {
    let index = shared.join("conformance/kustomize/corpus-renders/_index.tsv");
    let text = std::fs::read_to_string(&index).unwrap_or_default();
    let mut cases = Vec::new();
    let mut bytes = 0;
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [path, flags, "ok", _, size, ..] = fields.as_slice() else {
            continue;
        };
        let (repository, dir) = path.split_once('/').unwrap_or((path, "."));
        bytes += size.parse::<u64>().unwrap_or(0);
        cases.push(Case {
            repository: repository.to_owned(),
            dir: dir.to_owned(),
            options: Options {
                unrestricted: flags.contains("LoadRestrictionsNone"),
            },
        });
    }
    (cases, bytes)
}

/// Renders every case from the disk; returns how many failed and the bytes printed (when
/// `print`).
fn pass_from_disk(corpus: &Path, cases: &[Case], print: bool) -> (usize, usize) {
    let (mut failed, mut printed) = (0, 0);
    for case in cases {
        let dir = corpus.join(&case.repository).join(&case.dir);
        let render = render(&Disk, &dir.to_string_lossy(), case.options);
        failed += usize::from(render.failed());
        if print {
            let objects: Vec<&Node> = render.resources.iter().map(|r| &r.node).collect();
            printed += emit::to_yaml(&objects).text.len();
        }
        black_box(&render);
    }
    (failed, printed)
}

fn corpus(c: &mut Criterion) {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    let corpus: PathBuf = shared.join("corpus/kustomize");
    if !corpus.is_dir() || !shared.join("conformance/kustomize").is_dir() {
        eprintln!(
            "kustomize_render: {} is absent: nothing measured",
            shared.display()
        );
        return;
    }
    let Ok(corpus) = corpus.canonicalize() else {
        return;
    };
    let (cases, expected_bytes) = cases(&shared);

    let mut passes: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            black_box(pass_from_disk(&corpus, &cases, false));
            started.elapsed().as_secs_f64()
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    let once = passes.get(passes.len() / 2).copied().unwrap_or(f64::NAN);
    let (failed, printed) = pass_from_disk(&corpus, &cases, true);
    eprintln!(
        "kustomize_render: {} kustomizations ({failed} refused by drydock), {:.1} MB printed \
         ({:.1} MB by kubectl); one pass from the disk {:.1} ms (median of 5)",
        cases.len(),
        printed as f64 / 1e6,
        expected_bytes as f64 / 1e6,
        once * 1e3,
    );
    match std::env::var("DRYDOCK_KUBECTL_KUSTOMIZE_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
    {
        Some(kubectl) => println!(
            "kubectl kustomize, one process each: {kubectl:.2} s (measured in this run); \
             drydock in one process: {:.1} ms; drydock is {:.0}x faster",
            once * 1e3,
            kubectl / once
        ),
        None if RECORDED_KUBECTL_SECONDS > 0.0 => println!(
            "kubectl kustomize, one process each: {RECORDED_KUBECTL_SECONDS:.2} s (recorded; \
             `cargo xtask kustomize-speed` measures it); drydock in one process: {:.1} ms; \
             {:.0}x",
            once * 1e3,
            RECORDED_KUBECTL_SECONDS / once
        ),
        None => {}
    }

    let repositories: Vec<(String, Loaded)> = {
        let mut names: Vec<&str> = cases.iter().map(|c| c.repository.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .map(|name| (name.to_owned(), load(&corpus.join(name))))
            .collect()
    };
    let trees: HashMap<&str, Memory<'_>> = repositories
        .iter()
        .map(|(name, loaded)| {
            let text = Indexed::from_files(
                loaded
                    .text
                    .iter()
                    .map(|(path, text)| (path.as_str(), text.as_str())),
            );
            let binary = &loaded.binary;
            (name.as_str(), Memory { text, binary })
        })
        .collect();

    let mut group = c.benchmark_group("kustomize_render");
    group
        .throughput(Throughput::ElementsAndBytes {
            elements: cases.len() as u64,
            bytes: expected_bytes,
        })
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("corpus", |b| {
        b.iter(|| pass_from_disk(&corpus, &cases, false));
    });
    group.bench_function("corpus_in_memory", |b| {
        b.iter(|| {
            for case in &cases {
                if let Some(files) = trees.get(case.repository.as_str()) {
                    black_box(render(files, &case.dir, case.options));
                }
            }
        });
    });
    group.bench_function("corpus_and_print", |b| {
        b.iter(|| pass_from_disk(&corpus, &cases, true));
    });
    group.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
