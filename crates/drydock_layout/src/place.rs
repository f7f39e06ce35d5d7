//! Coordinates: vertical positions within each band, bands stacked, layers side by side.

use super::{
    BAND_GAP, GROUP_PAD, Graph, LAYER_GAP, Layered, Layout, MARGIN, NODE_GAP, Point, Rect, Role,
    Route, Size,
};

/// Rounds of averaging (each a sweep left to right and back).
const ROUNDS: usize = 8;
/// Space between bends of long edges, and between a bend and a node.
const BEND_GAP: f64 = 8.0;
/// How much more a segment between two bends pulls than one touching a node: long edges run
/// straight.
const STRAIGHTEN: f64 = 4.0;
/// Room above a group's members for its title.
const TITLE_PAD: f64 = 6.0;

pub(super) fn place(graph: &Graph, layered: &Layered, layers: &[Vec<usize>]) -> Layout {
    let vertices = &layered.vertices;
    let size = |v: usize| vertices.get(v).map_or(Size::default(), |v| v.size);
    let band = |v: usize| vertices.get(v).map_or(0, |v| v.band);
    let gap = |a: usize, b: usize| {
        if layered.is_node(a) && layered.is_node(b) {
            NODE_GAP
        } else {
            BEND_GAP
        }
    };
    let separation = |a: usize, b: usize| (size(a).height + size(b).height) / 2.0 + gap(a, b);

    // Runs: the vertices of one band in one layer, in order.
    let runs: Vec<Vec<&[usize]>> = layers
        .iter()
        .map(|layer| layer.chunk_by(|&a, &b| band(a) == band(b)).collect())
        .collect();

    let mut y = vec![0.0_f64; vertices.len()];
    for run in runs.iter().flatten() {
        let mut at = 0.0;
        let mut packed = Vec::with_capacity(run.len());
        for (i, &v) in run.iter().enumerate() {
            if i > 0
                && let Some(&previous) = run.get(i - 1)
            {
                at += separation(previous, v);
            }
            packed.push(at);
        }
        let mean = packed.iter().sum::<f64>() / packed.len().max(1) as f64;
        for (&v, p) in run.iter().zip(packed) {
            if let Some(slot) = y.get_mut(v) {
                *slot = p - mean;
            }
        }
    }

    let weight = |a: usize, b: usize| {
        if layered.is_node(a) || layered.is_node(b) {
            1.0
        } else {
            STRAIGHTEN
        }
    };
    let sweep: Vec<usize> = (0..layers.len()).chain((0..layers.len()).rev()).collect();
    let mut desired = Vec::new();
    let mut weights = Vec::new();
    let mut gaps = Vec::new();
    for _ in 0..ROUNDS {
        for &layer in &sweep {
            for run in runs.get(layer).into_iter().flatten() {
                desired.clear();
                weights.clear();
                gaps.clear();
                for (i, &v) in run.iter().enumerate() {
                    let (mut sum, mut total) = (0.0, 0.0);
                    let left = layered.left.get(v).map_or(&[][..], Vec::as_slice);
                    let right = layered.right.get(v).map_or(&[][..], Vec::as_slice);
                    for &n in left.iter().chain(right) {
                        if band(n) == band(v) {
                            let w = weight(v, n);
                            sum += w * y.get(n).copied().unwrap_or(0.0);
                            total += w;
                        }
                    }
                    let own = y.get(v).copied().unwrap_or(0.0);
                    if total > 0.0 {
                        desired.push(sum / total);
                        weights.push(total);
                    } else {
                        desired.push(own);
                        weights.push(0.01);
                    }
                    if let Some(&next) = run.get(i + 1) {
                        gaps.push(separation(v, next));
                    }
                }
                let solved = ordered_fit(&desired, &weights, &gaps);
                for (&v, value) in run.iter().zip(solved) {
                    if let Some(slot) = y.get_mut(v) {
                        *slot = value;
                    }
                }
            }
        }
    }

    // Stack the bands.
    let band_count = graph.groups.len() + 1;
    let mut extent = vec![(f64::INFINITY, f64::NEG_INFINITY); band_count];
    for (v, vertex) in vertices.iter().enumerate() {
        if let (Some(e), Some(&at)) = (extent.get_mut(vertex.band), y.get(v)) {
            e.0 = e.0.min(at - vertex.size.height / 2.0);
            e.1 = e.1.max(at + vertex.size.height / 2.0);
        }
    }
    let mut shift = vec![0.0; band_count];
    let mut band_box = vec![(0.0, 0.0); band_count];
    let mut cursor = MARGIN;
    for (b, &(top, bottom)) in extent.iter().enumerate() {
        if top > bottom {
            continue;
        }
        let (header, footer) = match b.checked_sub(1).and_then(|g| graph.groups.get(g)) {
            Some(title) => (title.sane().height + 2.0 * TITLE_PAD, GROUP_PAD),
            None => (0.0, 0.0),
        };
        if let (Some(s), Some(bb)) = (shift.get_mut(b), band_box.get_mut(b)) {
            *s = cursor + header - top;
            let end = cursor + header + (bottom - top) + footer;
            *bb = (cursor, end);
            cursor = end + BAND_GAP;
        }
    }

    // Layers side by side.
    let mut layer_left = Vec::with_capacity(layers.len());
    let mut layer_width = Vec::with_capacity(layers.len());
    let mut x = MARGIN + GROUP_PAD;
    for layer in layers {
        let width = layer.iter().map(|&v| size(v).width).fold(0.0_f64, f64::max);
        layer_left.push(x);
        layer_width.push(width);
        x += width + LAYER_GAP;
    }
    let center = |v: usize| -> Point {
        let Some(vertex) = vertices.get(v) else {
            return Point::default();
        };
        let left = layer_left.get(vertex.rank).copied().unwrap_or(0.0);
        let width = layer_width.get(vertex.rank).copied().unwrap_or(0.0);
        Point {
            x: left + width / 2.0,
            y: y.get(v).copied().unwrap_or(0.0) + shift.get(vertex.band).copied().unwrap_or(0.0),
        }
    };
    let rect = |v: usize| Rect::centered(center(v), size(v));

    let mut out = Layout {
        nodes: (0..graph.nodes.len()).map(rect).collect(),
        ..Layout::default()
    };
    let ports = ports(layered, &out.nodes, &center);

    for (index, chain) in layered.chains.iter().enumerate() {
        let edge = graph.edges.get(index);
        let mut route = Route::default();
        match (chain.vertices.first(), chain.vertices.last()) {
            (Some(&first), Some(&last)) if chain.vertices.len() >= 2 => {
                let (start, end) = ports.get(index).copied().unwrap_or_default();
                let (a, b) = (rect(first), rect(last));
                route.points.push(Point {
                    x: a.right(),
                    y: start,
                });
                for &v in chain.vertices.iter().skip(1).take(chain.vertices.len() - 2) {
                    let c = center(v);
                    let s = size(v);
                    if vertices.get(v).map(|v| v.role) == Some(Role::Label) {
                        route.label = Some(Rect::centered(c, s));
                        route.points.push(Point {
                            x: c.x - s.width / 2.0,
                            y: c.y,
                        });
                        route.points.push(Point {
                            x: c.x + s.width / 2.0,
                            y: c.y,
                        });
                    } else {
                        route.points.push(c);
                    }
                }
                route.points.push(Point { x: b.x, y: end });
                if chain.reversed {
                    route.points.reverse();
                }
            }
            _ => {
                // A self-loop: a small loop in the gap right of its node.
                if let Some(edge) = edge
                    && edge.from == edge.to
                    && let Some(r) = out.nodes.get(edge.from)
                {
                    let (x0, x1) = (r.right(), r.right() + LAYER_GAP * 0.6);
                    let (y0, y1) = (r.y + r.height * 0.3, r.y + r.height * 0.7);
                    route.points = vec![
                        Point { x: x0, y: y0 },
                        Point { x: x1, y: y0 },
                        Point { x: x1, y: y1 },
                        Point { x: x0, y: y1 },
                    ];
                }
            }
        }
        out.edges.push(route);
    }

    out.groups = (0..graph.groups.len())
        .map(|g| {
            let members = graph
                .nodes
                .iter()
                .zip(&out.nodes)
                .filter(|(node, _)| node.group == Some(g))
                .map(|(_, r)| r);
            let (mut x0, mut x1) = (f64::INFINITY, f64::NEG_INFINITY);
            for r in members {
                x0 = x0.min(r.x);
                x1 = x1.max(r.right());
            }
            if x0 > x1 {
                return None;
            }
            let title = graph.groups.get(g).map_or(Size::default(), |s| s.sane());
            let (y0, y1) = band_box.get(g + 1).copied().unwrap_or_default();
            x0 -= GROUP_PAD;
            x1 = (x1 + GROUP_PAD).max(x0 + title.width + 2.0 * GROUP_PAD);
            Some(Rect {
                x: x0,
                y: y0,
                width: x1 - x0,
                height: y1 - y0,
            })
        })
        .collect();

    let mut right: f64 = 0.0;
    let mut bottom: f64 = 0.0;
    let rects = out
        .nodes
        .iter()
        .chain(out.groups.iter().flatten())
        .chain(out.edges.iter().filter_map(|e| e.label.as_ref()));
    for r in rects {
        right = right.max(r.right());
        bottom = bottom.max(r.bottom());
    }
    for p in out.edges.iter().flat_map(|e| &e.points) {
        right = right.max(p.x);
        bottom = bottom.max(p.y);
    }
    out.width = right + MARGIN;
    out.height = bottom + MARGIN;
    out
}

/// Where each edge leaves its source and enters its target: edges on one side of a node are
/// spread over its middle, in the order of where they go, so they do not start on one point.
fn ports(layered: &Layered, nodes: &[Rect], center: &dyn Fn(usize) -> Point) -> Vec<(f64, f64)> {
    let mut result: Vec<(f64, f64)> = layered
        .chains
        .iter()
        .map(|chain| {
            let y = |v: Option<&usize>| v.map_or(0.0, |&v| center(v).y);
            (y(chain.vertices.first()), y(chain.vertices.last()))
        })
        .collect();
    // Per node and side: (neighbour's y, chain, is the start of the chain).
    let mut sides: Vec<[Vec<(f64, usize, bool)>; 2]> = vec![[Vec::new(), Vec::new()]; nodes.len()];
    for (index, chain) in layered.chains.iter().enumerate() {
        let n = chain.vertices.len();
        if n < 2 {
            continue;
        }
        let (Some(&first), Some(&second), Some(&before_last), Some(&last)) = (
            chain.vertices.first(),
            chain.vertices.get(1),
            chain.vertices.get(n - 2),
            chain.vertices.last(),
        ) else {
            continue;
        };
        if let Some([_, right]) = sides.get_mut(first) {
            right.push((center(second).y, index, true));
        }
        if let Some([left, _]) = sides.get_mut(last) {
            left.push((center(before_last).y, index, false));
        }
    }
    for (node, node_sides) in sides.iter_mut().enumerate() {
        let Some(rect) = nodes.get(node) else {
            continue;
        };
        for side in node_sides.iter_mut() {
            let k = side.len();
            if k < 2 {
                continue;
            }
            side.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let step = (rect.height * 0.6 / (k - 1) as f64).min(10.0);
            let middle = rect.y + rect.height / 2.0;
            for (i, &(_, chain, is_start)) in side.iter().enumerate() {
                let at = middle + (i as f64 - (k - 1) as f64 / 2.0) * step;
                if let Some(slot) = result.get_mut(chain) {
                    if is_start {
                        slot.0 = at;
                    } else {
                        slot.1 = at;
                    }
                }
            }
        }
    }
    result
}

/// The positions closest (in weighted squares) to `desired` that keep the order and at least
/// `gaps[i]` between positions `i` and `i + 1`: pool-adjacent-violators on the positions minus
/// their cumulative gaps, exact in linear time.
pub(super) fn ordered_fit(desired: &[f64], weights: &[f64], gaps: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(desired.len());
    let mut at = 0.0;
    for i in 0..desired.len() {
        if i > 0 {
            at += gaps.get(i - 1).copied().unwrap_or(0.0);
        }
        offsets.push(at);
    }
    // Blocks of pooled values: (total weight, weighted sum, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for ((&d, &w), &o) in desired.iter().zip(weights).zip(&offsets) {
        let w = if w.is_finite() && w > 0.0 { w } else { 1e-3 };
        let d = if d.is_finite() { d } else { 0.0 };
        blocks.push((w, w * (d - o), 1));
        while let [.., a, b] = blocks.as_slice() {
            if a.1 / a.0 <= b.1 / b.0 {
                break;
            }
            let merged = (a.0 + b.0, a.1 + b.1, a.2 + b.2);
            blocks.pop();
            if let Some(last) = blocks.last_mut() {
                *last = merged;
            }
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (w, sum, count) in blocks {
        let value = sum / w;
        out.extend(std::iter::repeat_n(value, count));
    }
    out.iter().zip(&offsets).map(|(z, o)| z + o).collect()
}
