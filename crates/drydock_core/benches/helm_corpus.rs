//! How fast Drydock renders and checks real charts (`cargo xtask bench helm_corpus`, and
//! `cargo xtask helm-speed`, which also times `helm template` on the same charts).
//!
//! Every chart of `../shared/corpus/helm` that `helm template` renders with its own values (the
//! rows of `../shared/conformance/helm/renders/_index.tsv` with exit 0 and no values file), its
//! text files read once beforehand, then in one process, one chart after another:
//!
//! - `helm_corpus/render`: each chart rendered as `drydock check` and the playground render it
//!   (`drydock_helm::workspace::render_workspace`: every template error, `helm lint`'s checks,
//!   each piece of output tied to its template and values line);
//! - `helm_corpus/render_and_check`: each chart checked as `drydock check CHART_DIR` checks it
//!   (`drydock_core::check`): rendered, every Kubernetes rule run over what it deploys with each
//!   finding placed at its template or values line, and the chart's own files checked.
//!
//! Before them, the median of a few passes of `render_and_check` is printed with its ratio to
//! `helm template` over the same charts, one process each, as `cargo xtask helm-speed` measures
//! it in the same run and passes it in `DRYDOCK_HELM_TEMPLATE_SECONDS` (a recorded figure
//! otherwise). Helm's time includes starting a process per chart and printing; Drydock's does
//! not: the comparison is with what a CI job or an editor pays per chart with each tool. Without
//! `../shared`, the benchmark says so and measures nothing.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use drydock_core::Workspace;

mod common;

/// `helm template` over the same charts, one process each, as `cargo xtask helm-speed` last
/// measured it last (stop 33, 2 shared cores with a build beside it; `drydock render` took 0.37 s
/// in that run). An earlier run on another machine had 4.93 s: only a same-run figure is a fair
/// baseline, which `cargo xtask helm-speed` passes in.
const RECORDED_HELM_SECONDS: f64 = 2.78;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The charts `helm template` renders with their own values: their folders in the corpus.
fn charts(shared: &Path) -> Vec<String> {
    let index = shared.join("conformance/helm/renders/_index.tsv");
    let text = std::fs::read_to_string(index).unwrap_or_default();
    let mut charts: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                [output, chart, "-", "0", ..] if *output != "-" => Some((*chart).to_owned()),
                _ => None,
            }
        })
        .collect();
    charts.dedup();
    charts
}

/// Renders and checks every chart; returns the number of findings.
fn render_and_check(charts: &[Workspace]) -> usize {
    charts
        .iter()
        .map(|chart| black_box(drydock_core::check(chart)).len())
        .sum()
}

fn corpus(c: &mut Criterion) {
    let shared = shared();
    let names = charts(&shared);
    if names.is_empty() {
        eprintln!(
            "helm_corpus: {} has no Helm conformance data: nothing measured",
            shared.display()
        );
        return;
    }
    let charts: Vec<Workspace> = names
        .iter()
        .map(|name| Workspace {
            files: common::read_tree(&shared.join("corpus/helm").join(name)),
        })
        .collect();
    let bytes: u64 = charts
        .iter()
        .flat_map(|chart| &chart.files)
        .map(|file| file.text.len() as u64)
        .sum();

    let mut passes: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            black_box(render_and_check(&charts));
            started.elapsed().as_secs_f64()
        })
        .collect();
    passes.sort_by(f64::total_cmp);
    let once = passes.get(passes.len() / 2).copied().unwrap_or(f64::NAN);
    let findings = render_and_check(&charts);
    let renders: usize = charts
        .iter()
        .map(|chart| drydock_core::helm::workspace::render_workspace(&chart.files).len())
        .sum();
    eprintln!(
        "helm_corpus: {} charts ({renders} renders, {:.1} MB of chart files), {findings} \
         findings; one pass rendering and checking them all {:.1} ms (median of 5)",
        charts.len(),
        bytes as f64 / 1e6,
        once * 1e3,
    );
    match std::env::var("DRYDOCK_HELM_TEMPLATE_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
    {
        Some(helm) => println!(
            "helm template, one process per chart: {helm:.2} s (measured in this run); drydock \
             rendering and checking them in one process: {:.1} ms; drydock is {:.1}x faster",
            once * 1e3,
            helm / once
        ),
        None if RECORDED_HELM_SECONDS > 0.0 => println!(
            "helm template, one process per chart: {RECORDED_HELM_SECONDS:.2} s (recorded; \
             `cargo xtask helm-speed` measures it); drydock rendering and checking them in one \
             process: {:.1} ms; {:.1}x",
            once * 1e3,
            RECORDED_HELM_SECONDS / once
        ),
        None => {}
    }

    let mut group = c.benchmark_group("helm_corpus");
    group
        .throughput(Throughput::ElementsAndBytes {
            elements: charts.len() as u64,
            bytes,
        })
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("render", |b| {
        b.iter(|| {
            for chart in &charts {
                black_box(drydock_core::helm::workspace::render_workspace(
                    &chart.files,
                ));
            }
        })
    });
    group.bench_function("render_and_check", |b| {
        b.iter(|| black_box(render_and_check(&charts)))
    });
    group.finish();
}

/// Charts may nest `include`s deeply, which Helm allows 1000 levels of: the benchmark runs on a
/// stack as large as the CLI's.
fn main() {
    let run = || {
        let mut criterion = Criterion::default().configure_from_args();
        corpus(&mut criterion);
        criterion.final_summary();
    };
    let finished = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(run)
        .is_ok_and(|thread| thread.join().is_ok());
    if !finished {
        eprintln!("helm_corpus: the benchmark thread failed");
        std::process::exit(1);
    }
}
