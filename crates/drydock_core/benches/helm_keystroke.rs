//! A keystroke in a chart of 30 templates (`cargo xtask bench helm_keystroke`,
//! `tests/data/helm-chart`): ten components, each a Deployment, a Service and a ConfigMap written with the
//! helpers of `_helpers.tpl` and the component's values in `values.yaml`; one character typed in
//! a template and deleted again, and one in `values.yaml`. Everything the playground computes
//! between that keystroke and its findings, stage by stage, as the Kustomize keystroke benchmark
//! measures it (`kustomize_keystroke.rs`):
//!
//! - `helm_keystroke/render_template`, `render_values`: the Helm engine's whole job — the
//!   request read from JSON, the chart rendered, the answer written — and the page reading the
//!   answer back;
//! - `helm_keystroke/check_kept`: checking what the chart deploys as the page does it
//!   (`WorkspaceCheck`: only changed files parsed, only changed documents checked again), with
//!   every finding placed at its template or values line;
//! - `helm_keystroke/per_file_values`: the edited `values.yaml`'s own findings (a template has
//!   none of its own: it is checked through the render);
//! - `helm_keystroke/total_template`, `total_values`: render, kept check and per-file, one after
//!   another, as one keystroke costs them in the page.
//!
//! The goal is a frame (16 ms) for the totals. These are native figures; the playground runs
//! the same code as wasm. Measured on a shared 2-core machine, in one run with
//! `kustomize_keystroke`: render 3.8 ms (template) and 3.1 ms (values), kept check 0.27 ms,
//! per-file 0.06 ms, totals 3.2 and 3.4 ms — 0.65 and 0.68 of the 50-file overlay tree's total
//! (5.0 ms) in the same run, a fifth of a frame.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_core::incremental::{IncrementalCheck, WorkspaceCheck};
use drydock_core::k8s::Crds;
use drydock_core::rendered::Rendered;
use drydock_core::{Settings, SourceFile, Workspace};
use drydock_engine::{Engine, Output, Request, Response, Task};

mod common;

const COMPONENTS: usize = 10;

/// The chart (`tests/data/helm-chart/shop`, which the playground's browser test types in too),
/// with `tag` as component 3's image tag in `values.yaml` and `port` as the port its Service
/// template writes.
fn chart(tag: &str, port: &str) -> Vec<SourceFile> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/helm-chart");
    let mut files = common::read_tree(&root);
    for file in &mut files {
        match file.name.as_str() {
            "shop/values.yaml" => {
                file.text = file.text.replace(
                    "repository: shop/c3\n    tag: \"1.0.0\"",
                    &format!("repository: shop/c3\n    tag: \"{tag}\""),
                );
            }
            "shop/templates/c3-service.yaml" => {
                file.text = file
                    .text
                    .replace("- port: 80\n", &format!("- port: {port}\n"));
            }
            _ => {}
        }
    }
    files
}

/// What the engine answers for `files`, read back as the page reads it.
fn render(files: &[SourceFile]) -> Vec<Rendered> {
    let request = Request {
        id: 1,
        files: files.to_vec(),
        task: Task::Helm,
    };
    let answer = drydock_engine::respond(Engine::Helm, &request.to_json());
    match Response::from_wire(&answer).map(|response| response.result) {
        Some(Ok(Output::Helm { renders })) => Rendered::from_wire(&renders).unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn named<'f>(files: &'f [SourceFile], name: &str) -> &'f SourceFile {
    files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn keystroke(c: &mut Criterion) {
    // Typing a character and deleting it: in a template, and in values.yaml.
    let in_template = [chart("1.0.0", "80"), chart("1.0.0", "808")];
    let in_values = [chart("1.0.0", "80"), chart("1.0.01", "80")];
    let templates = in_template[0]
        .iter()
        .filter(|f| f.name.starts_with("shop/templates/") && f.name.ends_with(".yaml"))
        .count();
    assert_eq!(templates, 30, "the chart has 30 templates");
    for files in in_template.iter().chain(&in_values) {
        let renders = render(files);
        assert_eq!(renders.len(), 1, "the chart renders");
        let render = &renders[0];
        assert!(
            !render
                .findings
                .iter()
                .any(|f| f.severity == drydock_core::Severity::Error),
            "{:?}",
            render.findings
        );
        assert_eq!(render.text.matches("kind: Deployment").count(), COMPONENTS);
    }
    let (settings, crds) = (Settings::default(), Crds::default());
    let values_edited = in_values
        .clone()
        .map(|files| named(&files, "shop/values.yaml").clone());

    let mut group = c.benchmark_group("helm_keystroke");
    group.sample_size(20);
    for (name, trees) in [
        ("render_template", &in_template),
        ("render_values", &in_values),
    ] {
        group.bench_function(name, |b| {
            let mut i = 0;
            b.iter(|| {
                i += 1;
                black_box(render(&trees[i % 2]))
            })
        });
    }
    let workspaces = in_template.clone().map(|files| Workspace { files });
    let renders = in_template.clone().map(|files| render(&files));
    group.bench_function("check_kept", |b| {
        let mut kept = WorkspaceCheck::new();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(kept.check(&workspaces[i % 2], &settings, &renders[i % 2]))
        })
    });
    group.bench_function("per_file_values", |b| {
        let mut checker = IncrementalCheck::new();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(checker.check(&values_edited[i % 2], &settings, &crds))
        })
    });
    for (name, trees) in [
        ("total_template", &in_template),
        ("total_values", &in_values),
    ] {
        let workspaces = trees.clone().map(|files| Workspace { files });
        let edited = trees
            .clone()
            .map(|files| named(&files, "shop/values.yaml").clone());
        group.bench_function(name, |b| {
            let (mut checker, mut kept) = (IncrementalCheck::new(), WorkspaceCheck::new());
            let mut i = 0;
            b.iter(|| {
                i += 1;
                let k = i % 2;
                let rendered = render(&trees[k]);
                let cross = kept.check(&workspaces[k], &settings, &rendered);
                black_box((cross, checker.check(&edited[k], &settings, &crds)))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
