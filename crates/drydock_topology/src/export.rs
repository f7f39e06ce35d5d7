//! Exports: a standalone SVG (the playground's drawing with its colours resolved), Mermaid and
//! Graphviz DOT (the graph only; those tools lay it out themselves).

use std::fmt::Write;

use super::metrics::{
    DETAIL_FONT, KIND_FONT, NAME_FONT, NODE_PAD_X, detail_baseline, kind_baseline, name_baseline,
};
use super::{NodeKind, Topology};
use drydock_base::diagnostic::Severity;
use drydock_layout::{Layout, Point};

/// The colours of a standalone SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SvgTheme {
    Light,
    Dark,
}

struct Palette {
    background: &'static str,
    panel: &'static str,
    text: &'static str,
    muted: &'static str,
    border: &'static str,
    group: &'static str,
    error: &'static str,
    warning: &'static str,
    info: &'static str,
}

const LIGHT: Palette = Palette {
    background: "#f5f7fa",
    panel: "#ffffff",
    text: "#18202c",
    muted: "#566173",
    border: "#8c97a8",
    group: "#eef2f7",
    error: "#b3261e",
    warning: "#8a5300",
    info: "#00695c",
};

const DARK: Palette = Palette {
    background: "#0f131a",
    panel: "#161b24",
    text: "#e4e9f1",
    muted: "#a0aabb",
    border: "#5b6678",
    group: "#131922",
    error: "#ff8a80",
    warning: "#ffc266",
    info: "#6fd6c6",
};

/// The accent colour of a node kind (light, dark); the playground's stylesheet uses the same.
pub fn kind_colour(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::Internet => ("#5b3cc4", "#b39dff"),
        NodeKind::Ingress | NodeKind::Service => ("#0b5cad", "#7cb8ff"),
        NodeKind::Workload => ("#0b6e1e", "#8fd694"),
        NodeKind::ConfigMap | NodeKind::Secret | NodeKind::Volume => ("#a14a00", "#ffb86c"),
        NodeKind::ServiceAccount | NodeKind::Access | NodeKind::Policy => ("#8a1c9c", "#e1a6ff"),
        NodeKind::Object => ("#566173", "#a0aabb"),
        NodeKind::Stage => ("#00695c", "#6fd6c6"),
        NodeKind::Image => ("#37474f", "#b0bec5"),
        NodeKind::Ghost => ("#b3261e", "#ff8a80"),
    }
}

/// A number written with the precision of its placeholder (`{:.1}`: one decimal), rounded half
/// away from zero, as integers are written: Rust's exact float formatting would weigh several
/// kilobytes in the page's module for coordinates that need none of its exactness. Not finite
/// numbers are written as 0, and no zero is negative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fixed(pub f64);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = f.precision().unwrap_or(0).min(9);
        let scale = 10_u64.pow(u32::try_from(digits).unwrap_or(0));
        #[allow(clippy::cast_precision_loss)]
        let scaled = (self.0 * scale as f64).round();
        if !scaled.is_finite() {
            return f.write_str("0");
        }
        // `as` saturates: numbers beyond u64 (never coordinates) are written at its limit.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = scaled.abs() as u64;
        if scaled < 0.0 && whole != 0 {
            f.write_str("-")?;
        }
        write!(f, "{}", whole / scale)?;
        if digits > 0 {
            write!(f, ".{:0digits$}", whole % scale)?;
        }
        Ok(())
    }
}

/// SVG path data for a route: a curve through the points with horizontal tangents, so edges
/// leave and enter nodes straight.
pub fn path_data(points: &[Point]) -> String {
    let mut out = String::new();
    let mut previous: Option<Point> = None;
    for &p in points {
        match previous {
            None => {
                let _ = write!(out, "M{:.1},{:.1}", Fixed(p.x), Fixed(p.y));
            }
            Some(q) if (q.y - p.y).abs() < 0.5 || (q.x - p.x).abs() < 0.5 => {
                let _ = write!(out, " L{:.1},{:.1}", Fixed(p.x), Fixed(p.y));
            }
            Some(q) => {
                let dx = (p.x - q.x) / 2.0;
                let _ = write!(
                    out,
                    " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    Fixed(q.x + dx),
                    Fixed(q.y),
                    Fixed(p.x - dx),
                    Fixed(p.y),
                    Fixed(p.x),
                    Fixed(p.y)
                );
            }
        }
        previous = Some(p);
    }
    out
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A sentence describing the diagram, for `<desc>` and screen readers.
pub fn describe(topology: &Topology) -> String {
    let broken = topology.edges.iter().filter(|e| e.broken).count();
    let with_findings = topology.nodes.iter().filter(|n| n.findings > 0).count();
    format!(
        "{} view: {} nodes, {} edges ({} broken), {} groups; {} nodes have findings.",
        topology.view.as_str(),
        topology.nodes.len(),
        topology.edges.len(),
        broken,
        topology.groups.len(),
        with_findings
    )
}

fn severity_colour(palette: &Palette, severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Error) => palette.error,
        Some(Severity::Warning) => palette.warning,
        Some(Severity::Info) => palette.info,
        None => palette.border,
    }
}

/// A standalone SVG of the drawing, with its colours resolved for `theme`.
pub fn to_svg(topology: &Topology, layout: &Layout, theme: SvgTheme) -> String {
    let palette = match theme {
        SvgTheme::Light => &LIGHT,
        SvgTheme::Dark => &DARK,
    };
    let dark = theme == SvgTheme::Dark;
    let (kind_font, name_font, detail_font) =
        (Fixed(KIND_FONT), Fixed(NAME_FONT), Fixed(DETAIL_FONT));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-labelledby="title desc">"#,
        w = Fixed(layout.width),
        h = Fixed(layout.height)
    );
    let _ = write!(
        s,
        "<title id=\"title\">Drydock topology</title><desc id=\"desc\">{}</desc>",
        xml_escape(&describe(topology))
    );
    let _ = write!(
        s,
        "<style>text{{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;fill:{text}}}.mono{{font-family:ui-monospace,Menlo,Consolas,'DejaVu Sans Mono','Liberation Mono',monospace}}.muted{{fill:{muted}}}</style>",
        text = palette.text,
        muted = palette.muted
    );
    let _ = write!(
        s,
        r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker><marker id="arrow-broken" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker></defs>"#,
        palette.muted, palette.error
    );
    let _ = write!(
        s,
        r#"<rect width="100%" height="100%" fill="{}"/>"#,
        palette.background
    );
    for (group, rect) in topology.groups.iter().zip(&layout.groups) {
        let Some(r) = rect else { continue };
        let _ = write!(
            s,
            r#"<g><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="{}" stroke="{}" stroke-dasharray="4 3"/><text x="{:.1}" y="{:.1}" font-size="12" font-weight="600" class="muted">{}</text></g>"#,
            Fixed(r.x),
            Fixed(r.y),
            Fixed(r.width),
            Fixed(r.height),
            palette.group,
            palette.border,
            Fixed(r.x + 10.0),
            Fixed(r.y + 18.0),
            xml_escape(&group.label)
        );
    }
    for (edge, route) in topology.edges.iter().zip(&layout.edges) {
        if route.points.len() < 2 {
            continue;
        }
        let (colour, marker, dash) = if edge.broken {
            (palette.error, "arrow-broken", r#" stroke-dasharray="6 4""#)
        } else {
            (palette.muted, "arrow", "")
        };
        let _ = write!(
            s,
            r#"<path d="{}" fill="none" stroke="{colour}" stroke-width="1.4"{dash} marker-end="url(#{marker})"/>"#,
            path_data(&route.points)
        );
        if let (Some(label), Some(r)) = (&edge.label, route.label) {
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="{}" stroke="{}"/><text x="{:.1}" y="{:.1}" font-size="{detail_font:.0}" text-anchor="middle" class="mono"{}>{}</text>"#,
                Fixed(r.x),
                Fixed(r.y),
                Fixed(r.width),
                Fixed(r.height),
                palette.panel,
                if edge.broken {
                    palette.error
                } else {
                    palette.border
                },
                Fixed(r.x + r.width / 2.0),
                Fixed(r.y + r.height - 5.0),
                if edge.broken {
                    format!(r#" style="fill:{}""#, palette.error)
                } else {
                    String::new()
                },
                xml_escape(label)
            );
        }
    }
    for (node, r) in topology.nodes.iter().zip(&layout.nodes) {
        let accent = if dark {
            kind_colour(node.kind).1
        } else {
            kind_colour(node.kind).0
        };
        let stroke = if node.findings > 0 {
            severity_colour(palette, node.worst)
        } else {
            palette.border
        };
        let ghost = node.kind == NodeKind::Ghost;
        let _ = write!(
            s,
            r#"<g><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{}" stroke="{}" stroke-width="{}"{}/><rect x="{:.1}" y="{:.1}" width="4" height="{:.1}" rx="2" fill="{accent}"/>"#,
            Fixed(r.x),
            Fixed(r.y),
            Fixed(r.width),
            Fixed(r.height),
            palette.panel,
            if ghost { palette.error } else { stroke },
            if node.findings > 0 { 2 } else { 1 },
            if ghost {
                r#" stroke-dasharray="5 3""#
            } else {
                ""
            },
            Fixed(r.x),
            Fixed(r.y + 4.0),
            Fixed(r.height - 8.0)
        );
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" font-size="{kind_font:.0}" class="muted">{}</text><text x="{:.1}" y="{:.1}" font-size="{name_font:.0}" font-weight="700">{}</text>"#,
            Fixed(r.x + NODE_PAD_X),
            Fixed(r.y + kind_baseline()),
            xml_escape(&node.kind_label),
            Fixed(r.x + NODE_PAD_X),
            Fixed(r.y + name_baseline()),
            xml_escape(&node.label)
        );
        for (i, detail) in node.details.iter().enumerate() {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="{detail_font:.0}" class="mono muted">{}</text>"#,
                Fixed(r.x + NODE_PAD_X),
                Fixed(r.y + detail_baseline(i)),
                xml_escape(detail)
            );
        }
        if node.findings > 0 {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="10" fill="{}"/><text x="{:.1}" y="{:.1}" font-size="11" font-weight="700" text-anchor="middle" style="fill:{}">{}</text>"#,
                Fixed(r.right() - 16.0),
                Fixed(r.y + 16.0),
                severity_colour(palette, node.worst),
                Fixed(r.right() - 16.0),
                Fixed(r.y + 20.0),
                palette.panel,
                node.findings
            );
        }
        if let Some(badge) = &node.badge {
            let _ = write!(
                s,
                r#"<text x="{:.1}" y="{:.1}" font-size="10" font-weight="700" text-anchor="end" style="fill:{accent}">{}</text>"#,
                Fixed(r.right() - if node.findings > 0 { 32.0 } else { 8.0 }),
                Fixed(r.y + kind_baseline()),
                xml_escape(&badge.to_uppercase())
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>\n");
    s
}

fn quote_mermaid(text: &str) -> String {
    text.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// A Mermaid flowchart of the graph.
pub fn to_mermaid(topology: &Topology) -> String {
    let mut s = String::from("flowchart LR\n");
    let node_line = |s: &mut String, i: usize, indent: &str| {
        let Some(node) = topology.nodes.get(i) else {
            return;
        };
        let mut text = format!(
            "{}<br/><b>{}</b>",
            quote_mermaid(&node.kind_label),
            quote_mermaid(&node.label)
        );
        for detail in &node.details {
            text.push_str("<br/>");
            text.push_str(&quote_mermaid(detail));
        }
        if node.findings > 0 {
            let _ = write!(
                text,
                "<br/>{} finding{}",
                node.findings,
                if node.findings == 1 { "" } else { "s" }
            );
        }
        let (open, close) = match node.kind {
            NodeKind::Internet => ("((", "))"),
            NodeKind::Service | NodeKind::Ingress => ("([", "])"),
            NodeKind::Image => ("[(", ")]"),
            _ => ("[", "]"),
        };
        let _ = writeln!(s, "{indent}n{i}{open}\"{text}\"{close}");
    };
    for (g, group) in topology.groups.iter().enumerate() {
        let _ = writeln!(s, "  subgraph g{g}[\"{}\"]", quote_mermaid(&group.label));
        for (i, _) in topology
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.group == Some(g))
        {
            node_line(&mut s, i, "    ");
        }
        s.push_str("  end\n");
    }
    for (i, _) in topology
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.group.is_none())
    {
        node_line(&mut s, i, "  ");
    }
    let mut broken = Vec::new();
    for (index, edge) in topology.edges.iter().enumerate() {
        let arrow = if edge.broken { "-.->" } else { "-->" };
        match &edge.label {
            Some(label) => {
                let _ = writeln!(
                    s,
                    "  n{} {arrow}|\"{}\"| n{}",
                    edge.from,
                    quote_mermaid(label),
                    edge.to
                );
            }
            None => {
                let _ = writeln!(s, "  n{} {arrow} n{}", edge.from, edge.to);
            }
        }
        if edge.broken {
            broken.push(index.to_string());
        }
    }
    s.push_str("  classDef ghost stroke:#b3261e,stroke-dasharray:5 3\n");
    s.push_str("  classDef error stroke:#b3261e,stroke-width:2px\n");
    s.push_str("  classDef warning stroke:#8a5300,stroke-width:2px\n");
    for (i, node) in topology.nodes.iter().enumerate() {
        let class = match (node.kind, node.worst) {
            (NodeKind::Ghost, _) => "ghost",
            (_, Some(Severity::Error)) => "error",
            (_, Some(Severity::Warning)) => "warning",
            _ => continue,
        };
        let _ = writeln!(s, "  class n{i} {class}");
    }
    if !broken.is_empty() {
        let _ = writeln!(s, "  linkStyle {} stroke:#b3261e", broken.join(","));
    }
    s
}

fn quote_dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Graphviz DOT digraph of the graph, groups as clusters.
pub fn to_dot(topology: &Topology) -> String {
    let mut s = String::from(
        "digraph topology {\n  rankdir=LR;\n  node [shape=box, style=\"rounded\", fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    let node_line = |s: &mut String, i: usize, indent: &str| {
        let Some(node) = topology.nodes.get(i) else {
            return;
        };
        let mut label = format!("{}\n{}", node.kind_label, node.label);
        for detail in &node.details {
            label.push('\n');
            label.push_str(detail);
        }
        if node.findings > 0 {
            let _ = write!(
                label,
                "\n{} finding{}",
                node.findings,
                if node.findings == 1 { "" } else { "s" }
            );
        }
        let mut attributes = vec![
            format!("label={}", quote_dot(&label)),
            format!("id={}", quote_dot(&node.id)),
        ];
        let colour = match (node.kind, node.worst) {
            (NodeKind::Ghost, _) => Some("style=\"rounded,dashed\", color=\"#b3261e\""),
            (_, Some(Severity::Error)) => Some("color=\"#b3261e\", penwidth=2"),
            (_, Some(Severity::Warning)) => Some("color=\"#8a5300\", penwidth=2"),
            _ => None,
        };
        attributes.extend(colour.map(str::to_owned));
        if node.kind == NodeKind::Internet {
            attributes.push("shape=ellipse".into());
        }
        let _ = writeln!(s, "{indent}n{i} [{}];", attributes.join(", "));
    };
    for (g, group) in topology.groups.iter().enumerate() {
        let _ = writeln!(
            s,
            "  subgraph cluster_{g} {{\n    label={};\n    style=dashed;",
            quote_dot(&group.label)
        );
        for (i, _) in topology
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.group == Some(g))
        {
            node_line(&mut s, i, "    ");
        }
        s.push_str("  }\n");
    }
    for (i, _) in topology
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.group.is_none())
    {
        node_line(&mut s, i, "  ");
    }
    for edge in &topology.edges {
        let mut attributes = Vec::new();
        if let Some(label) = &edge.label {
            attributes.push(format!("label={}", quote_dot(label)));
        }
        if edge.broken {
            attributes.push("color=\"#b3261e\", fontcolor=\"#b3261e\", style=dashed".to_owned());
        }
        let _ = writeln!(
            s,
            "  n{} -> n{} [{}];",
            edge.from,
            edge.to,
            attributes.join(", ")
        );
    }
    s.push_str("}\n");
    s
}

#[cfg(test)]
mod fixed_tests {
    use super::Fixed;

    #[test]
    fn fixed_writes_what_the_precision_asks() {
        let cases = [
            (format!("{:.1}", Fixed(12.34)), "12.3"),
            (format!("{:.1}", Fixed(12.35)), "12.4"),
            (format!("{:.1}", Fixed(-0.04)), "0.0"),
            (format!("{:.1}", Fixed(-7.25)), "-7.3"),
            (format!("{:.0}", Fixed(59.5)), "60"),
            (format!("{:.3}", Fixed(1.0)), "1.000"),
            (format!("{:.3}", Fixed(0.0625)), "0.063"),
            (format!("{}", Fixed(3.7)), "4"),
            (format!("{:.1}", Fixed(f64::NAN)), "0"),
            (format!("{:.1}", Fixed(f64::INFINITY)), "0"),
            (format!("{:.0}", Fixed(1e30)), "18446744073709551615"),
        ];
        for (written, expected) in cases {
            assert_eq!(written, expected);
        }
    }
}
