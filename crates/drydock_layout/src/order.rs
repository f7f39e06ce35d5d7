//! Crossing reduction: the order of the vertices within each layer.

use super::Layered;

/// Sweeps at most this many times (alternately left to right and right to left).
const MAX_SWEEPS: usize = 24;
/// Stops after this many sweeps without fewer crossings.
const PATIENCE: usize = 6;

/// Each layer's vertices, top to bottom. Bands stay contiguous and in band order; within a band,
/// vertices move to the barycenter of their neighbours in the layer just swept, ties keeping
/// the previous order. The order with the fewest crossings seen is kept.
pub(super) fn order(graph: &Layered) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); graph.layer_count];
    for (index, vertex) in graph.vertices.iter().enumerate() {
        if let Some(layer) = layers.get_mut(vertex.rank) {
            layer.push(index);
        }
    }
    let band = |v: usize| graph.vertices.get(v).map_or(0, |v| v.band);
    for layer in &mut layers {
        layer.sort_by_key(|&v| band(v));
    }
    let mut position = vec![0.0_f64; graph.vertices.len()];
    let record = |layers: &[Vec<usize>], position: &mut [f64]| {
        for layer in layers {
            for (i, &v) in layer.iter().enumerate() {
                if let Some(p) = position.get_mut(v) {
                    *p = i as f64;
                }
            }
        }
    };
    record(&layers, &mut position);
    let mut best = layers.clone();
    let mut best_crossings = crossings(graph, &layers, &position);
    let mut since_best = 0;
    for sweep in 0..MAX_SWEEPS {
        if best_crossings == 0 || since_best >= PATIENCE {
            break;
        }
        let forward = sweep % 2 == 0;
        let count = layers.len();
        for step in 1..count {
            let index = if forward { step } else { count - 1 - step };
            let neighbours = if forward { &graph.left } else { &graph.right };
            let Some(layer) = layers.get_mut(index) else {
                continue;
            };
            let mut keyed: Vec<(usize, f64, f64, usize)> = layer
                .iter()
                .map(|&v| {
                    let own = position.get(v).copied().unwrap_or(0.0);
                    let adjacent = neighbours.get(v).map_or(&[][..], Vec::as_slice);
                    let key = if adjacent.is_empty() {
                        own
                    } else {
                        let sum: f64 = adjacent
                            .iter()
                            .map(|&n| position.get(n).copied().unwrap_or(0.0))
                            .sum();
                        sum / adjacent.len() as f64
                    };
                    (band(v), key, own, v)
                })
                .collect();
            keyed.sort_by(|a, b| {
                a.0.cmp(&b.0)
                    .then(a.1.total_cmp(&b.1))
                    .then(a.2.total_cmp(&b.2))
            });
            for (i, entry) in keyed.iter().enumerate() {
                if let Some(slot) = layer.get_mut(i) {
                    *slot = entry.3;
                }
                if let Some(p) = position.get_mut(entry.3) {
                    *p = i as f64;
                }
            }
        }
        let now = crossings(graph, &layers, &position);
        if now < best_crossings {
            best_crossings = now;
            best = layers.clone();
            since_best = 0;
        } else {
            since_best += 1;
        }
    }
    best
}

/// The number of edge crossings between consecutive layers (Barth, Jünger and Mutzel's count:
/// inversions of target positions, in a Fenwick tree).
pub(super) fn crossings(graph: &Layered, layers: &[Vec<usize>], position: &[f64]) -> usize {
    let mut total = 0;
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for (index, layer) in layers.iter().enumerate() {
        let next_len = layers.get(index + 1).map_or(0, Vec::len);
        if next_len == 0 {
            continue;
        }
        pairs.clear();
        for (i, &v) in layer.iter().enumerate() {
            for &w in graph.right.get(v).map_or(&[][..], Vec::as_slice) {
                let p = position.get(w).copied().unwrap_or(0.0);
                pairs.push((i, p as usize));
            }
        }
        pairs.sort_unstable();
        let mut tree = vec![0usize; next_len + 1];
        for (seen, &(_, target)) in pairs.iter().enumerate() {
            // Edges already seen whose target is below this one cross it.
            let mut at_most = 0;
            let mut i = target + 1;
            while i > 0 {
                at_most += tree.get(i).copied().unwrap_or(0);
                i -= i & i.wrapping_neg();
            }
            total += seen - at_most;
            let mut i = target + 1;
            while i <= next_len {
                if let Some(slot) = tree.get_mut(i) {
                    *slot += 1;
                }
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}
