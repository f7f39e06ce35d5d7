//! A keystroke in a 5,000-line manifest bundle (`cargo bench --bench incremental`): the bundle of
//! the playground's latency test (~150 Deployment + Service pairs, ~300 documents in one file),
//! one character typed at its end or in its middle, checked whole (`check_file_in_workspace`,
//! the baseline) and incrementally (`IncrementalCheck`, which re-checks the edited document). The
//! ratio of the two is what the playground gains per keystroke.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_core::incremental::IncrementalCheck;
use drydock_core::k8s::Crds;
use drydock_core::{Settings, SourceFile, check_file_in_workspace};

/// The same bundle as `manifest_bundle` in `tests/browser.rs`.
fn bundle(lines: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    while out.lines().count() < lines {
        out.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{n}\n  labels:\n    app: app-{n}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-{n}\n  template:\n    metadata:\n      labels:\n        app: app-{n}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:{n}.0\n          ports:\n            - containerPort: 8080\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{n}\nspec:\n  selector:\n    app: app-{n}\n  ports:\n    - port: 80\n      targetPort: 8080\n"
        ));
        n += 1;
    }
    out
}

fn keystroke(c: &mut Criterion) {
    let text = bundle(5000);
    let middle = text
        .get(text.len() / 2..)
        .and_then(|rest| rest.find("\n---\n"))
        .map_or(text.len(), |i| text.len() / 2 + i);
    let (settings, crds) = (Settings::default(), Crds::default());
    for (name, at) in [("end", text.len()), ("middle", middle)] {
        // Two texts that differ by one character at `at`, alternated as typing and deleting it.
        let mut typed = text.clone();
        typed.insert(at, '#');
        let files = [text.clone(), typed].map(|text| SourceFile {
            name: "bundle.yaml".into(),
            text,
        });
        let mut group = c.benchmark_group(format!("keystroke_{name}"));
        group.sample_size(20);
        group.bench_function("whole", |b| {
            let mut i = 0;
            b.iter(|| {
                i += 1;
                black_box(check_file_in_workspace(&files[i % 2], &settings, &crds))
            })
        });
        group.bench_function("incremental", |b| {
            let mut checker = IncrementalCheck::new();
            let mut i = 0;
            b.iter(|| {
                i += 1;
                black_box(checker.check(&files[i % 2], &settings, &crds))
            })
        });
        group.finish();
    }
}

criterion_group!(benches, keystroke);
criterion_main!(benches);
