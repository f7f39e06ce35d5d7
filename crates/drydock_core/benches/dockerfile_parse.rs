//! How fast `dockerfile::parse` is (`cargo xtask bench dockerfile_parse`).
//!
//! - `corpus`: every Dockerfile of `../shared/corpus/dockerfiles` parsed once per iteration,
//!   reported in files/s and bytes/s (skipped when `../shared` is absent).
//! - `linear`: inputs built to catch anything worse than linear time: 10 MB of continuation
//!   lines, 100,000 heredocs, 1 MB single lines. Each must parse in well under a second.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use drydock_core::dockerfile::parse;

fn corpus(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/dockerfiles");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("{} is absent: corpus benchmark skipped", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    // As the CLI reads them: invalid UTF-8 replaced.
    let files: Vec<String> = paths
        .iter()
        .filter_map(|path| std::fs::read(path).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    let bytes: usize = files.iter().map(String::len).sum();
    eprintln!(
        "corpus: {} files, {:.2} MB, {} lines",
        files.len(),
        bytes as f64 / 1e6,
        files.iter().map(|f| f.lines().count()).sum::<usize>()
    );
    let mut group = c.benchmark_group("dockerfile_parse");
    group.throughput(Throughput::ElementsAndBytes {
        elements: files.len() as u64,
        bytes: bytes as u64,
    });
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for file in &files {
                black_box(parse(black_box(file)));
            }
        });
    });
    group.finish();
}

/// One `RUN` continued over 10 MB of lines, with comment and empty lines among them.
fn continuations() -> String {
    let mut text = String::from("FROM scratch\nRUN set -eux; \\\n");
    let mut i = 0usize;
    while text.len() < 10_000_000 {
        text.push_str(&format!("    echo line{i} && \\\n"));
        if i.is_multiple_of(100) {
            text.push_str("    # a comment inside the continuation\n\n");
        }
        i += 1;
    }
    text.push_str("    true\n");
    text
}

/// 100,000 heredocs: 1,000 `RUN` instructions with 100 heredocs on each line.
fn heredocs() -> String {
    let mut text = String::from("FROM scratch\n");
    for run in 0..1_000 {
        text.push_str("RUN");
        for doc in 0..100 {
            let chomp = if doc % 2 == 0 { "-" } else { "" };
            text.push_str(&format!(" <<{chomp}E{doc}"));
        }
        text.push_str(" cat\n");
        for doc in 0..100 {
            text.push_str(&format!("\techo {run} {doc} $HOME\nE{doc}\n"));
        }
    }
    text
}

/// One line of about 1 MB of the given kind.
fn single_line(kind: &str) -> String {
    let mut text = String::from("FROM scratch\n");
    let (head, tail) = match kind {
        "env" => ("ENV", ""),
        "json" => ("CMD [", "\"end\"]"),
        _ => ("RUN", ""),
    };
    text.push_str(head);
    let mut i = 0usize;
    while text.len() < 1_000_000 {
        match kind {
            "env" => text.push_str(&format!(" k{i}=\"v $x\\\" {i}\"")),
            "json" => text.push_str(&format!("\"arg\\u00e9{i}\", ")),
            _ => text.push_str(&format!(" echo \"${{v{i}:-w}}\" '{i}' \\$x;")),
        }
        i += 1;
    }
    text.push_str(tail);
    text.push('\n');
    text
}

fn linear(c: &mut Criterion) {
    let inputs = [
        ("continuations_10MB", continuations()),
        ("heredocs_100k", heredocs()),
        ("line_1MB_run", single_line("run")),
        ("line_1MB_env", single_line("env")),
        ("line_1MB_json", single_line("json")),
    ];
    let mut group = c.benchmark_group("dockerfile_parse_linear");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for (name, text) in &inputs {
        let tree = parse(text);
        assert!(
            tree.errors.is_empty(),
            "{name}: the stress input should parse cleanly: {:?}",
            tree.errors.first()
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| black_box(parse(black_box(text)))));
    }
    group.finish();
}

criterion_group!(benches, corpus, linear);
criterion_main!(benches);
