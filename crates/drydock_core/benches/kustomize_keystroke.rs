//! A keystroke in a 50-file overlay tree (`cargo xtask bench kustomize_keystroke`,
//! `tests/data/overlay-tree`): one base of
//! 27 resources with generated configuration, a component, and three overlays (prefixes,
//! namespaces, image tags, strategic-merge and JSON 6902 patches, generators), one character
//! typed in a base Deployment and deleted again. Everything the playground computes between that
//! keystroke and its findings, stage by stage:
//!
//! - `keystroke/render`: the Kustomize engine's whole job — the request read from JSON, every
//!   kustomization rendered, the answer written — and the page reading the answer back;
//! - `keystroke/render_overlay_edit`: the same for a keystroke in one overlay's patch, where the
//!   renders of the other overlays are kept from the last request;
//! - `keystroke/check`: checking what the kustomizations deploy, with the files outside them,
//!   from scratch (`check_workspace_rules_with_renders`);
//! - `keystroke/check_kept`: the same as the page does it, with what the last keystroke parsed
//!   and found kept (`WorkspaceCheck`: only changed files parsed, only changed documents of each
//!   render checked again);
//! - `keystroke/per_file`: the edited file's own findings (`IncrementalCheck`);
//! - `keystroke/total`: render, kept check and per-file, one after another, as one keystroke
//!   costs them in the page.
//!
//! The goal is a frame (16 ms) for `total`. These are native figures; the playground runs the
//! same code as wasm, which the browser runs within about twice of them.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_core::incremental::{IncrementalCheck, WorkspaceCheck};
use drydock_core::k8s::Crds;
use drydock_core::rendered::Rendered;
use drydock_core::{Settings, SourceFile, Workspace, check_workspace_rules_with_renders};
use drydock_engine::{Engine, Output, Request, Response, Task};

mod common;

/// The tree (`tests/data/overlay-tree`, which the playground's browser test types in too), with
/// `tag` as the image tag of `base/deploy-3.yaml` (what the keystroke edits).
fn tree(tag: &str) -> Vec<SourceFile> {
    let root =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/overlay-tree");
    let mut files = common::read_tree(&root);
    for file in &mut files {
        if file.name == "base/deploy-3.yaml" {
            file.text = file.text.replace("app-3:1.3\n", &format!("app-3:{tag}\n"));
        }
    }
    files
}

/// What the engine answers for `files`, read back as the page reads it.
fn render(files: &[SourceFile]) -> Vec<Rendered> {
    let request = Request {
        id: 1,
        files: files.to_vec(),
        task: Task::Kustomize,
    };
    let answer = drydock_engine::respond(Engine::Kustomize, &request.to_json());
    match Response::from_wire(&answer).map(|response| response.result) {
        Some(Ok(Output::Kustomize { renders })) => {
            Rendered::from_wire(&renders).unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

fn keystroke(c: &mut Criterion) {
    // Two trees that differ by one character, alternated as typing and deleting it.
    let trees = [tree("1.3"), tree("1.33")];
    assert_ne!(trees[0], trees[1], "the keystroke changes the tree");
    assert_eq!(trees[0].len(), 50, "the tree is 50 files");
    let workspaces = trees.clone().map(|files| Workspace { files });
    let renders = trees.clone().map(|files| render(&files));
    assert_eq!(renders[0].len(), 3, "the three overlays render");
    let edited = trees.clone().map(|files| {
        files
            .into_iter()
            .find(|f| f.name == "base/deploy-3.yaml")
            .unwrap_or_else(|| SourceFile {
                name: String::new(),
                text: String::new(),
            })
    });
    let (settings, crds) = (Settings::default(), Crds::default());

    let mut group = c.benchmark_group("keystroke");
    group.sample_size(20);
    group.bench_function("render", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(render(&trees[i % 2]))
        })
    });
    // A keystroke in one overlay's patch: the other overlays' renders are kept (their files
    // answer as before), only that overlay is rendered again.
    let overlay_edits = [trees[0].clone(), {
        let mut files = trees[0].clone();
        for file in &mut files {
            if file.name == "overlays/dev/replicas.yaml" {
                file.text.push_str("# a comment typed\n");
            }
        }
        files
    }];
    assert_ne!(
        overlay_edits[0], overlay_edits[1],
        "the overlay keystroke changes the tree"
    );
    group.bench_function("render_overlay_edit", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(render(&overlay_edits[i % 2]))
        })
    });
    group.bench_function("check", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(check_workspace_rules_with_renders(
                &workspaces[i % 2],
                &settings,
                &renders[i % 2],
            ))
        })
    });
    group.bench_function("check_kept", |b| {
        let mut kept = WorkspaceCheck::new();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(kept.check(&workspaces[i % 2], &settings, &renders[i % 2]))
        })
    });
    group.bench_function("per_file", |b| {
        let mut checker = IncrementalCheck::new();
        let mut i = 0;
        b.iter(|| {
            i += 1;
            black_box(checker.check(&edited[i % 2], &settings, &crds))
        })
    });
    group.bench_function("total", |b| {
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
    group.finish();
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
