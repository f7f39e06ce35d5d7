//! How fast every Kubernetes rule is, cross-file ones included (`cargo bench --bench
//! kubernetes_rules`).
//!
//! `corpus`: every manifest of `../shared/corpus/k8s`, one workspace per directory (as in
//! `tests/corpus_relations.rs`), checked with `check_with` and every rule enabled — schema
//! validation, the per-file rules, the relation graph and the cross-file rules — once per
//! iteration. One pass is also printed in documents/s, to compare with kubernetes-validate's
//! 101 s for the same documents (the ≥200× goal of Manifests I).

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use drydock_core::{Settings, Workspace, check_with};

fn workspaces(dir: &Path) -> Vec<Workspace> {
    let mut directories: BTreeMap<String, Workspace> = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && let Ok(bytes) = std::fs::read(&path)
            {
                let name = path.to_string_lossy().into_owned();
                let directory = name.rsplit_once("__").map_or("", |(d, _)| d).to_owned();
                directories
                    .entry(directory)
                    .or_default()
                    .insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    directories.into_values().collect()
}

fn corpus(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/k8s");
    let workspaces = workspaces(&dir);
    if workspaces.is_empty() {
        eprintln!("{} is absent: corpus benchmark skipped", dir.display());
        return;
    }
    let mut settings = Settings::default();
    for rule in drydock_core::rules::all() {
        settings.enable(rule.id);
    }
    let files: usize = workspaces.iter().map(|w| w.files.len()).sum();
    let bytes: usize = workspaces
        .iter()
        .flat_map(|w| w.files.iter())
        .map(|f| f.text.len())
        .sum();
    let documents: usize = workspaces
        .iter()
        .flat_map(|w| w.files.iter())
        .map(|f| {
            drydock_core::yaml::parse(&f.text)
                .documents
                .iter()
                .filter(|d| !d.is_empty())
                .count()
        })
        .sum();
    let _ = drydock_core::k8s::Schema::builtin();
    let started = Instant::now();
    let findings: usize = workspaces
        .iter()
        .map(|w| check_with(w, &settings).len())
        .sum();
    let once = started.elapsed();
    eprintln!(
        "corpus: {} workspaces, {files} files, {documents} documents, {:.2} MB, {findings} findings \
         with every rule on; one pass {:.1} ms = {:.0} documents/s ({:.0}× kubernetes-validate's 101 s)",
        workspaces.len(),
        bytes as f64 / 1e6,
        once.as_secs_f64() * 1e3,
        documents as f64 / once.as_secs_f64(),
        101.0 / once.as_secs_f64()
    );
    let mut group = c.benchmark_group("kubernetes_rules");
    group.throughput(Throughput::ElementsAndBytes {
        elements: files as u64,
        bytes: bytes as u64,
    });
    group.sample_size(20);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for workspace in &workspaces {
                black_box(check_with(black_box(workspace), &settings));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
