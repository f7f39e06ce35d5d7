//! Rendered objects printed byte for byte as `kubectl kustomize` prints them, with a source map.
//!
//! Kustomize does not print the YAML it edited: each resource goes through JSON
//! (`Resource.AsYAML`: kyaml → `encoding/json` → `sigs.k8s.io/yaml.JSONToYAML`) and is printed
//! by go-yaml **v2**. So the output never keeps a user's style: keys come out sorted in v2's
//! natural order ([`order`]), numbers re-formatted ([`number`]: `0777` is `511`, `1e3` is `1000`),
//! strings quoted only when v2 would misread them plain ([`resolve`]: `"yes"`, `"1.0"`,
//! `"2006-01-02"`), multi-line strings as literal blocks, lines past 80 columns folded, and
//! sequences indented at their key's column. The printer below follows v2's emitter state by
//! state (`emitterc.go`: column, indent, the `whitespace` and `indention` flags) rather than
//! approximating its output, because every byte of it is visible in a diff against kustomize.
//!
//! Every printed node and key that has an [`Origin`] gets a [`Span`], so a finding on the
//! rendered text (or a click in it) leads back to where the value was written.

mod json;
pub mod kept;
mod number;
mod order;
mod resolve;

use std::borrow::Cow;

use drydock_base::text::TextRange;
use drydock_yaml::ScalarKind;

pub use json::to_json;

use crate::value::{Node, Origin, Scalar, Value};

/// A range of the printed text and where the value printed there was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub range: TextRange,
    pub origin: Origin,
}

/// Printed text with its source map.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    pub text: String,
    /// One span per printed node and key with an origin, in print order: sorted by start, and an
    /// enclosing span before the spans inside it.
    pub spans: Vec<Span>,
    /// For each span, the index of the nearest span that encloses it (`NO_PARENT` for none):
    /// lets [`Rendered::origin_at`] walk outwards instead of scanning.
    parents: Vec<u32>,
}

const NO_PARENT: u32 = u32::MAX;

impl Rendered {
    /// The origin of the smallest span that contains `range`: the most specific value printed
    /// there. O(log n + depth).
    pub fn origin_at(&self, range: TextRange) -> Option<Origin> {
        // The last span starting at or before `range` is the deepest one there; every span that
        // contains `range` encloses it (spans nest or are disjoint).
        let after = self
            .spans
            .partition_point(|span| span.range.start <= range.start);
        let mut at = after.checked_sub(1)?;
        loop {
            let span = self.spans.get(at)?;
            if span.range.start <= range.start && range.end <= span.range.end {
                return Some(span.origin);
            }
            let parent = *self.parents.get(at)?;
            if parent == NO_PARENT {
                return None;
            }
            at = parent as usize;
        }
    }
}

/// Prints `objects` as `kubectl kustomize` does: each as its own YAML document, separated by
/// `---` lines, each ending with a newline.
pub fn to_yaml(objects: &[&Node]) -> Rendered {
    let mut emitter = Emitter::default();
    let keeping = kept::active();
    for (k, object) in objects.iter().enumerate() {
        if k > 0 {
            emitter.out.push_str("---\n");
        }
        // A document's text and spans depend on its object alone (the emitter starts each one
        // afresh): an object printed before is copied.
        if keeping && kept::copy(object, &mut emitter) {
            continue;
        }
        let (start, first_span) = (emitter.out.len(), emitter.spans.len());
        emitter.start_document();
        emitter.node(object, false, false, 0);
        // DOCUMENT-END: end the last line.
        emitter.indent = -1;
        emitter.write_indent();
        if keeping {
            kept::keep(object, &emitter, start, first_span);
        }
    }
    Rendered {
        text: emitter.out,
        spans: emitter.spans,
        parents: emitter.parents,
    }
}

/// go-yaml v2 starts folding lines past this column (`best_width`; kustomize never changes it).
const BEST_WIDTH: usize = 80;
/// go-yaml's `best_indent`.
const INDENT: isize = 2;
/// Deeper than any object kustomize renders; bounds recursion on trees built in code (parsed ones
/// are bounded already). A deeper node is printed as `null`.
const MAX_DEPTH: usize = 500;
/// v2 writes a key longer than this (in bytes) as a complex key, `? key` then `: value`.
const MAX_SIMPLE_KEY: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// The printer: go-yaml v2's emitter state, and the spans being recorded.
struct Emitter {
    out: String,
    /// Characters (not bytes) since the start of the line, as v2 counts them.
    column: usize,
    indent: isize,
    /// The last thing written was whitespace (an indicator that needs no space after it).
    whitespace: bool,
    /// Only indentation (and `-`/`?`/`:` indicators) on the current line so far.
    indention: bool,
    spans: Vec<Span>,
    parents: Vec<u32>,
    /// The spans being printed, innermost last.
    open: Vec<u32>,
}

impl Default for Emitter {
    fn default() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            whitespace: true,
            indention: true,
            spans: Vec::new(),
            parents: Vec::new(),
            open: Vec::new(),
        }
    }
}

impl Emitter {
    fn start_document(&mut self) {
        self.indent = -1;
        self.column = 0;
        self.whitespace = true;
        self.indention = true;
    }

    fn open_span(&mut self, origin: Option<Origin>) -> bool {
        let Some(origin) = origin else {
            return false;
        };
        let start = self.out.len();
        let parent = self.open.last().copied().unwrap_or(NO_PARENT);
        let Ok(index) = u32::try_from(self.spans.len()) else {
            return false;
        };
        self.spans.push(Span {
            range: TextRange::new(start, start),
            origin,
        });
        self.parents.push(parent);
        self.open.push(index);
        true
    }

    fn close_span(&mut self, opened: bool) {
        if !opened {
            return;
        }
        let end = self.out.len();
        if let Some(index) = self.open.pop()
            && let Some(span) = self.spans.get_mut(index as usize)
        {
            span.range.end = end;
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    /// A line break from the value: `\n` as a newline, the others (LS, PS) as themselves.
    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = usize::try_from(self.indent.max(0)).unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    /// A space if one is needed before what comes next (v2's `need_whitespace`).
    fn space_before(&mut self) {
        if !self.whitespace {
            self.put(' ');
        }
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace {
            self.space_before();
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        if self.indent < 0 {
            self.indent = if flow { INDENT } else { 0 };
        } else if !indentless {
            self.indent += INDENT;
        }
    }

    /// Any node, in a mapping's value or key position (`mapping`) or not.
    fn node(&mut self, node: &Node, mapping: bool, simple_key: bool, depth: usize) {
        if depth > MAX_DEPTH {
            let null = Scalar::null();
            self.scalar(&null, node.origin, simple_key);
            return;
        }
        match &node.value {
            Value::Scalar(scalar) => self.scalar(scalar, node.origin, simple_key),
            Value::Seq(items) if items.is_empty() => self.empty_flow("[]", node.origin),
            Value::Map(entries) if entries.is_empty() => self.empty_flow("{}", node.origin),
            Value::Seq(items) => {
                let saved = self.indent;
                self.increase_indent(false, mapping && !self.indention);
                let mut opened = false;
                for (k, item) in items.iter().enumerate() {
                    self.write_indent();
                    if k == 0 {
                        opened = self.open_span(node.origin);
                    }
                    self.write_indicator("-", true, false, true);
                    self.node(item, false, false, depth + 1);
                }
                self.indent = saved;
                self.close_span(opened);
            }
            Value::Map(entries) => {
                // Keys as go-yaml v2 reads them back from kustomize's JSON, then in its order.
                let keys: Vec<Cow<'_, str>> = entries
                    .iter()
                    .map(|entry| json_round_trip(&entry.key))
                    .collect();
                let key_refs: Vec<&str> = keys.iter().map(|key| key.as_ref()).collect();
                let saved = self.indent;
                self.increase_indent(false, false);
                let mut opened = false;
                for (k, index) in order::sorted_indices(&key_refs).into_iter().enumerate() {
                    let (Some(entry), Some(key)) = (entries.get(index), key_refs.get(index)) else {
                        continue;
                    };
                    self.write_indent();
                    if k == 0 {
                        opened = self.open_span(node.origin);
                    }
                    let simple = !has_break(key) && key.len() <= MAX_SIMPLE_KEY;
                    if simple {
                        self.string(key, entry.key_origin, true);
                        self.write_indicator(":", false, false, false);
                    } else {
                        self.write_indicator("?", true, false, true);
                        self.string(key, entry.key_origin, false);
                        self.write_indent();
                        self.write_indicator(":", true, false, true);
                    }
                    self.node(&entry.value, true, false, depth + 1);
                }
                self.indent = saved;
                self.close_span(opened);
            }
        }
    }

    /// `[]` or `{}`: v2 writes an empty collection in flow style.
    fn empty_flow(&mut self, brackets: &str, origin: Option<Origin>) {
        self.space_before();
        let opened = self.open_span(origin);
        self.write_indicator(brackets, false, false, false);
        self.close_span(opened);
    }

    fn scalar(&mut self, scalar: &Scalar, origin: Option<Origin>, simple_key: bool) {
        match scalar.kind {
            ScalarKind::String => {
                let text = json_round_trip(&scalar.text);
                self.string(&text, origin, simple_key);
            }
            ScalarKind::Null => self.write_scalar("null", Style::Plain, origin, simple_key),
            ScalarKind::Bool(b) => {
                let text = if b { "true" } else { "false" };
                self.write_scalar(text, Style::Plain, origin, simple_key);
            }
            ScalarKind::Int(_) | ScalarKind::Float(_) => {
                let text = number::number_text(scalar);
                self.write_scalar(&text, Style::Plain, origin, simple_key);
            }
        }
    }

    /// A string, in the style v2's encoder asks for (`encoder.stringv`): literal when it has a
    /// newline, plain when plain text would read back as this string, else double-quoted.
    fn string(&mut self, text: &str, origin: Option<Origin>, simple_key: bool) {
        let style = if text.contains('\n') {
            Style::Literal
        } else if resolve::plain_is_not_string(text) {
            Style::DoubleQuoted
        } else {
            Style::Plain
        };
        self.write_scalar(text, style, origin, simple_key);
    }

    /// v2's `emit_scalar`: the emitter may overrule the style the encoder asked for.
    fn write_scalar(
        &mut self,
        text: &str,
        requested: Style,
        origin: Option<Origin>,
        simple_key: bool,
    ) {
        let analysis = Analysis::of(text);
        let style = select_style(requested, &analysis, text, simple_key);
        let saved = self.indent;
        self.increase_indent(true, false);
        self.space_before();
        let opened = self.open_span(origin);
        match style {
            Style::Plain => self.write_plain(text, !simple_key),
            Style::SingleQuoted => self.write_single_quoted(text, !simple_key),
            Style::DoubleQuoted => self.write_double_quoted(text, !simple_key),
            Style::Literal => self.write_literal(text),
        }
        self.close_span(opened);
        self.indent = saved;
    }

    fn write_plain(&mut self, text: &str, allow_breaks: bool) {
        // Most scalars (names, images, numbers) have no space and no break: written at once.
        if !text.contains(|c: char| c == ' ' || is_break(c)) {
            self.out.push_str(text);
            self.column += text.chars().count();
            self.whitespace = false;
            self.indention = false;
            return;
        }
        let mut spaces = false;
        let mut breaks = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == ' ' {
                let next_is_space = chars.peek() == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("'", false, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let mut chars = text.chars().enumerate().peekable();
        let last = text.chars().count().saturating_sub(1);
        while let Some((i, c)) = chars.next() {
            if c == ' ' {
                let next_is_space = chars.peek().is_some_and(|&(_, next)| next == ' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i < last
                    && !next_is_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("\"", false, false, false);
        // v2 tests for a byte order mark at the start of the value, not at each character: a
        // value that starts with one is escaped entirely (`"\uFEFF\x78"`).
        let escape_all = text.starts_with('\u{FEFF}');
        let mut spaces = false;
        let mut chars = text.chars().enumerate().peekable();
        let last = text.chars().count().saturating_sub(1);
        while let Some((i, c)) = chars.next() {
            if escape_all || !is_printable(c) || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match escape_letter(c) {
                    Some(letter) => self.put(letter),
                    None => {
                        let code = u32::from(c);
                        let (marker, digits) = match code {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(marker);
                        for k in (0..digits).rev() {
                            let digit = (code >> (4 * k)) & 0xF;
                            self.put(
                                char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()),
                            );
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i < last {
                    self.write_indent();
                    if chars.peek().is_some_and(|&(_, next)| next == ' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, text: &str) {
        self.write_indicator("|", false, false, false);
        if text.starts_with(|c: char| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        if let Some(chomp) = chomping(text) {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for c in text.chars() {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// The block scalar's chomping indicator: `-` without a final line break, `+` with more than
/// one (or when the value is only a line break), none for exactly one.
fn chomping(text: &str) -> Option<&'static str> {
    let mut reversed = text.chars().rev();
    match (reversed.next(), reversed.next()) {
        (None, _) => Some("-"),
        (Some(last), _) if !is_break(last) => Some("-"),
        (Some(_), None) => Some("+"),
        (Some(_), Some(before)) if is_break(before) => Some("+"),
        _ => None,
    }
}

fn escape_letter(c: char) -> Option<char> {
    Some(match c {
        '\0' => '0',
        '\u{07}' => 'a',
        '\u{08}' => 'b',
        '\t' => 't',
        '\n' => 'n',
        '\u{0B}' => 'v',
        '\u{0C}' => 'f',
        '\r' => 'r',
        '\u{1B}' => 'e',
        '"' => '"',
        '\\' => '\\',
        '\u{85}' => 'N',
        '\u{A0}' => '_',
        '\u{2028}' => 'L',
        '\u{2029}' => 'P',
        _ => return None,
    })
}

/// v2's `is_printable`: what it writes unescaped. Not tab, not C1 controls, not `U+FEFF`, and
/// nothing outside the Basic Multilingual Plane (so emoji are escaped as `\U0001F600`).
fn is_printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        && c != '\u{FEFF}'
}

/// v2's `is_break`: CR, LF, NEL, LS and PS.
fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn has_break(text: &str) -> bool {
    text.chars().any(is_break)
}

/// What v2's `analyze_scalar` finds out about a value: which styles can write it.
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

impl Analysis {
    fn of(text: &str) -> Analysis {
        if text.is_empty() {
            return Analysis {
                multiline: false,
                block_plain_allowed: true,
                single_quoted_allowed: true,
                block_allowed: false,
            };
        }
        let mut block_indicators = text.starts_with("---") || text.starts_with("...");
        let mut line_breaks = false;
        let mut special_characters = false;
        let mut leading_space = false;
        let mut leading_break = false;
        let mut trailing_space = false;
        let mut trailing_break = false;
        let mut break_space = false;
        let mut space_break = false;
        let mut preceded_by_whitespace = true;
        let mut previous_space = false;
        let mut previous_break = false;

        let mut chars = text.chars().peekable();
        let mut first = true;
        while let Some(c) = chars.next() {
            let next = chars.peek().copied();
            let followed_by_whitespace = next.is_none_or(is_blank);
            let is_last = next.is_none();
            if first {
                match c {
                    '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\''
                    | '"' | '%' | '@' | '`' => block_indicators = true,
                    '?' | ':' | '-' if followed_by_whitespace => block_indicators = true,
                    _ => {}
                }
            } else {
                match c {
                    ':' if followed_by_whitespace => block_indicators = true,
                    '#' if preceded_by_whitespace => block_indicators = true,
                    _ => {}
                }
            }
            if !is_printable(c) {
                special_characters = true;
            }
            if c == ' ' {
                leading_space |= first;
                trailing_space |= is_last;
                break_space |= previous_break;
                previous_space = true;
                previous_break = false;
            } else if is_break(c) {
                line_breaks = true;
                leading_break |= first;
                trailing_break |= is_last;
                space_break |= previous_space;
                previous_space = false;
                previous_break = true;
            } else {
                previous_space = false;
                previous_break = false;
            }
            preceded_by_whitespace = is_blank(c) || is_break(c) || c == '\0';
            first = false;
        }

        let mut analysis = Analysis {
            multiline: line_breaks,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: true,
        };
        if leading_space || leading_break || trailing_space || trailing_break {
            analysis.block_plain_allowed = false;
        }
        if trailing_space {
            analysis.block_allowed = false;
        }
        if break_space {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
        }
        if space_break || special_characters {
            analysis.block_plain_allowed = false;
            analysis.single_quoted_allowed = false;
            analysis.block_allowed = false;
        }
        if line_breaks || block_indicators {
            analysis.block_plain_allowed = false;
        }
        analysis
    }
}

/// v2's `select_scalar_style`, for block context (flow collections here are always empty).
fn select_style(requested: Style, analysis: &Analysis, text: &str, simple_key: bool) -> Style {
    let mut style = requested;
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.block_plain_allowed || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted_allowed {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.block_allowed || simple_key) {
        style = Style::DoubleQuoted;
    }
    style
}

/// A string as go-yaml v2 reads it back from the JSON kustomize wrote: `encoding/json` leaves
/// NEL (U+0085) unescaped, and a raw line break inside a double-quoted YAML scalar is folded. A
/// run of spaces and NELs becomes one space when it has one NEL, else a newline per NEL after
/// the first.
fn json_round_trip(text: &str) -> Cow<'_, str> {
    if !text.contains('\u{85}') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ' ' && c != '\u{85}' {
            out.push(c);
            continue;
        }
        let mut run = String::from(c);
        while let Some(&next) = chars.peek() {
            if next != ' ' && next != '\u{85}' {
                break;
            }
            run.push(next);
            chars.next();
        }
        let breaks = run.chars().filter(|&c| c == '\u{85}').count();
        match breaks {
            0 => out.push_str(&run),
            1 => out.push(' '),
            n => out.extend(std::iter::repeat_n('\n', n - 1)),
        }
    }
    Cow::Owned(out)
}
