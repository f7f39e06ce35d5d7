//! What each adversarial case costs against its size (`cargo xtask bench adversarial`): the
//! cases of the CLI's adversarial suite (`tests/cli/adversarial_cases.rs`) that are text,
//! checked in process (`drydock_core::check`) at a quarter of their size and at their size.
//! A check linear in its input takes about 4 times as long for 4 times the input; the ratio of
//! each is printed after the runs (the best of three each, in turns).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_core::{SourceFile, Workspace};

#[path = "../tests/cli/adversarial_cases.rs"]
mod cases;

fn workspace(file: &str, bytes: Vec<u8>) -> Option<Workspace> {
    let text = String::from_utf8(bytes).ok()?;
    // The CLI refuses binary files before any check.
    if text.contains('\0') {
        return None;
    }
    Some(Workspace {
        files: vec![SourceFile {
            name: if file.ends_with(".Dockerfile") {
                "Dockerfile".to_owned()
            } else {
                file.to_owned()
            },
            text,
        }],
    })
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("adversarial");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    let mut ratios = Vec::new();
    for case in cases::CASES.iter().filter(|case| case.size >= 4) {
        let (Some(small), Some(large)) = (
            workspace(case.file, (case.make)(case.size / 4)),
            workspace(case.file, (case.make)(case.size)),
        ) else {
            continue;
        };
        group.bench_function(case.file, |b| {
            b.iter(|| black_box(drydock_core::check(black_box(&large))))
        });
        let time = |workspace: &Workspace| {
            let start = Instant::now();
            black_box(drydock_core::check(workspace));
            start.elapsed().as_secs_f64()
        };
        let (mut t_small, mut t_large) = (f64::MAX, f64::MAX);
        for _ in 0..3 {
            t_small = t_small.min(time(&small));
            t_large = t_large.min(time(&large));
        }
        ratios.push(format!(
            "{}: size {} -> {}: {:.4} s -> {:.4} s, {:.1}x",
            case.name,
            case.size / 4,
            case.size,
            t_small,
            t_large,
            t_large / t_small.max(1e-9)
        ));
    }
    group.finish();
    for line in ratios {
        println!("adversarial scaling: {line}");
    }
}

criterion_group!(benches, scaling);
criterion_main!(benches);
