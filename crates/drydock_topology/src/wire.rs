//! A drawing as compact text ([`drydock_base::wire`]), for the page to read what the diagram
//! engine (a web worker) drew. [`Drawing::from_wire`] never panics: anything else than what
//! [`Drawing::to_wire`] writes (an unknown view or kind, an edge to a node that is not there)
//! reads as `None`.

use drydock_base::wire::{Reader, Writer};
use drydock_layout::{Layout, Point, Rect, Route};

use crate::{Drawing, Edge, Group, Node, NodeKind, Source, Topology, View};

impl Drawing {
    /// The drawing as text [`Drawing::from_wire`] reads back to an equal drawing.
    pub fn to_wire(&self) -> String {
        let mut w = Writer::new();
        let Topology {
            view,
            nodes,
            edges,
            groups,
        } = &self.topology;
        w.uint(View::ALL.iter().position(|v| v == view).unwrap_or(0));
        w.uint(nodes.len());
        for node in nodes {
            w.str(&node.id);
            w.uint(kind_index(node.kind));
            w.str(&node.kind_label);
            w.str(&node.label);
            w.strs(&node.details);
            w.option(node.group, Writer::uint);
            w.uint(node.findings);
            w.option(node.worst, Writer::severity);
            w.option(node.source.as_ref(), source);
            w.option(node.badge.as_deref(), Writer::str);
        }
        w.uint(edges.len());
        for edge in edges {
            w.uint(edge.from);
            w.uint(edge.to);
            w.option(edge.label.as_deref(), Writer::str);
            w.strs(&edge.details);
            w.uint(usize::from(edge.broken));
            w.option(edge.source.as_ref(), source);
        }
        w.uint(groups.len());
        for group in groups {
            w.str(&group.id);
            w.str(&group.label);
        }
        let layout = &self.layout;
        w.float(layout.width);
        w.float(layout.height);
        w.uint(layout.nodes.len());
        for r in &layout.nodes {
            rect(&mut w, *r);
        }
        w.uint(layout.edges.len());
        for route in &layout.edges {
            w.uint(route.points.len());
            for point in &route.points {
                w.float(point.x);
                w.float(point.y);
            }
            w.option(route.label, rect);
        }
        w.uint(layout.groups.len());
        for group in &layout.groups {
            w.option(*group, rect);
        }
        w.finish()
    }

    /// Reads what [`Drawing::to_wire`] wrote; `None` for anything else.
    pub fn from_wire(text: &str) -> Option<Drawing> {
        let mut r = Reader::new(text);
        let view = *View::ALL.get(r.uint()?)?;
        let nodes = r.list(|r| {
            Some(Node {
                id: r.str()?,
                kind: *KINDS.get(r.uint()?)?,
                kind_label: r.str()?,
                label: r.str()?,
                details: r.strs()?,
                group: r.option(Reader::uint)?,
                findings: r.uint()?,
                worst: r.option(Reader::severity)?,
                source: r.option(read_source)?,
                badge: r.option(Reader::str)?,
            })
        })?;
        let edges = r.list(|r| {
            Some(Edge {
                from: r.uint()?,
                to: r.uint()?,
                label: r.option(Reader::str)?,
                details: r.strs()?,
                broken: r.uint()? != 0,
                source: r.option(read_source)?,
            })
        })?;
        let groups = r.list(|r| {
            Some(Group {
                id: r.str()?,
                label: r.str()?,
            })
        })?;
        let layout = Layout {
            width: r.float()?,
            height: r.float()?,
            nodes: r.list(read_rect)?,
            edges: r.list(|r| {
                Some(Route {
                    points: r.list(|r| {
                        Some(Point {
                            x: r.float()?,
                            y: r.float()?,
                        })
                    })?,
                    label: r.option(read_rect)?,
                })
            })?,
            groups: r.list(|r| r.option(read_rect))?,
        };
        // Every edge names nodes that exist, and nothing is left over.
        let sound = r.is_done()
            && edges
                .iter()
                .all(|e| e.from < nodes.len() && e.to < nodes.len())
            && nodes
                .iter()
                .all(|n| n.group.is_none_or(|g| g < groups.len()));
        sound.then_some(Drawing {
            topology: Topology {
                view,
                nodes,
                edges,
                groups,
            },
            layout,
        })
    }
}

/// Every node kind, by its number on the wire.
const KINDS: [NodeKind; 14] = [
    NodeKind::Internet,
    NodeKind::Ingress,
    NodeKind::Service,
    NodeKind::Workload,
    NodeKind::ConfigMap,
    NodeKind::Secret,
    NodeKind::Volume,
    NodeKind::ServiceAccount,
    NodeKind::Policy,
    NodeKind::Access,
    NodeKind::Object,
    NodeKind::Stage,
    NodeKind::Image,
    NodeKind::Ghost,
];

/// A kind's number on the wire (its place in [`KINDS`]); a new kind fails to compile here.
const fn kind_index(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Internet => 0,
        NodeKind::Ingress => 1,
        NodeKind::Service => 2,
        NodeKind::Workload => 3,
        NodeKind::ConfigMap => 4,
        NodeKind::Secret => 5,
        NodeKind::Volume => 6,
        NodeKind::ServiceAccount => 7,
        NodeKind::Policy => 8,
        NodeKind::Access => 9,
        NodeKind::Object => 10,
        NodeKind::Stage => 11,
        NodeKind::Image => 12,
        NodeKind::Ghost => 13,
    }
}

fn source(w: &mut Writer, source: &Source) {
    w.str(&source.path);
    w.range(source.range);
    w.range(source.span);
}

fn rect(w: &mut Writer, rect: Rect) {
    for value in [rect.x, rect.y, rect.width, rect.height] {
        w.float(value);
    }
}

fn read_source(r: &mut Reader<'_>) -> Option<Source> {
    Some(Source {
        path: r.str()?,
        range: r.range()?,
        span: r.range()?,
    })
}

fn read_rect(r: &mut Reader<'_>) -> Option<Rect> {
    Some(Rect {
        x: r.float()?,
        y: r.float()?,
        width: r.float()?,
        height: r.float()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use drydock_base::workspace::Workspace;

    fn seed() -> Workspace {
        let mut workspace = Workspace::new();
        for (name, text) in [
            (
                "Dockerfile",
                include_str!("../../../examples/seed/Dockerfile"),
            ),
            (
                "mysql-deployment.yaml",
                include_str!("../../../examples/seed/mysql-deployment.yaml"),
            ),
            (
                "mysql-service.yaml",
                include_str!("../../../examples/seed/mysql-service.yaml"),
            ),
            (
                "nginx-deployment.yaml",
                include_str!("../../../examples/seed/nginx-deployment.yaml"),
            ),
            (
                "nginx-service.yaml",
                include_str!("../../../examples/seed/nginx-service.yaml"),
            ),
            (
                "web.yaml",
                include_str!("../../../examples/microservices/web.yaml"),
            ),
            (
                "ingress.yaml",
                include_str!("../../../examples/microservices/ingress.yaml"),
            ),
            (
                "shop/compose.yaml",
                include_str!("../../../examples/compose/compose.yaml"),
            ),
            ("shop/.env", include_str!("../../../examples/compose/.env")),
        ] {
            workspace.insert(name, text);
        }
        workspace
    }

    #[test]
    fn kinds_are_numbered_by_their_place() {
        for (index, kind) in KINDS.into_iter().enumerate() {
            assert_eq!(kind_index(kind), index, "{kind:?}");
        }
    }

    #[test]
    fn every_view_of_the_examples_reads_back_equal() {
        let workspace = seed();
        let findings = drydock_core::check(&workspace);
        assert!(!findings.is_empty());
        let mut with_findings = 0;
        for view in View::ALL {
            let drawing = Drawing::new(&workspace, &findings, view);
            assert!(!drawing.topology.nodes.is_empty(), "{view:?}");
            with_findings += drawing
                .topology
                .nodes
                .iter()
                .filter(|n| n.worst.is_some())
                .count();
            let wire = drawing.to_wire();
            let back = Drawing::from_wire(&wire).expect("reads back");
            assert_eq!(back.topology, drawing.topology, "{view:?}");
            assert_eq!(back.layout, drawing.layout, "{view:?}");
            assert_eq!(back.to_wire(), wire);
        }
        assert!(with_findings > 0);
    }

    #[test]
    fn odd_values_read_back_equal() {
        let mut drawing = Drawing::new(&seed(), &[], View::Together);
        let node = &mut drawing.topology.nodes[0];
        node.label = "ünïcode: 1:2,3 \n and \"quotes\" 🚢".into();
        node.details = vec![String::new(), ",".into(), ":".into()];
        node.badge = Some(String::new());
        drawing.layout.width = f64::MAX;
        drawing.layout.height = -0.0;
        drawing.layout.nodes[0].x = f64::MIN_POSITIVE;
        drawing.layout.nodes[0].y = 1e-300;
        let back = Drawing::from_wire(&drawing.to_wire()).unwrap();
        assert_eq!(back.topology, drawing.topology);
        assert_eq!(back.layout, drawing.layout);
    }

    #[test]
    fn anything_else_reads_as_none() {
        let wire = Drawing::new(&seed(), &[], View::Kubernetes).to_wire();
        // Every truncation, and every one-byte change of a prefix, never panics; truncations are
        // refused.
        for cut in 0..wire.len() {
            if let Some(prefix) = wire.get(..cut) {
                assert!(Drawing::from_wire(prefix).is_none(), "{cut}");
            }
        }
        let bytes = wire.as_bytes();
        for at in (0..bytes.len()).step_by(7) {
            for replacement in [b'9', b',', b':', b'-', b'x'] {
                let mut changed = bytes.to_vec();
                changed[at] = replacement;
                if let Ok(text) = String::from_utf8(changed) {
                    let _ = Drawing::from_wire(&text);
                }
            }
        }
        for text in [
            "",
            "9,",
            "0,99999999999999999999,",
            "0,18446744073709551615,",
            "0,1,3:abc",
            "0,0,1,0,0,0,",
            "7,0,0,0,1,1,0,0,0,",
            "+0,0,0,0,1,1,0,0,0,",
        ] {
            assert!(Drawing::from_wire(text).is_none(), "{text:?}");
        }
        // The smallest drawings there are (floats as Rust writes them, infinities included).
        assert!(Drawing::from_wire("0,0,0,0,1,1,0,0,0,").is_some());
        assert!(Drawing::from_wire("0,0,0,0,NaN,inf,0,0,0,").is_some());
    }
}
