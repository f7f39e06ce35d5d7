//! Where a cursor is in YAML being typed, for an editor's completion and hover: the keys from the
//! document's root down to the collection the cursor is in, and what is being typed there (a key,
//! a list item, the value after `key: `).
//!
//! Read from the lines rather than a parse, because the line being typed is usually not valid
//! YAML yet: a line's parent is the nearest line above with less indentation (a `- ` list marker
//! counts as indentation) that has a key. Flow collections and multi-line scalars are not
//! understood; there the answer is `None` or a path that leads nowhere. Never panics.

use drydock_base::TextRange;

/// One line of the text, without its line break.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub start: usize,
    pub text: &'a str,
}

/// The text's lines (an empty last line when it ends with a line break).
pub fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        out.push(Line {
            start,
            text: piece.trim_end_matches(['\n', '\r']),
        });
        start += piece.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push(Line {
            start: text.len(),
            text: "",
        });
    }
    out
}

/// Indentation of a line's content, counting `- ` list markers as indentation.
pub fn content_column(line: &str) -> usize {
    let mut column = 0;
    let bytes = line.as_bytes();
    loop {
        match bytes.get(column) {
            Some(b' ') => column += 1,
            Some(b'-') if matches!(bytes.get(column + 1), Some(b' ') | None) => column += 2,
            _ => return column,
        }
    }
}

/// The key a line starts with (`name` in `  - name: web`), unquoted, and where it starts.
pub fn key_of(line: &str) -> Option<(usize, &str)> {
    let column = content_column(line);
    let rest = line.get(column..)?;
    let colon = rest
        .find(": ")
        .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
    let key = rest.get(..colon)?.trim_end();
    if key.is_empty() || key.starts_with('#') {
        return None;
    }
    Some((column, key.trim_matches(['"', '\''])))
}

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// A key of the mapping at the path (or nothing typed yet). `item`: right after a `- `
    /// marker, where a list's scalar item may go as well.
    Key { item: bool },
    /// The value after `key: ` on the cursor's line, in the mapping at the path.
    Value { key: String },
}

/// The cursor in a document being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// The keys from the document's root to the collection the cursor is in.
    pub path: Vec<String>,
    pub slot: Slot,
    /// Where the word being typed starts (after an opening quote), and the word up to the
    /// cursor.
    pub from: usize,
    pub typed: String,
    /// The keys already written in the same mapping (for a key).
    pub present: Vec<String>,
}

/// Where `offset` is, when it is somewhere help can be given: after indentation (and `- `
/// markers) on a word with no colon yet, or after `key: ` on a value with no space or comment in
/// it yet.
pub fn cursor(text: &str, offset: usize) -> Option<Cursor> {
    let lines = lines(text);
    let index = lines.iter().rposition(|line| line.start <= offset)?;
    let line = lines.get(index)?;
    let in_line = offset.checked_sub(line.start)?.min(line.text.len());
    let before = line.text.get(..in_line)?;
    let column = content_column(before);
    let word = before.get(column..)?;
    if word.starts_with('#') {
        return None;
    }
    let (path, _) = path_to(&lines, index, column);
    if let Some((key, value)) = word.split_once(": ") {
        let typed = value.trim_start();
        let unquoted = typed.trim_start_matches(['"', '\'']);
        if unquoted.contains([' ', '#', '"', '\'']) || typed.len() - unquoted.len() > 1 {
            return None;
        }
        return Some(Cursor {
            path,
            slot: Slot::Value {
                key: key.trim().trim_matches(['"', '\'']).to_owned(),
            },
            from: offset.checked_sub(unquoted.len())?,
            typed: unquoted.to_owned(),
            present: Vec::new(),
        });
    }
    let unquoted = word.trim_start_matches(['"', '\'']);
    if word.len() - unquoted.len() > 1 || unquoted.contains([':', ' ', '#', '"', '\'', '{', '[']) {
        return None;
    }
    let item = before
        .get(..column)
        .is_some_and(|indent| indent.trim_end().ends_with('-'));
    Some(Cursor {
        present: siblings(&lines, index, column),
        path,
        slot: Slot::Key { item },
        from: offset.checked_sub(unquoted.len())?,
        typed: unquoted.to_owned(),
    })
}

/// A key under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAt {
    /// The keys from the document's root to the mapping that holds it.
    pub path: Vec<String>,
    pub key: String,
    /// The key as written (without quotes).
    pub range: TextRange,
}

/// The key whose text `offset` is on (or just after).
pub fn key_at(text: &str, offset: usize) -> Option<KeyAt> {
    let lines = lines(text);
    let index = lines.iter().rposition(|line| line.start <= offset)?;
    let line = lines.get(index)?;
    let (column, key) = key_of(line.text)?;
    let start = line.start + column + line.text.get(column..)?.find(key)?;
    if offset < start || offset > start + key.len() {
        return None;
    }
    let (path, _) = path_to(&lines, index, column);
    Some(KeyAt {
        path,
        key: key.to_owned(),
        range: TextRange::new(start, start + key.len()),
    })
}

/// The keys from the document's root down to the collection that holds line `index` at
/// `column`, and the line where the document starts.
pub fn path_to(lines: &[Line<'_>], index: usize, column: usize) -> (Vec<String>, usize) {
    let mut path = Vec::new();
    let mut want = column;
    let mut document_start = 0;
    let mut i = index;
    while i > 0 && want > 0 {
        i -= 1;
        let Some(line) = lines.get(i) else { break };
        if line.text.starts_with("---") {
            document_start = i + 1;
            break;
        }
        let trimmed = line.text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line_column = content_column(line.text);
        if line_column < want {
            if let Some((_, key)) = key_of(line.text) {
                path.push(key.to_owned());
            }
            want = line_column;
        }
    }
    path.reverse();
    (path, document_start)
}

/// Keys already written at `column` in the same mapping as line `index`.
fn siblings(lines: &[Line<'_>], index: usize, column: usize) -> Vec<String> {
    let mut keys = Vec::new();
    let same_block = |line: &Line<'_>| {
        let trimmed = line.text.trim_start();
        trimmed.is_empty() || trimmed.starts_with('#') || content_column(line.text) > column
    };
    let starts_item = |line: &Line<'_>| {
        let indent = line.text.len() - line.text.trim_start().len();
        line.text.trim_start().starts_with("- ") && indent + 2 == column
    };
    // Upwards, up to and including the line that starts this list item.
    let mut i = index;
    let on_item = lines.get(index).is_some_and(starts_item);
    while !on_item && i > 0 {
        i -= 1;
        let Some(line) = lines.get(i) else { break };
        if line.text.starts_with("---") {
            break;
        }
        if content_column(line.text) == column && !line.text.trim().is_empty() {
            if let Some((_, key)) = key_of(line.text) {
                keys.push(key.to_owned());
            }
            if starts_item(line) {
                break;
            }
        } else if !same_block(line) {
            break;
        }
    }
    // Downwards, until another item or the end of the mapping.
    for line in lines.iter().skip(index + 1) {
        if line.text.starts_with("---") {
            break;
        }
        if content_column(line.text) == column && !line.text.trim().is_empty() {
            if starts_item(line) {
                break;
            }
            if let Some((_, key)) = key_of(line.text) {
                keys.push(key.to_owned());
            }
        } else if !same_block(line) {
            break;
        }
    }
    keys
}

/// A scalar written on one line: a list item (`- web`) or the value after `key: `.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueAt {
    /// The keys from the document's root to the collection that holds it.
    pub path: Vec<String>,
    /// The key it is the value of (`None` for a list item).
    pub key: Option<String>,
    /// The value as written, without quotes.
    pub value: String,
    pub range: TextRange,
}

/// Every line of the text that holds a key or a scalar, with its path, in one pass (a stack of
/// the keys above, as [`path_to`] finds them one line at a time).
pub fn entries(text: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in lines(text) {
        if line.text.starts_with("---") {
            stack.clear();
            continue;
        }
        let trimmed = line.text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let column = content_column(line.text);
        while stack.last().is_some_and(|(at, _)| *at >= column) {
            stack.pop();
        }
        let path: Vec<String> = stack.iter().map(|(_, key)| key.clone()).collect();
        let key = key_of(line.text).and_then(|(_, key)| {
            let at = line.text.get(column..)?.find(key)?;
            let start = line.start + column + at;
            Some((key.to_owned(), TextRange::new(start, start + key.len())))
        });
        let value = scalar_of(&line, column, key.as_ref().map(|(_, range)| range.end));
        if let Some((key, _)) = &key {
            stack.push((column, key.clone()));
        }
        out.push(Entry { path, key, value });
    }
    out
}

/// A line's key and scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The keys above it.
    pub path: Vec<String>,
    pub key: Option<(String, TextRange)>,
    /// The scalar on the line (after the key, or the list item), without quotes or comment.
    pub value: Option<(String, TextRange)>,
}

/// The scalar of a line whose content starts at `column`, after its key (ending at `key_end`).
fn scalar_of(
    line: &Line<'_>,
    column: usize,
    key_end: Option<usize>,
) -> Option<(String, TextRange)> {
    let start = match key_end {
        Some(end) => {
            let after = end.checked_sub(line.start)?;
            let rest = line.text.get(after..)?;
            // The closing quote of a quoted key, then `:`.
            let colon = rest.find(':')?;
            after + colon + 1
        }
        None => column,
    };
    let rest = line.text.get(start..)?;
    let lead = rest.len() - rest.trim_start().len();
    let written = rest.trim_start();
    if written.is_empty() || written.starts_with(['#', '|', '>', '{', '[', '&', '*', '!']) {
        return None;
    }
    let (inner, offset) =
        if let Some(quote) = written.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = written.get(1..)?;
            let end = body.find(quote)?;
            (body.get(..end)?, 1)
        } else {
            let end = written.find(" #").unwrap_or(written.len());
            (written.get(..end)?.trim_end(), 0)
        };
    if inner.is_empty() {
        return None;
    }
    let from = line.start + start + lead + offset;
    Some((inner.to_owned(), TextRange::new(from, from + inner.len())))
}

/// The one-line scalar under `offset` (or just after it).
pub fn value_at(text: &str, offset: usize) -> Option<ValueAt> {
    let lines = lines(text);
    let index = lines.iter().rposition(|line| line.start <= offset)?;
    let line = lines.get(index)?;
    let column = content_column(line.text);
    let key = key_of(line.text).and_then(|(_, key)| {
        let at = line.text.get(column..)?.find(key)?;
        let start = line.start + column + at;
        Some((key.to_owned(), start + key.len()))
    });
    let (value, range) = scalar_of(line, column, key.as_ref().map(|(_, end)| *end))?;
    if offset < range.start || offset > range.end {
        return None;
    }
    let (path, _) = path_to(&lines, index, column);
    Some(ValueAt {
        path,
        key: key.map(|(key, _)| key),
        value,
        range,
    })
}

/// The keys of the mapping under the top-level key `top` (`services`, `networks`…) of the
/// document holding `offset`, each with its range, in order. Read from the lines, like
/// [`cursor`], so a file being typed still gives them.
pub fn keys_under(text: &str, top: &str) -> Vec<(String, TextRange)> {
    let lines = lines(text);
    let mut out = Vec::new();
    let mut inside = false;
    let mut child_column = None;
    for line in &lines {
        let trimmed = line.text.trim_start();
        if line.text.starts_with("---") {
            inside = false;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let column = line.text.len() - trimmed.len();
        if column == 0 {
            inside = key_of(line.text).is_some_and(|(_, key)| key == top);
            child_column = None;
            continue;
        }
        if !inside || trimmed.starts_with('-') {
            continue;
        }
        let column_wanted = *child_column.get_or_insert(column);
        if column != column_wanted {
            continue;
        }
        if let Some((_, key)) = key_of(line.text)
            && let Some(at) = trimmed.find(key)
        {
            let start = line.start + column + at;
            out.push((key.to_owned(), TextRange::new(start, start + key.len())));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, usize) {
        let offset = text.find('|').expect("a cursor");
        (text.replacen('|', "", 1), offset)
    }

    fn cursor_of(text: &str) -> Option<Cursor> {
        let (text, offset) = at(text);
        cursor(&text, offset)
    }

    #[test]
    fn keys_items_and_values() {
        let key = cursor_of("services:\n  web:\n    image: x\n    rest|\n    ports: []\n").unwrap();
        assert_eq!(key.path, ["services", "web"]);
        assert_eq!(key.slot, Slot::Key { item: false });
        assert_eq!(key.typed, "rest");
        assert_eq!(key.present, ["image", "ports"]);
        let item = cursor_of("services:\n  web:\n    depends_on:\n      - d|\n").unwrap();
        assert_eq!(item.path, ["services", "web", "depends_on"]);
        assert_eq!(item.slot, Slot::Key { item: true });
        let value = cursor_of("services:\n  web:\n    restart: \"on|\n").unwrap();
        assert_eq!(value.path, ["services", "web"]);
        assert_eq!(
            value.slot,
            Slot::Value {
                key: "restart".to_owned()
            }
        );
        assert_eq!(value.typed, "on");
        assert_eq!(value.from, "services:\n  web:\n    restart: \"".len());
        // In a list item's mapping, the keys of that item only.
        let nested = cursor_of("a:\n  - x: 1\n    |\n  - y: 2\n").unwrap();
        assert_eq!(nested.path, ["a"]);
        assert_eq!(nested.present, ["x"]);
        // Not in a comment, nor after a space in a value.
        assert_eq!(cursor_of("a: # b|\n"), None);
        assert_eq!(cursor_of("a: b c|\n"), None);
    }

    #[test]
    fn the_key_under_the_cursor_and_top_level_names() {
        let (text, offset) = at("services:\n  web:\n    heal|thcheck:\n      test: x\n");
        let key = key_at(&text, offset).unwrap();
        assert_eq!(key.path, ["services", "web"]);
        assert_eq!(key.key, "healthcheck");
        assert_eq!(key.range.slice(&text), "healthcheck");
        let text =
            "services:\n  web:\n    image: a\n  \"db\":\n    image: b\nvolumes:\n  data: {}\n";
        let names: Vec<String> = keys_under(text, "services")
            .into_iter()
            .map(|(name, range)| {
                assert_eq!(range.slice(text), name);
                name
            })
            .collect();
        assert_eq!(names, ["web", "db"]);
        assert_eq!(keys_under(text, "volumes").len(), 1);
    }

    #[test]
    fn values_and_entries() {
        let text = "resources:\n  - ../base # shared\n  - \"svc.yaml\"\nimages:\n  - name: web\n    newTag: '1.2'\n";
        let offset = text.find("base").unwrap();
        let value = value_at(text, offset).unwrap();
        assert_eq!(value.path, ["resources"]);
        assert_eq!(value.key, None);
        assert_eq!(value.range.slice(text), "../base");
        let quoted = value_at(text, text.find("svc").unwrap()).unwrap();
        assert_eq!(quoted.value, "svc.yaml");
        assert_eq!(quoted.range.slice(text), "svc.yaml");
        let tag = value_at(text, text.find("1.2").unwrap()).unwrap();
        assert_eq!(tag.path, ["images"]);
        assert_eq!(tag.key.as_deref(), Some("newTag"));
        assert_eq!(value_at(text, text.find("shared").unwrap()), None);
        let all = entries(text);
        let tag = all
            .iter()
            .find(|e| e.key.as_ref().is_some_and(|(k, _)| k == "newTag"))
            .unwrap();
        assert_eq!(tag.path, ["images"]);
        assert_eq!(tag.value.as_ref().unwrap().0, "1.2");
        let item = all.get(1).unwrap();
        assert_eq!(
            (item.path.clone(), item.key.clone()),
            (vec!["resources".to_owned()], None)
        );
        assert_eq!(item.value.as_ref().unwrap().1.slice(text), "../base");
    }

    #[test]
    fn odd_input_is_silent_not_a_panic() {
        for text in [
            "",
            "-",
            ": :",
            "\n\n  - - -\n",
            "---\n---\n",
            "é:\n  ü",
            "\"\n'",
            "a:\n  - \n  \"x",
        ] {
            for offset in 0..=text.len() + 1 {
                let _ = cursor(text, offset);
                let _ = key_at(text, offset);
                let _ = value_at(text, offset);
            }
            let _ = keys_under(text, "a");
            let _ = entries(text);
        }
    }
}
