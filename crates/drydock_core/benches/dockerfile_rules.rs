//! How the Dockerfile rules scale (`cargo xtask bench dockerfile_rules`): the whole check of
//! files built to catch a rule or pass that rescans what came before (issue #20: three rules
//! did, for every `RUN`), each at n and 4n instructions. A linear check takes about 4 times as
//! long for 4n; the ratio is printed after the runs.
//!
//! - `runs/N`: `N` RUNs that install with npm, extract an archive COPY put in place and call a
//!   tool the base image lacks, after a COPY of the whole context;
//! - `heredocs/N`: `N` one-line heredoc RUNs;
//! - `stages/N`: `N` named stages, each `ENV` setting 20 variables from each other.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_core::{SourceFile, Workspace};

fn runs(n: usize) -> String {
    let mut text =
        String::from("FROM debian:12\nCOPY app.tar.gz package.json /tmp/\nCOPY . /src\n");
    for i in 0..n {
        text.push_str(&format!(
            "RUN npm install && tar -xzf /tmp/app.tar.gz && curl -o x{i} http://example.com\n"
        ));
    }
    text
}

fn heredocs(n: usize) -> String {
    let mut text = String::from("FROM debian:12\n");
    for i in 0..n {
        text.push_str(&format!("RUN <<EOF\necho {i}\nEOF\n"));
    }
    text
}

fn stages(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        text.push_str(&format!("FROM debian:12 AS s{}\nENV", i % (n / 2).max(1)));
        for v in 0..20 {
            text.push_str(&format!(" V{v}=${{V{}}}x", (v + 19) % 20));
        }
        text.push('\n');
    }
    text
}

fn check(text: &str) {
    let workspace = Workspace {
        files: vec![SourceFile {
            name: "Dockerfile".to_owned(),
            text: text.to_owned(),
        }],
    };
    black_box(drydock_core::check(black_box(&workspace)));
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("dockerfile_rules");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    let mut ratios = Vec::new();
    for (name, make, n) in [
        ("runs", runs as fn(usize) -> String, 2_500),
        ("heredocs", heredocs, 10_000),
        ("stages", stages, 1_000),
    ] {
        let small = make(n);
        let large = make(4 * n);
        group.bench_function(format!("{name}/{n}"), |b| b.iter(|| check(&small)));
        group.bench_function(format!("{name}/{}", 4 * n), |b| b.iter(|| check(&large)));
        // The same two, timed in turns here so that the ratio is of one run.
        let time = |text: &str| {
            let start = Instant::now();
            check(text);
            start.elapsed().as_secs_f64()
        };
        let (mut t_small, mut t_large) = (f64::MAX, f64::MAX);
        for _ in 0..3 {
            t_small = t_small.min(time(&small));
            t_large = t_large.min(time(&large));
        }
        ratios.push(format!(
            "{name}: {n} -> {}: {:.3} s -> {:.3} s, {:.1}x for 4x the input",
            4 * n,
            t_small,
            t_large,
            t_large / t_small
        ));
    }
    group.finish();
    for line in ratios {
        println!("dockerfile_rules scaling: {line}");
    }
}

criterion_group!(benches, scaling);
criterion_main!(benches);
