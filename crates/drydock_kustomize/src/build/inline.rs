//! YAML written inside a kustomization as a string (`patch: |-` …): parsed on its own, with the
//! ranges of its nodes moved back into the kustomization file, so findings on what an inline
//! patch sets point at its line.

use crate::value::{FileId, Node, Origin, Value};
use drydock_base::TextRange;
use drydock_yaml::ScalarStyle;

/// How offsets in a scalar's value map to offsets in the file.
struct LineMap {
    /// For each line of the value: (its offset in the value, its offset in the file).
    lines: Vec<(usize, usize)>,
    /// The scalar's range in the file (every mapped offset is clamped into it).
    range: TextRange,
}

impl LineMap {
    /// The map of a scalar whose value is `value`, written at `range` of `file_text` in `style`.
    fn new(value: &str, style: ScalarStyle, range: TextRange, file_text: &str) -> LineMap {
        let mut lines = Vec::new();
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                // The range starts at the first content line's text (after its indentation):
                // read whole lines from that line's start to the end of the scalar.
                let line_start = file_text
                    .get(..range.start)
                    .and_then(|before| before.rfind('\n'))
                    .map_or(0, |at| at + 1);
                let block = file_text.get(line_start..range.end).unwrap_or("");
                let mut file_offset = line_start;
                let mut content: Vec<(usize, &str)> = Vec::new();
                for line in block.split_inclusive('\n') {
                    content.push((file_offset, line));
                    file_offset += line.len();
                }
                let indent = content
                    .iter()
                    .map(|(_, line)| line.trim_end_matches(['\n', '\r']))
                    .find(|line| !line.trim().is_empty())
                    .map_or(0, |line| line.len() - line.trim_start_matches(' ').len());
                let mut value_offset = 0;
                for (value_line, (file_start, _)) in value.split_inclusive('\n').zip(&content) {
                    lines.push((value_offset, file_start + indent));
                    value_offset += value_line.len();
                }
            }
            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                lines.push((0, range.start + 1));
            }
            ScalarStyle::Plain => lines.push((0, range.start)),
        }
        LineMap { lines, range }
    }

    fn map(&self, offset: usize) -> usize {
        let at = self.lines.partition_point(|(start, _)| *start <= offset);
        let mapped = match at.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some((value_start, file_start)) => file_start + (offset - value_start),
            None => self.range.start,
        };
        mapped.clamp(self.range.start, self.range.end)
    }

    fn map_range(&self, range: TextRange) -> TextRange {
        let start = self.map(range.start);
        TextRange::new(start, self.map(range.end).max(start))
    }
}

/// The YAML documents of the string scalar `node` (written in kustomization `file`, whose text is
/// `file_text`), with origins in that file. Syntax errors are returned as messages with their
/// range in the file.
pub fn documents(
    node: &Node,
    file: FileId,
    file_text: &str,
) -> (Vec<Node>, Vec<(String, TextRange)>) {
    let Some(scalar) = node.as_scalar() else {
        return (Vec::new(), Vec::new());
    };
    let Some(origin) = node.origin else {
        return (Vec::new(), Vec::new());
    };
    let map = LineMap::new(&scalar.text, scalar.style, origin.range, file_text);
    let stream = drydock_yaml::parse(&scalar.text);
    let mut errors = Vec::new();
    let mut nodes = Vec::new();
    let mut budget = crate::kustomization::NODE_BUDGET;
    for document in &stream.documents {
        for error in &document.errors {
            if error.kind != drydock_yaml::ErrorKind::DuplicateKey {
                errors.push((error.message.clone(), map.map_range(error.range)));
            }
        }
        if !document.is_complete() || document.is_empty() {
            continue;
        }
        let Some(root) = document.root else { continue };
        if let Some(mut parsed) = Node::from_yaml(document, root, file, &mut budget) {
            remap(&mut parsed, &map);
            nodes.push(parsed);
        }
    }
    (nodes, errors)
}

fn remap(node: &mut Node, map: &LineMap) {
    // Iterative: inline YAML is user input, and its depth is bounded only by the parser.
    let mut stack: Vec<&mut Node> = vec![node];
    while let Some(node) = stack.pop() {
        if let Some(origin) = &mut node.origin {
            origin.range = map.map_range(origin.range);
        }
        match &mut node.value {
            Value::Scalar(_) => {}
            Value::Map(entries) => {
                for entry in entries {
                    if let Some(origin) = &mut entry.key_origin {
                        *origin = Origin {
                            file: origin.file,
                            range: map.map_range(origin.range),
                        };
                    }
                    stack.push(&mut entry.value);
                }
            }
            Value::Seq(items) => stack.extend(items.iter_mut()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inline_patch_points_into_the_kustomization() {
        let text = "patches:\n- patch: |-\n    apiVersion: v1\n    kind: Service\n    metadata:\n      name: web\n";
        let stream = drydock_yaml::parse(text);
        let document = stream.documents.first().unwrap();
        let mut budget = 1000;
        let root =
            Node::from_yaml(document, document.root.unwrap(), FileId(0), &mut budget).unwrap();
        let patch = root
            .get("patches")
            .unwrap()
            .items()
            .unwrap()
            .first()
            .unwrap()
            .get("patch")
            .unwrap();
        let (nodes, errors) = documents(patch, FileId(0), text);
        assert!(errors.is_empty());
        let name = nodes
            .first()
            .unwrap()
            .get_path(&["metadata", "name"])
            .unwrap();
        let range = name.origin.unwrap().range;
        assert_eq!(range.slice(text), "web");
        let kind = nodes
            .first()
            .unwrap()
            .get("kind")
            .unwrap()
            .origin
            .unwrap()
            .range;
        assert_eq!(kind.slice(text), "Service");
    }
}
