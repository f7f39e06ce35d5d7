//! Properties over generated graphs: no overlaps, every edge drawn, groups around their members,
//! deterministic, stable when a size changes.

use super::sample::generate;
use super::*;

fn check_properties(graph: &Graph, layout: &Layout) {
    let n = graph.nodes.len();
    assert_eq!(layout.nodes.len(), n);
    assert_eq!(layout.edges.len(), graph.edges.len());
    assert!(layout.width.is_finite() && layout.height.is_finite());
    for (i, (node, rect)) in graph.nodes.iter().zip(&layout.nodes).enumerate() {
        assert!(
            rect.x.is_finite() && rect.y.is_finite(),
            "node {i}: {rect:?}"
        );
        assert_eq!(rect.width, node.size.width);
        assert_eq!(rect.height, node.size.height);
        assert!(rect.x >= 0.0 && rect.y >= 0.0, "node {i} is off the canvas");
        assert!(rect.right() <= layout.width && rect.bottom() <= layout.height);
    }
    for i in 0..n {
        for j in i + 1..n {
            assert!(
                !layout.nodes[i].overlaps(&layout.nodes[j]),
                "nodes {i} and {j} overlap: {:?} {:?}",
                layout.nodes[i],
                layout.nodes[j]
            );
        }
    }
    let labels: Vec<(usize, Rect)> = layout
        .edges
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.label.map(|l| (i, l)))
        .collect();
    for (i, label) in &labels {
        for (j, node) in layout.nodes.iter().enumerate() {
            assert!(!label.overlaps(node), "label of edge {i} overlaps node {j}");
        }
        for (j, other) in &labels {
            assert!(
                i == j || !label.overlaps(other),
                "labels of {i} and {j} overlap"
            );
        }
    }
    for (i, (edge, route)) in graph.edges.iter().zip(&layout.edges).enumerate() {
        assert!(route.points.len() >= 2, "edge {i} is not drawn");
        assert!(
            route
                .points
                .iter()
                .all(|p| p.x.is_finite() && p.y.is_finite())
        );
        let (first, last) = (route.points[0], route.points[route.points.len() - 1]);
        let (a, b) = (layout.nodes[edge.from], layout.nodes[edge.to]);
        let on_side = |p: Point, r: Rect| {
            ((p.x - r.x).abs() < 1e-6 || (p.x - r.right()).abs() < 1e-6)
                && p.y >= r.y - 1e-6
                && p.y <= r.bottom() + 1e-6
        };
        assert!(on_side(first, a), "edge {i} does not start on its source");
        assert!(on_side(last, b), "edge {i} does not end on its target");
        if edge.from != edge.to {
            assert_eq!(
                route.label.is_some(),
                edge.label.is_some(),
                "edge {i}'s label"
            );
        }
    }
    assert_eq!(layout.groups.len(), graph.groups.len());
    for (g, group) in layout.groups.iter().enumerate() {
        let members: Vec<usize> = (0..n)
            .filter(|&i| graph.nodes[i].group == Some(g))
            .collect();
        let Some(rect) = group else {
            assert!(members.is_empty(), "group {g} has members but no box");
            continue;
        };
        for (i, node) in layout.nodes.iter().enumerate() {
            if members.contains(&i) {
                assert!(
                    rect.contains_rect(node),
                    "group {g} does not contain node {i}"
                );
            } else {
                assert!(!rect.overlaps(node), "group {g}'s box covers node {i}");
            }
        }
        for (h, other) in layout.groups.iter().enumerate() {
            if let Some(other) = other {
                assert!(
                    h == g || !rect.overlaps(other),
                    "groups {g} and {h} overlap"
                );
            }
        }
    }
}

#[test]
fn generated_graphs_have_no_overlaps_and_every_edge_drawn() {
    for seed in 0..60 {
        let n = 1 + (seed as usize * 7) % 90;
        let graph = generate(seed, n, 0.5 + (seed % 4) as f64 * 0.5, (seed % 4) as usize);
        let drawn = layout(&graph);
        check_properties(&graph, &drawn);
    }
}

#[test]
fn layout_is_deterministic() {
    for seed in 100..110 {
        let graph = generate(seed, 80, 1.5, 3);
        assert_eq!(layout(&graph), layout(&graph.clone()));
    }
}

#[test]
fn a_wider_label_moves_nothing_vertically_and_reorders_nothing() {
    for seed in 200..220 {
        let graph = generate(seed, 40, 1.2, 2);
        let before = layout(&graph);
        let mut edited = graph.clone();
        // Typing one character into a node's name widens it.
        let which = seed as usize % edited.nodes.len();
        edited.nodes[which].size.width += 7.0;
        let after = layout(&edited);
        check_properties(&edited, &after);
        for (i, (a, b)) in before.nodes.iter().zip(&after.nodes).enumerate() {
            assert_eq!(a.y, b.y, "node {i} jumped vertically");
            // Columns are centred: the widened node grows both ways, what is right of it moves
            // right by at most the growth.
            let moved = b.x - a.x;
            assert!(moved.abs() <= 7.0 + 1e-9, "node {i} moved by {moved}");
        }
    }
}

#[test]
fn edges_go_left_to_right_and_cycles_are_drawn() {
    // a → b → c → a, and a → c: one edge of the cycle is drawn backwards.
    let node = || Node {
        size: Size::new(50.0, 20.0),
        group: None,
    };
    let edge = |from, to| Edge {
        from,
        to,
        label: None,
    };
    let graph = Graph {
        nodes: vec![node(), node(), node()],
        edges: vec![edge(0, 1), edge(1, 2), edge(2, 0), edge(0, 2)],
        groups: Vec::new(),
    };
    let drawn = layout(&graph);
    check_properties(&graph, &drawn);
    assert!(drawn.nodes[0].x < drawn.nodes[1].x && drawn.nodes[1].x < drawn.nodes[2].x);
    // The back edge leaves c's left side and enters a's right side.
    let back = &drawn.edges[2].points;
    assert_eq!(back[0].x, drawn.nodes[2].x);
    assert_eq!(back[back.len() - 1].x, drawn.nodes[0].right());
}

#[test]
fn crossings_are_removed_when_possible() {
    // Two parallel chains given in a crossing order: a0 → b1, a1 → b0.
    let node = || Node {
        size: Size::new(40.0, 20.0),
        group: None,
    };
    let graph = Graph {
        nodes: (0..4).map(|_| node()).collect(),
        edges: vec![
            Edge {
                from: 0,
                to: 3,
                label: None,
            },
            Edge {
                from: 1,
                to: 2,
                label: None,
            },
        ],
        groups: Vec::new(),
    };
    let drawn = layout(&graph);
    let above = |a: usize, b: usize| drawn.nodes[a].y < drawn.nodes[b].y;
    assert_eq!(above(0, 1), above(3, 2), "the edges cross");
}

#[test]
fn ordered_fit_keeps_order_and_gaps() {
    let out = place::ordered_fit(&[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0], &[10.0, 10.0]);
    assert_eq!(out, vec![-10.0, 0.0, 10.0]);
    let out = place::ordered_fit(&[0.0, 100.0], &[1.0, 1.0], &[10.0]);
    assert_eq!(out, vec![0.0, 100.0]);
    let out = place::ordered_fit(&[f64::NAN, 5.0], &[f64::NAN, 1.0], &[10.0]);
    assert!(out.iter().all(|v| v.is_finite()));
}

#[test]
fn degenerate_inputs_do_not_panic() {
    assert_eq!(layout(&Graph::default()).nodes.len(), 0);
    let graph = Graph {
        nodes: vec![Node {
            size: Size::new(f64::NAN, -3.0),
            group: Some(9),
        }],
        edges: vec![Edge {
            from: 0,
            to: 5,
            label: None,
        }],
        groups: Vec::new(),
    };
    let drawn = layout(&graph);
    assert!(drawn.nodes[0].x.is_finite());
    assert!(drawn.edges[0].points.is_empty());
}
