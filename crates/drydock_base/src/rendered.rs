//! What a renderer made of source files — a kustomization's objects now, a Helm chart's or a
//! Compose project's next — in a form every front end can check: the rendered text, where each
//! piece of it was written ([`Span`]s into the [`Rendered::sources`]), and what rendering found.
//!
//! The façade checks the text like any manifest and places each finding at the origin of the
//! text it is about, so a finding on a rendered object lands on the base file's line, the patch's
//! line, or the kustomization line that set the value. The playground receives these values
//! from an engine, over [`crate::wire`].

use crate::diagnostic::{Fix, Severity, TextEdit};
use crate::text::TextRange;
use crate::wire::{Reader, Writer};
use crate::workspace::normalize_path;
use std::collections::HashSet;

/// One piece of the rendered text and the place it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The piece, in [`Rendered::text`].
    pub rendered: TextRange,
    /// The file it was written in (an index of [`Rendered::sources`]).
    pub file: usize,
    /// Where in that file.
    pub origin: TextRange,
}

/// A finding of the renderer itself (a missing resource, an unknown field), in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderFinding {
    /// The rule's id, e.g. `kustomize/missing-resource`.
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub file: usize,
    pub range: TextRange,
    pub fix: Option<Fix>,
}

/// One render: of a kustomization folder, say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// What was rendered (a kustomization's folder), as the user would name it.
    pub name: String,
    /// The file that was rendered (an index of `sources`), when there is one.
    pub root: Option<usize>,
    /// The path of every file the render read.
    pub sources: Vec<String>,
    /// The rendered objects as YAML.
    pub text: String,
    /// Sorted by the start of `rendered`; a span may lie inside another (a value inside its
    /// object).
    pub spans: Vec<Span>,
    /// Values printed into the text and the place a values file set them (a Helm chart's
    /// `values.yaml`), sorted as `spans` are (a printed block holds its entries' spans): a
    /// finding about such a value is reported where it was set.
    pub values: Vec<Span>,
    pub findings: Vec<RenderFinding>,
}

/// The spans of a [`Rendered`] with each one's parent, to find origins in time proportional to
/// the nesting depth.
#[derive(Debug)]
pub struct SpanIndex<'r> {
    spans: &'r [Span],
    parents: Vec<Option<usize>>,
}

impl<'r> SpanIndex<'r> {
    /// The index of `spans`, sorted by start, the longer first.
    pub fn new(spans: &'r [Span]) -> SpanIndex<'r> {
        // Each span's parent: the nearest earlier span that holds it (a stack of open spans).
        let mut parents = Vec::with_capacity(spans.len());
        let mut open: Vec<usize> = Vec::new();
        for (at, span) in spans.iter().enumerate() {
            while let Some(&top) = open.last() {
                let holds = spans
                    .get(top)
                    .is_some_and(|t| t.rendered.end >= span.rendered.end);
                if holds {
                    break;
                }
                open.pop();
            }
            parents.push(open.last().copied());
            open.push(at);
        }
        SpanIndex { spans, parents }
    }

    /// The innermost span that holds the whole of `range`, if one does.
    pub fn holding(&self, range: TextRange) -> Option<(usize, TextRange)> {
        let before = self
            .spans
            .partition_point(|span| span.rendered.start <= range.start);
        let mut at = before.checked_sub(1);
        while let Some(index) = at {
            let span = self.spans.get(index)?;
            if span.rendered.end >= range.end {
                return Some((span.file, span.origin));
            }
            at = self.parents.get(index).copied().flatten();
        }
        None
    }

    /// Where the text at `range` was written: the innermost span that holds the whole range, or
    /// failing that the innermost that holds its start.
    pub fn origin_at(&self, range: TextRange) -> Option<(usize, TextRange)> {
        let before = self
            .spans
            .partition_point(|span| span.rendered.start <= range.start);
        // The last span to start at or before the range; the spans holding the range's start
        // are it and its ancestors.
        let mut at = before.checked_sub(1);
        let mut holding_start = None;
        while let Some(index) = at {
            let span = self.spans.get(index)?;
            if span.rendered.end >= range.start {
                holding_start.get_or_insert(span);
                if span.rendered.end >= range.end {
                    return Some((span.file, span.origin));
                }
            }
            at = self.parents.get(index).copied().flatten();
        }
        holding_start.map(|span| (span.file, span.origin))
    }
}

impl Rendered {
    /// Puts the spans in the order [`Rendered::index`] needs: by start, the longer first.
    pub fn sort_spans(&mut self) {
        self.spans.sort_by(|a, b| {
            (a.rendered.start, b.rendered.end).cmp(&(b.rendered.start, a.rendered.end))
        });
    }

    /// An index of the spans (sorted with [`Rendered::sort_spans`]) for [`SpanIndex::origin_at`].
    pub fn index(&self) -> SpanIndex<'_> {
        SpanIndex::new(&self.spans)
    }

    /// An index of [`Rendered::values`] (sorted as the spans are) for [`SpanIndex::holding`].
    pub fn values_index(&self) -> SpanIndex<'_> {
        SpanIndex::new(&self.values)
    }

    /// Puts the value spans in the order [`Rendered::values_index`] needs.
    pub fn sort_values(&mut self) {
        self.values.sort_by(|a, b| {
            (a.rendered.start, b.rendered.end).cmp(&(b.rendered.start, a.rendered.end))
        });
    }

    /// Whether this is a Helm chart's render (its root is a `Chart.yaml`), not a
    /// kustomization's: what the front ends call it (`helm template`, `kustomize build`).
    pub fn is_chart(&self) -> bool {
        self.root
            .and_then(|root| self.sources.get(root))
            .is_some_and(|path| path == "Chart.yaml" || path.ends_with("/Chart.yaml"))
    }

    /// [`SpanIndex::origin_at`] for one range (build the index once for many).
    pub fn origin_at(&self, range: TextRange) -> Option<(usize, TextRange)> {
        self.index().origin_at(range)
    }

    pub fn write(&self, w: &mut Writer) {
        w.str(&self.name);
        w.option(self.root, Writer::uint);
        w.strs(&self.sources);
        w.str(&self.text);
        for spans in [&self.spans, &self.values] {
            write_spans(w, spans);
        }
        w.list(&self.findings, |w, finding| {
            w.str(&finding.rule);
            w.severity(finding.severity);
            w.str(&finding.message);
            w.uint(finding.file);
            w.range(finding.range);
            w.option(finding.fix.as_ref(), write_fix);
        });
    }

    pub fn read(r: &mut Reader<'_>) -> Option<Rendered> {
        Some(Rendered {
            name: r.str()?,
            root: r.option(Reader::uint)?,
            sources: r.strs()?,
            text: r.str()?,
            spans: read_spans(r)?,
            values: read_spans(r)?,
            findings: r.list(|r| {
                Some(RenderFinding {
                    rule: r.str()?,
                    severity: r.severity()?,
                    message: r.str()?,
                    file: r.uint()?,
                    range: r.range()?,
                    fix: r.option(read_fix)?,
                })
            })?,
        })
    }

    /// Several renders as one wire text.
    pub fn to_wire(renders: &[Rendered]) -> String {
        Rendered::to_wire_refs(&renders.iter().collect::<Vec<_>>())
    }

    /// [`Rendered::to_wire`] for renders held by reference: the text, and a span in about 16
    /// bytes, room made once rather than grown by copies.
    pub fn to_wire_refs(renders: &[&Rendered]) -> String {
        let room: usize = renders
            .iter()
            .map(|r| r.text.len() + 16 * (r.spans.len() + r.values.len()) + 256)
            .sum();
        let mut w = Writer::with_capacity(room);
        w.list(renders, |w, render| render.write(w));
        w.finish()
    }

    /// What [`Rendered::to_wire`] wrote; `None` for anything else.
    pub fn from_wire(text: &str) -> Option<Vec<Rendered>> {
        let mut r = Reader::new(text);
        let renders = r.list(Rendered::read)?;
        r.is_done().then_some(renders)
    }
}

/// A fix on the wire: its title and edits.
pub fn write_fix(w: &mut Writer, fix: &Fix) {
    w.str(&fix.title);
    w.list(&fix.edits, |w, edit| {
        w.range(edit.range);
        w.str(&edit.replacement);
    });
}

/// What [`write_fix`] wrote.
pub fn read_fix(r: &mut Reader<'_>) -> Option<Fix> {
    Some(Fix {
        title: r.str()?,
        edits: r.list(|r| {
            Some(TextEdit {
                range: r.range()?,
                replacement: r.str()?,
            })
        })?,
    })
}

/// Spans on the wire: most of a render's answer, and mostly numbers, so each offset is written
/// as its difference from a near one (the start from the span before's, the end from the start,
/// and the same for the origin), a digit or two where the offsets have five or six.
fn write_spans(w: &mut Writer, spans: &[Span]) {
    let (mut rendered, mut origin) = (0, 0);
    w.list(spans, |w, span| {
        w.delta(rendered, span.rendered.start);
        w.delta(span.rendered.start, span.rendered.end);
        w.uint(span.file);
        w.delta(origin, span.origin.start);
        w.delta(span.origin.start, span.origin.end);
        (rendered, origin) = (span.rendered.start, span.origin.start);
    });
}

/// What [`write_spans`] wrote.
fn read_spans(r: &mut Reader<'_>) -> Option<Vec<Span>> {
    let (mut rendered, mut origin) = (0, 0);
    r.list(|r| {
        let start = r.delta(rendered)?;
        let end = r.delta(start)?;
        let file = r.uint()?;
        let origin_start = r.delta(origin)?;
        let origin_end = r.delta(origin_start)?;
        (rendered, origin) = (start, origin_start);
        Some(Span {
            rendered: TextRange::new(start, end),
            file,
            origin: TextRange::new(origin_start, origin_end),
        })
    })
}

/// Normalized paths of every file the renders read: checked through the rendered objects only.
pub fn owned(renders: &[Rendered]) -> HashSet<String> {
    renders
        .iter()
        .flat_map(|render| render.sources.iter().map(|path| normalize_path(path)))
        .collect()
}

/// True when `name` (a workspace file's name) is among `owned`.
pub fn owns(owned: &HashSet<String>, name: &str) -> bool {
    !owned.is_empty() && owned.contains(&normalize_path(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(rendered: (usize, usize), file: usize, origin: (usize, usize)) -> Span {
        Span {
            rendered: TextRange::new(rendered.0, rendered.1),
            file,
            origin: TextRange::new(origin.0, origin.1),
        }
    }

    #[test]
    fn the_innermost_span_names_the_origin() {
        let mut rendered = Rendered {
            spans: vec![
                span((50, 60), 0, (40, 50)),
                span((0, 100), 0, (0, 90)),
                span((20, 25), 2, (7, 12)),
                span((10, 40), 1, (5, 35)),
            ],
            ..Rendered::default()
        };
        rendered.sort_spans();
        let at = |start, end| rendered.origin_at(TextRange::new(start, end));
        assert_eq!(at(21, 24), Some((2, TextRange::new(7, 12))));
        assert_eq!(at(12, 14), Some((1, TextRange::new(5, 35))));
        assert_eq!(at(45, 46), Some((0, TextRange::new(0, 90))));
        assert_eq!(at(55, 56), Some((0, TextRange::new(40, 50))));
        assert_eq!(at(200, 201), None);
        // A range running past the innermost span goes to the one that holds it all.
        assert_eq!(at(22, 30), Some((1, TextRange::new(5, 35))));
    }

    #[test]
    fn a_value_is_found_where_a_values_file_set_it() {
        let mut rendered = Rendered {
            values: vec![span((10, 20), 3, (100, 104)), span((30, 40), 4, (7, 9))],
            ..Rendered::default()
        };
        // A block (10..20) with a key (11..13) and a value (14..16) inside.
        rendered.values.push(span((11, 13), 3, (200, 202)));
        rendered.values.push(span((14, 16), 3, (204, 206)));
        rendered.sort_values();
        let index = rendered.values_index();
        let at = |start, end| index.holding(TextRange::new(start, end));
        assert_eq!(at(12, 18), Some((3, TextRange::new(100, 104))));
        assert_eq!(at(14, 16), Some((3, TextRange::new(204, 206))));
        assert_eq!(at(11, 12), Some((3, TextRange::new(200, 202))));
        assert_eq!(at(30, 40), Some((4, TextRange::new(7, 9))));
        // Only a range a value holds whole.
        assert_eq!(at(15, 25), None);
        assert_eq!(at(22, 25), None);
        assert_eq!(at(0, 5), None);
    }

    #[test]
    fn renders_cross_the_wire_unchanged() {
        let render = Rendered {
            name: "overlays/prod".into(),
            root: Some(0),
            sources: vec![
                "overlays/prod/kustomization.yaml".into(),
                "base/web.yaml".into(),
            ],
            text: "apiVersion: v1\n".into(),
            // Offsets going up and down (written as differences), to the ends of `usize`.
            spans: vec![
                span((0, 14), 1, (0, 14)),
                span((3, 5), 0, (900, 1000)),
                span((2, usize::MAX), 1, (7, 8)),
                span((usize::MAX, usize::MAX), 1, (0, usize::MAX)),
                span((1, 1), 0, (0, 0)),
            ],
            values: vec![span((12, 14), 1, (3, 5))],
            findings: vec![RenderFinding {
                rule: "kustomize/unknown-field".into(),
                severity: Severity::Error,
                message: "`namePrefx` is not a field".into(),
                file: 0,
                range: TextRange::new(3, 12),
                fix: Some(Fix::replace("Rename", TextRange::new(3, 12), "namePrefix")),
            }],
        };
        let text = Rendered::to_wire(std::slice::from_ref(&render));
        assert_eq!(Rendered::from_wire(&text), Some(vec![render]));
        assert_eq!(Rendered::from_wire(&text[..text.len() - 1]), None);
    }
}
