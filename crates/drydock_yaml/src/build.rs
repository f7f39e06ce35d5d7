//! Building a [`Document`] from saphyr-parser's events: byte ranges, aliases without copies,
//! merge keys, duplicate keys, a bound on alias expansion, and syntax errors that say what and
//! where.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScanError, Span, Tag};

use crate::scalar::resolve;
use crate::tree::{
    Document, Entry, ErrorKind, Node, NodeId, Scalar, ScalarStyle, Value, YamlError,
};
use drydock_base::text::TextRange;

/// How many nodes aliases may add to one document. kubectl's decoder rejects "excessive
/// aliasing" too; no real manifest comes near this, and an alias bomb reaches it in microseconds.
pub const ALIAS_EXPANSION_LIMIT: u64 = 100_000;

/// Parses the document in `range` of `text` (one slice from `split_documents`): with the fast
/// path of [`super::fast`] when the document stays within its subset, otherwise with saphyr.
pub fn parse_document(text: &str, range: TextRange) -> Document {
    super::fast::parse_document(text, range).unwrap_or_else(|| parse_document_saphyr(text, range))
}

/// Parses the document in `range` of `text` with saphyr-parser (the reference for the fast path).
///
/// saphyr refuses a line inside a flow collection that is indented less than the block around
/// it (`command: [` … `]` with the `]` under the `c` of `command`); go-yaml, libyaml, kubectl
/// and Docker Compose read it, and so do we: the line is indented a space more in a copy of the
/// document, which is parsed again (leading spaces inside a flow collection mean nothing), and
/// the ranges are moved back to the text. At most [`FLOW_INDENT_RETRIES`] times per document.
pub fn parse_document_saphyr(text: &str, range: TextRange) -> Document {
    let (document, flow_indentation) = parse_once(text, range);
    let Some(mut at) = flow_indentation else {
        return document;
    };
    // Where spaces were added, as sorted offsets into the document's own text.
    let mut inserted: Vec<usize> = Vec::new();
    let mut source = range.slice(text).to_owned();
    for _ in 0..FLOW_INDENT_RETRIES {
        // `at` is an offset into `source`; the line it is on gets a space at its start.
        let line_start = source
            .get(..at)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        source.insert(line_start, ' ');
        let original = unpadded(&inserted, line_start);
        let at_sorted = inserted.partition_point(|&i| i <= original);
        inserted.insert(at_sorted, original);
        let whole = TextRange::new(0, source.len());
        let (padded, again) = parse_once(&source, whole);
        if let Some(next) = again {
            at = next;
            continue;
        }
        let mut document = padded;
        let back = |offset: usize| range.start + unpadded(&inserted, offset);
        let move_range = |r: &mut TextRange| {
            r.start = back(r.start);
            r.end = back(r.end).max(r.start);
        };
        move_range(&mut document.range);
        for node in &mut document.nodes {
            move_range(&mut node.range);
        }
        for error in &mut document.errors {
            move_range(&mut error.range);
            if let Some((label, _)) = &mut error.label {
                move_range(label);
            }
        }
        return document;
    }
    document
}

/// An offset of the padded copy as an offset of the text: each space added before it (at the
/// sorted original offsets `inserted`, the `n`th of them now at `inserted[n] + n`) moves it one
/// back.
fn unpadded(inserted: &[usize], offset: usize) -> usize {
    let before = inserted
        .iter()
        .enumerate()
        .filter(|&(n, &i)| i + n < offset)
        .count();
    offset - before
}

/// How many lines of one document may be re-indented to read it as go-yaml does.
const FLOW_INDENT_RETRIES: usize = 16;

/// One parse, and where it stopped if saphyr refused a line's indentation inside a flow
/// collection (an offset into `range`'s text).
fn parse_once(text: &str, range: TextRange) -> (Document, Option<usize>) {
    let source = range.slice(text);
    let mut builder = Builder::new(text, range);
    let mut parser = Parser::new_from_str(source);
    let mut flow_indentation = None;
    while let Some(event) = parser.next_event() {
        match event {
            Ok((event, span)) => builder.event(event, span),
            Err(error) => {
                let indentation = matches!(
                    error.info(),
                    "invalid indentation" | "invalid indentation in flow construct"
                );
                if indentation && builder.stack.iter().any(|f| f.flow) {
                    flow_indentation = Some(builder.offsets.byte(error.marker().index()));
                }
                builder.syntax_error(&error);
                break;
            }
        }
        if builder.done {
            break;
        }
    }
    (builder.document, flow_indentation)
}

struct Frame {
    id: NodeId,
    mapping: bool,
    flow: bool,
    anchor: usize,
    start: usize,
    /// End of the last child's own text (for an alias, the alias, not its anchor).
    end: usize,
    children: Vec<NodeId>,
}

pub(super) struct Builder<'t> {
    text: &'t str,
    base: usize,
    offsets: Offsets<'t>,
    document: Document,
    stack: Vec<Frame>,
    anchors: HashMap<usize, NodeId>,
    /// Expanded size of every node (itself plus everything under it, aliases expanded).
    sizes: Vec<u64>,
    aliased: u64,
    /// Start of the block collection that ended last (for "expected N spaces").
    last_closed_start: Option<usize>,
    done: bool,
    /// Children buffers of closed frames, reused by the next ones.
    spare: Vec<Vec<NodeId>>,
}

impl<'t> Builder<'t> {
    pub(super) fn new(text: &'t str, range: TextRange) -> Self {
        Builder {
            text,
            base: range.start,
            offsets: Offsets::new(range.slice(text)),
            document: Document {
                range,
                ..Document::default()
            },
            stack: Vec::new(),
            anchors: HashMap::new(),
            sizes: Vec::new(),
            aliased: 0,
            last_closed_start: None,
            done: false,
            spare: Vec::new(),
        }
    }

    /// Room for `nodes` nodes without growing the arena.
    pub(super) fn reserve(&mut self, nodes: usize) {
        self.document.nodes.reserve(nodes);
        self.sizes.reserve(nodes);
    }

    pub(super) fn finish(self) -> Document {
        self.document
    }

    /// A scalar at `range` (absolute byte offsets, without anchor or tag).
    pub(super) fn scalar(
        &mut self,
        range: TextRange,
        value: String,
        style: ScalarStyle,
        tag: Option<&str>,
        anchor: usize,
    ) {
        let kind = resolve(&value, style, tag);
        let id = self.push(Node {
            range,
            value: Value::Scalar(Scalar { value, style, kind }),
        });
        self.sizes.push(1);
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
        self.attach(id, range.end);
    }

    /// A collection whose text starts at `start` (its first key or `-`, or its bracket).
    pub(super) fn open(&mut self, start: usize, mapping: bool, flow: bool, anchor: usize) {
        let value = if mapping {
            Value::Mapping(Vec::new())
        } else {
            Value::Sequence(Vec::new())
        };
        let id = self.push(Node {
            range: TextRange::new(start, start),
            value,
        });
        self.sizes.push(1);
        self.stack.push(Frame {
            id,
            mapping,
            flow,
            anchor,
            start,
            end: start,
            children: self.spare.pop().unwrap_or_default(),
        });
    }

    fn range(&mut self, span: Span) -> TextRange {
        let start = self.offsets.byte(span.start.index()) + self.base;
        let end = self.offsets.byte(span.end.index()) + self.base;
        TextRange::new(start, end)
    }

    /// Records the local tag (`!reset`) of the node just pushed: Kubernetes ignores such tags,
    /// Compose gives `!reset` and `!override` a meaning.
    fn keep_local_tag(&mut self, tag: Option<&Tag>) {
        let Some(tag) = tag.filter(|tag| tag.handle == "!" && !tag.suffix.is_empty()) else {
            return;
        };
        if let Some(last) = self.document.nodes.len().checked_sub(1) {
            let id = NodeId(u32::try_from(last).unwrap_or(u32::MAX));
            self.document.tags.push((id, tag.suffix.clone()));
        }
    }

    /// The range without a leading anchor (`&a`) and tag (`!!str`).
    fn value_range(&mut self, span: Span, decorated: bool) -> TextRange {
        let range = self.range(span);
        if !decorated {
            return range;
        }
        let mut start = range.start;
        for _ in 0..2 {
            let rest = self.text.get(start..range.end).unwrap_or("");
            if rest.starts_with(['&', '!']) {
                let token = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let after = rest.get(token..).unwrap_or("");
                start += token + (after.len() - after.trim_start().len());
            }
        }
        TextRange::new(start.min(range.end), range.end)
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let range = self.value_range(span, anchor != 0 || tag.is_some());
                let style = match style {
                    saphyr_parser::ScalarStyle::Plain => ScalarStyle::Plain,
                    saphyr_parser::ScalarStyle::SingleQuoted => ScalarStyle::SingleQuoted,
                    saphyr_parser::ScalarStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
                    saphyr_parser::ScalarStyle::Literal => ScalarStyle::Literal,
                    saphyr_parser::ScalarStyle::Folded => ScalarStyle::Folded,
                };
                let mut value = value.into_owned();
                // A block scalar whose last line ends the stream without a line break has no
                // final break to keep (YAML 1.2, 8.1.1.2; go-yaml agrees); saphyr adds one.
                if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded)
                    && !self.text.ends_with('\n')
                    && self
                        .text
                        .get(range.end..)
                        .is_some_and(|rest| rest.trim_end_matches([' ', '\t']).is_empty())
                    && self.text.get(..range.end).is_some_and(|before| {
                        !before.ends_with('\n') && !before.ends_with([' ', '\t'])
                    })
                    && value.ends_with('\n')
                {
                    value.pop();
                }
                self.scalar(range, value, style, core_tag(tag.as_deref()), anchor);
                self.keep_local_tag(tag.as_deref());
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                let mapping = matches!(event, Event::MappingStart(..));
                let range = self.value_range(span, anchor != 0 || tag.is_some());
                let rest = self.text.get(range.start..).unwrap_or("");
                // A flow collection's start token covers its bracket; a block collection's is
                // empty (an indentless sequence whose first item is `[...]` starts at a bracket
                // too, but with an empty token).
                let flow = range.end > range.start && rest.starts_with(['{', '[']);
                self.open(range.start, mapping, flow, anchor);
                self.keep_local_tag(tag.as_deref());
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = self.range(span).end;
                self.close(end);
            }
            Event::Alias(anchor) => {
                let range = self.range(span);
                match self.anchors.get(&anchor).copied() {
                    Some(target) => {
                        let size = self.size(target);
                        self.aliased = self.aliased.saturating_add(size);
                        if self.aliased > ALIAS_EXPANSION_LIMIT {
                            self.error(
                                ErrorKind::AliasLimit,
                                range,
                                format!(
                                    "aliases expand this document to more than \
                                     {ALIAS_EXPANSION_LIMIT} nodes: this looks like an alias bomb \
                                     (\"billion laughs\"), and it is not expanded"
                                ),
                            );
                            self.done = true;
                            return;
                        }
                        self.attach(target, range.end);
                    }
                    None => {
                        let name = range.slice(self.text).to_owned();
                        self.error(
                            ErrorKind::Syntax,
                            range,
                            format!(
                                "alias `{name}` refers to a node that contains it: a recursive \
                                 structure cannot be turned into JSON"
                            ),
                        );
                        self.done = true;
                    }
                }
            }
            Event::DocumentEnd | Event::StreamEnd => {
                // Collections left open mean the parser stopped early; nothing else to do.
            }
            Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => {}
        }
    }

    fn push(&mut self, node: Node) -> NodeId {
        let id = NodeId(u32::try_from(self.document.nodes.len()).unwrap_or(u32::MAX));
        self.document.nodes.push(node);
        id
    }

    fn size(&self, id: NodeId) -> u64 {
        self.sizes.get(id.0 as usize).copied().unwrap_or(1)
    }

    fn attach(&mut self, id: NodeId, end: usize) {
        match self.stack.last_mut() {
            Some(frame) => {
                frame.children.push(id);
                frame.end = frame.end.max(end);
            }
            None => {
                if self.document.root.is_none() {
                    self.document.root = Some(id);
                }
            }
        }
    }

    pub(super) fn close(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let size = frame
            .children
            .iter()
            .fold(1u64, |sum, child| sum.saturating_add(self.size(*child)));
        let range = TextRange::new(frame.start, if frame.flow { end } else { frame.end });
        if !frame.flow {
            self.last_closed_start = Some(frame.start);
        }
        let value = if frame.mapping {
            Value::Mapping(self.entries(&frame.children))
        } else {
            Value::Sequence(frame.children.clone())
        };
        let mut children = frame.children;
        children.clear();
        self.spare.push(children);
        if let Some(node) = self.document.nodes.get_mut(frame.id.0 as usize) {
            node.range = range;
            node.value = value;
        }
        if let Some(slot) = self.sizes.get_mut(frame.id.0 as usize) {
            *slot = size;
        }
        if frame.anchor != 0 {
            self.anchors.insert(frame.anchor, frame.id);
        }
        self.attach(frame.id, range.end);
    }

    /// Pairs up a mapping's children, resolving merge keys and reporting duplicate keys.
    fn entries(&mut self, children: &[NodeId]) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::with_capacity(children.len() / 2);
        let mut merges = Vec::new();
        let mut duplicates: Vec<(NodeId, NodeId)> = Vec::new();
        {
            let document = &self.document;
            // Mappings are small: a linear scan beats hashing until they are not.
            let mut index: Option<HashMap<&str, NodeId>> = None;
            for pair in children.chunks(2) {
                let (Some(&key), value) = (pair.first(), pair.get(1).copied()) else {
                    continue;
                };
                let value = value.unwrap_or(key);
                if let Some(scalar) = document.scalar(key) {
                    let text = scalar.value.as_str();
                    if scalar.style == ScalarStyle::Plain && text == "<<" {
                        merges.push((key, value));
                        continue;
                    }
                    if entries.len() == 32 {
                        index = Some(
                            entries
                                .iter()
                                .filter_map(|e| Some((document.key_str(e)?, e.key)))
                                .collect(),
                        );
                    }
                    let first = match &mut index {
                        Some(index) => {
                            let first = index.get(text).copied();
                            if first.is_none() {
                                index.insert(text, key);
                            }
                            first
                        }
                        None => entries
                            .iter()
                            .find(|e| document.key_str(e) == Some(text))
                            .map(|e| e.key),
                    };
                    if let Some(first) = first {
                        duplicates.push((key, first));
                        continue;
                    }
                }
                entries.push(Entry {
                    key,
                    value,
                    merged: false,
                });
            }
        }
        for (key, first) in duplicates {
            let text = self.document.scalar(key).map_or("", |s| s.value.as_str());
            let message = format!(
                "duplicate key `{text}`: kubectl rejects a mapping that defines a key twice, and \
                 tools that accept it silently keep only one value"
            );
            let range = self.document.range(key);
            let first_range = self.document.range(first);
            self.document.errors.push(YamlError {
                kind: ErrorKind::DuplicateKey,
                range,
                message,
                label: Some((first_range, "first defined here".to_owned())),
            });
        }
        if merges.is_empty() {
            return entries;
        }
        let mut seen: std::collections::HashSet<String> = entries
            .iter()
            .filter_map(|e| self.document.key_str(e).map(str::to_owned))
            .collect();
        for (key, value) in merges {
            let sources: Vec<NodeId> = match self.document.node(value).map(|n| &n.value) {
                Some(Value::Mapping(_)) => vec![value],
                Some(Value::Sequence(items)) => items.clone(),
                _ => Vec::new(),
            };
            let valid =
                !sources.is_empty() && sources.iter().all(|s| self.document.entries(*s).is_some());
            if !valid {
                let range = self.document.range(key);
                self.error(
                    ErrorKind::Syntax,
                    range,
                    "a merge key `<<` needs a mapping or a list of mappings as its value".into(),
                );
                continue;
            }
            for source in sources {
                let merged: Vec<Entry> = self.document.entries(source).unwrap_or(&[]).to_vec();
                for entry in merged {
                    let Some(text) = self.document.key_str(&entry).map(str::to_owned) else {
                        continue;
                    };
                    if !seen.insert(text) {
                        continue;
                    }
                    entries.push(Entry {
                        merged: true,
                        ..entry
                    });
                }
            }
        }
        entries
    }

    fn error(&mut self, kind: ErrorKind, range: TextRange, message: String) {
        self.document.errors.push(YamlError {
            kind,
            range,
            message,
            label: None,
        });
    }

    /// Column (in characters) of byte offset `at`.
    fn column(&self, at: usize) -> usize {
        let line_start = self
            .text
            .get(..at)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |i| i + 1);
        self.text
            .get(line_start..at)
            .map_or(0, |s| s.chars().count())
    }

    fn syntax_error(&mut self, error: &ScanError) {
        let mut at = self.offsets.byte(error.marker().index()) + self.base;
        let document = self.document.range;
        if at >= document.end {
            // At the end of the document: point just past its last character, not at the next
            // document's `---`.
            let content = document.slice(self.text).trim_end();
            at = document.start + content.len();
        }
        let info = error.info();
        let (message, range, label) = self.explain(info, at);
        self.document.errors.push(YamlError {
            kind: ErrorKind::Syntax,
            range,
            message,
            label,
        });
    }

    /// Turns the parser's message into one that says what is wrong and where.
    fn explain(&self, info: &str, at: usize) -> (String, TextRange, Option<(TextRange, String)>) {
        let text = self.text;
        let line_start = text
            .get(..at)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = text
            .get(line_start..)
            .map_or("", |rest| rest.split('\n').next().unwrap_or(""));
        let line = line.strip_suffix('\r').unwrap_or(line);
        let indent_text: &str = line
            .get(..line.len() - line.trim_start_matches([' ', '\t']).len())
            .unwrap_or("");
        let point = char_range(text, at);

        if info.contains("tab") {
            if let Some(tab) = indent_text.find('\t') {
                let range = TextRange::new(line_start + tab, line_start + tab + 1);
                return (
                    "tab character in indentation: YAML indents with spaces only".into(),
                    range,
                    None,
                );
            }
            return (format!("invalid YAML: {info}"), point, None);
        }

        if info.contains("quoted scalar") {
            let quote = text
                .get(at..)
                .and_then(|r| r.chars().next())
                .filter(|q| matches!(q, '"' | '\''))
                .unwrap_or('"');
            let opening = self.opening_quote(at, quote);
            let document_end = self.document.range.end;
            let closed = text
                .get(opening + 1..document_end)
                .is_some_and(|rest| rest.contains(quote));
            let range = TextRange::new(opening, opening + 1);
            if !closed || info.contains("end of stream") {
                return (
                    format!(
                        "unclosed quoted string: no closing `{quote}` before the end of the document"
                    ),
                    range,
                    None,
                );
            }
            return (
                format!(
                    "invalid quoted string: {info} (a string that continues on the next lines \
                     must indent them more than its key)"
                ),
                range,
                None,
            );
        }

        if info.contains("flow mapping") || info.contains("flow sequence") {
            let (close, what) = if info.contains("flow mapping") {
                ('}', "flow mapping")
            } else {
                (']', "flow sequence")
            };
            let open = self
                .stack
                .iter()
                .rev()
                .find(|frame| frame.flow)
                .map(|frame| TextRange::new(frame.start, frame.start + 1));
            return (
                format!("unclosed {what}: expected `,` or `{close}` here"),
                point,
                open.map(|range| (range, format!("the {what} starts here"))),
            );
        }

        let indent = indent_text.chars().count();
        let mut columns: Vec<usize> = self
            .stack
            .iter()
            .filter(|frame| !frame.flow)
            .map(|frame| self.column(frame.start))
            .chain(self.last_closed_start.map(|start| self.column(start)))
            .collect();
        columns.sort_unstable();
        columns.dedup();
        let first_token = line.get(indent_text.len()..).unwrap_or("");
        let token_len = first_token
            .find([':', ' ', '\t'])
            .unwrap_or(first_token.len())
            .max(first_token.chars().next().map_or(0, char::len_utf8));
        let token = TextRange::new(
            line_start + indent_text.len(),
            line_start + indent_text.len() + token_len,
        );
        let structural = info.contains("mapping values are not allowed")
            || info.contains("did not find expected key")
            || info.contains("did not find expected '-'")
            || info.contains("block");
        if structural && !columns.is_empty() && !columns.contains(&indent) {
            let nearest = columns
                .iter()
                .map(|c| c.abs_diff(indent))
                .min()
                .unwrap_or(0);
            let expected: Vec<String> = columns
                .iter()
                .filter(|c| c.abs_diff(indent) == nearest)
                .map(ToString::to_string)
                .collect();
            return (
                format!(
                    "bad indentation: expected {} spaces, found {indent}; a line that is not \
                     aligned with its siblings belongs to no mapping or list",
                    expected.join(" or ")
                ),
                token,
                None,
            );
        }
        if info.contains("mapping values are not allowed") {
            return (
                "unexpected `: ` inside a plain value: quote the value, or start the nested \
                 mapping on its own line"
                    .into(),
                point,
                None,
            );
        }
        (format!("invalid YAML: {info}"), point, None)
    }

    /// The opening quote of the quoted scalar the parser failed in: `at` itself when it is a
    /// quote, otherwise the last `quote` before it.
    fn opening_quote(&self, at: usize, quote: char) -> usize {
        if self.text.get(at..).is_some_and(|r| r.starts_with(quote)) {
            return at;
        }
        self.text
            .get(self.document.range.start..at)
            .and_then(|before| before.rfind(quote))
            .map_or(at, |i| i + self.document.range.start)
    }
}

/// The character at `at`, or an empty range at the end of a line.
fn char_range(text: &str, at: usize) -> TextRange {
    let end = text
        .get(at..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| *c != '\n' && *c != '\r')
        .map_or(at, |c| at + c.len_utf8());
    TextRange::new(at, end)
}

fn core_tag(tag: Option<&Tag>) -> Option<&str> {
    let tag = tag?;
    if tag.handle == "tag:yaml.org,2002:" {
        Some(tag.suffix.as_str())
    } else if tag.handle == "!" && tag.suffix.is_empty() {
        Some("")
    } else {
        // A local tag (`!Ref`): Kubernetes ignores it; the value resolves as untagged.
        Some("custom")
    }
}

/// Converts saphyr's character indices to byte offsets. Events come in order, so a cursor that
/// moves forward (and occasionally back) is linear overall; ASCII text needs no work at all.
struct Offsets<'t> {
    text: &'t str,
    ascii: bool,
    char_index: usize,
    byte_index: usize,
}

impl<'t> Offsets<'t> {
    fn new(text: &'t str) -> Self {
        Offsets {
            text,
            ascii: text.is_ascii(),
            char_index: 0,
            byte_index: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.char_index {
            let before = self.text.get(..self.byte_index).unwrap_or("");
            for (i, _) in before.char_indices().rev() {
                self.char_index -= 1;
                self.byte_index = i;
                if self.char_index == char_index {
                    break;
                }
            }
        }
        if char_index > self.char_index {
            let after = self.text.get(self.byte_index..).unwrap_or("");
            let mut chars = after.char_indices();
            let steps = char_index - self.char_index;
            match chars.nth(steps) {
                Some((i, _)) => {
                    self.byte_index += i;
                    self.char_index = char_index;
                }
                None => {
                    self.char_index += after.chars().count();
                    self.byte_index = self.text.len();
                }
            }
        }
        self.byte_index
    }
}
