//! Box sizes from text, without a font engine: the core cannot measure text, so widths are
//! estimated per character for the fonts the renderers use (a sans-serif for names, a
//! monospace font for details and labels, whose advance is 0.6 em in every common one). The
//! estimates lean wide, so text stays inside its box; every renderer places text with these
//! same constants.

use super::Node;
use drydock_layout::Size;

/// Horizontal padding inside a node.
pub const NODE_PAD_X: f64 = 10.0;
/// The first line: the kind, small and muted (sans-serif).
pub const KIND_FONT: f64 = 11.0;
/// The name, bold (sans-serif).
pub const NAME_FONT: f64 = 13.0;
/// Details and edge labels (monospace).
pub const DETAIL_FONT: f64 = 11.0;
pub const DETAIL_LINE: f64 = 15.0;
pub const EDGE_LABEL_HEIGHT: f64 = 17.0;
/// Room at the top right for the findings badge.
const BADGE_ROOM: f64 = 30.0;
const MIN_WIDTH: f64 = 120.0;
/// Longest detail line kept, in characters.
pub const MAX_DETAIL_CHARS: usize = 46;

pub const fn kind_baseline() -> f64 {
    18.0
}

pub const fn name_baseline() -> f64 {
    35.0
}

/// The baseline of detail line `i`.
pub fn detail_baseline(i: usize) -> f64 {
    name_baseline() + 17.0 + i as f64 * DETAIL_LINE
}

/// Estimated width of `text` at `size` px: `mono` for the monospace font, `bold` for the
/// sans-serif's bold.
pub fn text_width(text: &str, size: f64, mono: bool, bold: bool) -> f64 {
    if mono {
        return text.chars().count() as f64 * size * 0.61;
    }
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'I' | ' ' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.4,
            'm' | 'w' | 'M' | 'W' | '@' => 0.9,
            c if c.is_ascii_uppercase() => 0.7,
            c if c.is_ascii_digit() => 0.58,
            c if c.is_ascii() => 0.57,
            // Wide scripts and symbols.
            _ => 1.0,
        })
        .sum();
    em * size * if bold { 1.08 } else { 1.0 }
}

pub fn node_size(node: &Node) -> Size {
    let badge = if node.findings > 0 { BADGE_ROOM } else { 0.0 };
    // The tag (`FINAL`, upper case) sits left of the findings badge on the kind's line.
    let kind = text_width(&node.kind_label, KIND_FONT, false, false)
        + node.badge.as_deref().map_or(0.0, |b| {
            text_width(&b.to_uppercase(), KIND_FONT - 1.0, false, true) + 12.0 + badge
        });
    let name = text_width(&node.label, NAME_FONT, false, true);
    let details = node
        .details
        .iter()
        .map(|d| text_width(d, DETAIL_FONT, true, false))
        .fold(0.0, f64::max);
    let width = (kind.max(name + badge).max(details) + 2.0 * NODE_PAD_X).max(MIN_WIDTH);
    let height = detail_baseline(node.details.len()) - 2.0;
    Size::new(width.ceil(), height)
}

pub fn edge_label_size(label: &str) -> Size {
    Size::new(
        (text_width(label, DETAIL_FONT, true, false) + 10.0).ceil(),
        EDGE_LABEL_HEIGHT,
    )
}

pub fn group_title_width(label: &str) -> f64 {
    text_width(label, 12.0, false, true).ceil()
}

/// `text` cut to `max` characters with an ellipsis.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
