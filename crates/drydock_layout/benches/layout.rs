//! How fast the layered layout is (`cargo bench -p drydock_layout --bench layout`). The issue's
//! budget is 20 ms for 500 nodes in wasm; the playground's browser test measures that figure.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drydock_layout::{layout, sample::generate};

fn layout_sizes(c: &mut Criterion) {
    for nodes in [50, 500] {
        let graph = generate(7, nodes, 1.3, 4);
        c.bench_function(&format!("layout {nodes} nodes"), |b| {
            b.iter(|| layout(black_box(&graph)))
        });
    }
}

criterion_group!(benches, layout_sizes);
criterion_main!(benches);
