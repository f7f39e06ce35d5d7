//! Deterministic sample graphs, for the property tests, the benchmark and the playground's
//! in-browser timing: the same graphs on every run and every platform.

use super::{Edge, Graph, Node, Size};

/// A small deterministic generator (xorshift64*): no dependency, the same graphs on every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A graph of `n` nodes of assorted sizes, about `edges_per_node` edges each (cycles, self-loops,
/// parallel edges and labels included), in `groups` groups (some nodes ungrouped).
pub fn generate(seed: u64, n: usize, edges_per_node: f64, groups: usize) -> Graph {
    let mut rng = Rng::new(seed);
    let nodes = (0..n)
        .map(|_| Node {
            size: Size::new(60.0 + rng.below(140) as f64, 30.0 + rng.below(50) as f64),
            group: (groups > 0 && rng.chance(80)).then(|| rng.below(groups)),
        })
        .collect();
    let edge_count = (n as f64 * edges_per_node) as usize;
    let edges = (0..edge_count)
        .map(|_| {
            let from = rng.below(n);
            // Mostly forward and local, like real topologies; some back edges and self-loops.
            let to = if rng.chance(85) {
                (from + 1 + rng.below(6)).min(n - 1)
            } else {
                rng.below(n)
            };
            let label = rng
                .chance(50)
                .then(|| Size::new(20.0 + rng.below(80) as f64, 14.0));
            Edge { from, to, label }
        })
        .collect();
    let groups = (0..groups)
        .map(|_| Size::new(40.0 + rng.below(100) as f64, 14.0))
        .collect();
    Graph {
        nodes,
        edges,
        groups,
    }
}
