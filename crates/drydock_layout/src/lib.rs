//! Layered drawing of directed graphs (Sugiyama's method), in pure Rust, left to right.
//!
//! 1. [`rank`]: cycles are broken by reversing the back edges of a depth-first search (sources
//!    first), then every node gets a layer by longest path; sources move next to their first
//!    successor so a lone policy or autoscaler is not stranded at the far left.
//! 2. Layers are doubled: nodes sit on even layers, and an edge label is a vertex of its own on
//!    an odd layer between its ends. Labels are therefore laid out like nodes and can never
//!    overlap a node or another label. Long edges become chains of zero-width vertices.
//! 3. [`order`]: crossings are reduced by barycenter sweeps, keeping the best order seen.
//! 4. [`place`]: vertical positions by iterated averaging of neighbours, each layer solved
//!    exactly under its ordering and spacing constraints; horizontal positions from layer widths.
//!
//! Groups are horizontal bands: a group's members are contiguous in every layer, each band is
//! placed on its own, and bands are stacked, so a group's box contains only its members (and the
//! edges passing through). Nothing depends on sizes except coordinates, so a label growing by one
//! character moves what is right of it by that much and reorders nothing. No hashing, no clock:
//! the same graph always gives the same drawing.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde::{Deserialize, Serialize};

mod order;
mod place;
mod rank;
pub mod sample;
#[cfg(test)]
mod tests;

/// Space between neighbouring nodes of one layer.
pub const NODE_GAP: f64 = 18.0;
/// Space between a layer of nodes and the layer of labels next to it.
pub const LAYER_GAP: f64 = 28.0;
/// Space inside a group's box around its members.
pub const GROUP_PAD: f64 = 12.0;
/// Space between stacked groups.
pub const BAND_GAP: f64 = 28.0;
/// Space around the whole drawing.
pub const MARGIN: f64 = 16.0;

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

impl Size {
    pub const fn new(width: f64, height: f64) -> Self {
        Size { width, height }
    }

    /// Negative, infinite or NaN sizes count as zero, so they cannot poison the arithmetic.
    fn sane(self) -> Size {
        let fix = |v: f64| if v.is_finite() && v > 0.0 { v } else { 0.0 };
        Size::new(fix(self.width), fix(self.height))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// A rectangle by its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    fn centered(center: Point, size: Size) -> Rect {
        Rect {
            x: center.x - size.width / 2.0,
            y: center.y - size.height / 2.0,
            width: size.width,
            height: size.height,
        }
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.width / 2.0,
            y: self.y + self.height / 2.0,
        }
    }

    /// Whether the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-6;
        self.x + EPS < other.right()
            && other.x + EPS < self.right()
            && self.y + EPS < other.bottom()
            && other.y + EPS < self.bottom()
    }

    pub fn contains_rect(&self, other: &Rect) -> bool {
        const EPS: f64 = 1e-6;
        self.x <= other.x + EPS
            && self.y <= other.y + EPS
            && other.right() <= self.right() + EPS
            && other.bottom() <= self.bottom() + EPS
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Node {
    pub size: Size,
    /// An index into [`Graph::groups`].
    pub group: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// The size of the edge's label, if it has one.
    pub label: Option<Size>,
}

/// What to draw: boxes of known sizes, edges between them, and groups (the size of each
/// group's title).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub groups: Vec<Size>,
}

/// Where everything goes. Indices follow the [`Graph`]'s.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub nodes: Vec<Rect>,
    pub edges: Vec<Route>,
    /// `None` for a group without members.
    pub groups: Vec<Option<Rect>>,
}

/// An edge's path, from its source's border to its target's, through the points of a
/// polyline (drawn as a smooth curve); its label's box sits on the path.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Route {
    pub points: Vec<Point>,
    pub label: Option<Rect>,
}

/// What a vertex of the layered graph stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Node(usize),
    /// A bend of a long edge.
    Bend,
    /// An edge's label.
    Label,
}

#[derive(Debug, Clone)]
struct Vertex {
    rank: usize,
    size: Size,
    /// 0 for ungrouped vertices, `g + 1` for group `g`.
    band: usize,
    role: Role,
}

/// An edge as a chain of vertices, one per layer, in the acyclic orientation.
#[derive(Debug, Clone, Default)]
struct Chain {
    vertices: Vec<usize>,
    reversed: bool,
}

/// The graph with doubled layers, bends and labels as vertices.
#[derive(Debug, Clone, Default)]
struct Layered {
    vertices: Vec<Vertex>,
    /// Neighbours one layer to the left and to the right.
    left: Vec<Vec<usize>>,
    right: Vec<Vec<usize>>,
    /// One per edge of the input; empty for a self-loop.
    chains: Vec<Chain>,
    layer_count: usize,
}

impl Layered {
    fn add(&mut self, vertex: Vertex) -> usize {
        self.layer_count = self.layer_count.max(vertex.rank + 1);
        self.vertices.push(vertex);
        self.left.push(Vec::new());
        self.right.push(Vec::new());
        self.vertices.len() - 1
    }

    fn link(&mut self, a: usize, b: usize) {
        if let Some(list) = self.right.get_mut(a) {
            list.push(b);
        }
        if let Some(list) = self.left.get_mut(b) {
            list.push(a);
        }
    }

    fn is_node(&self, v: usize) -> bool {
        matches!(self.vertices.get(v).map(|v| v.role), Some(Role::Node(_)))
    }
}

/// Lays out `graph`. Edges whose ends are not nodes of the graph get an empty route.
pub fn layout(graph: &Graph) -> Layout {
    let node_count = graph.nodes.len();
    let valid = |e: &Edge| e.from < node_count && e.to < node_count;
    let pairs: Vec<(usize, usize)> = graph
        .edges
        .iter()
        .map(|e| if valid(e) { (e.from, e.to) } else { (0, 0) })
        .collect();
    let usable: Vec<bool> = graph
        .edges
        .iter()
        .map(|e| valid(e) && e.from != e.to)
        .collect();
    let reversed = rank::back_edges(node_count, &pairs, &usable);
    let oriented: Vec<Option<(usize, usize)>> = pairs
        .iter()
        .zip(&usable)
        .zip(&reversed)
        .map(|((&(a, b), &ok), &rev)| ok.then_some(if rev { (b, a) } else { (a, b) }))
        .collect();
    let ranks = rank::assign(node_count, &oriented);

    let band_of = |node: &Node| match node.group {
        Some(g) if g < graph.groups.len() => g + 1,
        _ => 0,
    };
    let mut layered = Layered::default();
    for (index, node) in graph.nodes.iter().enumerate() {
        layered.add(Vertex {
            rank: ranks.get(index).copied().unwrap_or(0) * 2,
            size: node.size.sane(),
            band: band_of(node),
            role: Role::Node(index),
        });
    }
    for (edge, orientation) in graph.edges.iter().zip(&oriented) {
        let Some((from, to)) = *orientation else {
            layered.chains.push(Chain::default());
            continue;
        };
        let rank_of = |v: usize| layered.vertices.get(v).map_or(0, |v| v.rank);
        let (start, end) = (rank_of(from), rank_of(to));
        let band = layered.vertices.get(to).map_or(0, |v| v.band);
        // The label goes on the odd layer nearest the middle.
        let mut label_rank = start + (end - start) / 2;
        if label_rank % 2 == 0 {
            label_rank -= 1;
        }
        let mut chain = vec![from];
        for rank in start + 1..end {
            let (role, size) = match edge.label {
                Some(size) if rank == label_rank => (Role::Label, size.sane()),
                _ => (Role::Bend, Size::new(0.0, 2.0)),
            };
            chain.push(layered.add(Vertex {
                rank,
                size,
                band,
                role,
            }));
        }
        chain.push(to);
        for pair in chain.windows(2) {
            if let [a, b] = *pair {
                layered.link(a, b);
            }
        }
        layered.chains.push(Chain {
            vertices: chain,
            reversed: orientation != &Some((edge.from, edge.to)),
        });
    }

    let layers = order::order(&layered);
    place::place(graph, &layered, &layers)
}
