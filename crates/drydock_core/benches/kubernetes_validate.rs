//! How fast Kubernetes validation is (`cargo xtask bench kubernetes_validate`).
//!
//! - `corpus`: every manifest of `../shared/corpus/k8s` (1,369 objects) parsed and validated
//!   against the built-in schema (Kubernetes 1.37) once per iteration — schema validation only,
//!   no other rule — reported in files/s and bytes/s, and documents/s printed once. Measured on
//!   the shared 2-core machine (load 7–9): 277 ms per pass (~4,900 documents/s), about 60% of it
//!   in saphyr-parser's scanner; kubernetes-validate took 101 s for the same documents
//!   (`cargo xtask k8s-differential` prints its rate), 360 times longer.
//! - `adversarial`: an alias bomb, 10,000-deep nesting (flow and block) and a 50 MB scalar, each
//!   answered in well under a second.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use drydock_core::k8s::{Crds, KubernetesVersion, Schema, analyze};
use drydock_core::yaml::parse;

fn validate(text: &str, crds: &Crds) -> usize {
    let stream = parse(text);
    analyze(text, &stream, KubernetesVersion::LATEST, crds).objects_validated
}

fn corpus(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/k8s");
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && let Ok(bytes) = std::fs::read(&path)
            {
                files.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    if files.is_empty() {
        eprintln!("{} is absent: corpus benchmark skipped", dir.display());
        return;
    }
    // Built-in kinds only, as kubernetes-validate sees them; the schema is loaded before timing.
    let crds = Crds::new();
    let _ = Schema::builtin();
    let bytes: usize = files.iter().map(String::len).sum();
    let documents: usize = files
        .iter()
        .map(|f| parse(f).documents.iter().filter(|d| !d.is_empty()).count())
        .sum();
    let started = Instant::now();
    let validated: usize = files.iter().map(|f| validate(f, &crds)).sum();
    let once = started.elapsed();
    eprintln!(
        "corpus: {} files, {documents} documents ({validated} validated against a built-in schema), \
         {:.2} MB; one pass {:.1} ms = {:.0} documents/s",
        files.len(),
        bytes as f64 / 1e6,
        once.as_secs_f64() * 1e3,
        documents as f64 / once.as_secs_f64()
    );
    let mut group = c.benchmark_group("kubernetes_validate");
    group.throughput(Throughput::ElementsAndBytes {
        elements: files.len() as u64,
        bytes: bytes as u64,
    });
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for file in &files {
                black_box(validate(black_box(file), &crds));
            }
        });
    });
    group.finish();
}

fn alias_bomb() -> String {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n");
    text.push_str(
        "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names: Vec<char> = "abcdefghij".chars().collect();
    for pair in names.windows(2) {
        if let [prev, next] = pair {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("  {next}: &{next} [{refs}]\n"));
        }
    }
    text
}

fn adversarial(c: &mut Criterion) {
    let crds = Crds::new();
    let mut block = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n");
    for depth in 1..10_000 {
        block.push_str(&" ".repeat(depth));
        block.push_str("a:\n");
    }
    let inputs = [
        ("alias_bomb", alias_bomb()),
        (
            "nesting_flow_10000",
            format!(
                "apiVersion: v1\nkind: List\nitems: {}{}\n",
                "[".repeat(10_000),
                "]".repeat(10_000)
            ),
        ),
        ("nesting_block_10000", block),
        (
            "scalar_50mb",
            format!(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big: {}\n",
                "x".repeat(50_000_000)
            ),
        ),
    ];
    let mut group = c.benchmark_group("kubernetes_adversarial");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for (name, text) in &inputs {
        let started = Instant::now();
        black_box(validate(text, &crds));
        let elapsed = started.elapsed();
        eprintln!("{name}: {:.1} ms", elapsed.as_secs_f64() * 1e3);
        assert!(elapsed < Duration::from_secs(1), "{name} took {elapsed:?}");
        group.bench_function(*name, |b| {
            b.iter(|| black_box(validate(black_box(text), &crds)))
        });
    }
    group.finish();
}

criterion_group!(benches, corpus, adversarial);
criterion_main!(benches);
