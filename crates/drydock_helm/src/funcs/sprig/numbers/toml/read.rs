//! Helm's `fromToml`: `BurntSushi/toml`'s `Unmarshal` into `map[string]interface {}`
//! (integers `int64`, floats `float64`, tables `map[string]interface {}`), with its error
//! text `toml: line N (last key "k"): …` for the common mistakes. Dates and times are kept as
//! their text.

use std::collections::BTreeMap;

use crate::template::{Map, MapType, Value};

enum Node {
    Value(Value),
    /// A table, and whether it was opened by a header or dotted keys (not just implied).
    Table(BTreeMap<String, Node>, bool),
    Tables(Vec<BTreeMap<String, Node>>),
}

fn to_value(node: Node) -> Value {
    match node {
        Node::Value(v) => v,
        Node::Table(map, _) => table_value(map),
        Node::Tables(list) => Value::list(list.into_iter().map(table_value).collect()),
    }
}

fn table_value(map: BTreeMap<String, Node>) -> Value {
    let map: Map = map.into_iter().map(|(k, v)| (k, to_value(v))).collect();
    Value::Map(crate::template::MapRef::new(map), MapType::Any)
}

struct Reader<'t> {
    text: &'t str,
    pos: usize,
    line: usize,
    last_key: String,
}

type Result<T> = std::result::Result<T, String>;

/// Go's `%q` of one rune (`'x'`).
fn q(c: char) -> String {
    if c == '\'' {
        return "'\\''".to_owned();
    }
    let quoted = crate::template::fmt::quote(&c.to_string());
    let inner = quoted
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(&quoted)
        .replace("\\\"", "\"");
    format!("'{inner}'")
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().nth(n))
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&self, message: impl std::fmt::Display) -> String {
        if self.last_key.is_empty() {
            format!("toml: line {}: {message}", self.line)
        } else {
            format!(
                "toml: line {} (last key {}): {message}",
                self.line,
                crate::template::fmt::quote(&self.last_key)
            )
        }
    }

    fn skip_blank(&mut self) {
        while matches!(self.peek(), Some(' ' | '\t')) {
            self.bump();
        }
    }

    fn skip_comment(&mut self) {
        if self.peek() == Some('#') {
            while !matches!(self.peek(), None | Some('\n')) {
                self.bump();
            }
        }
    }

    /// Blanks, newlines and comments (inside arrays and inline tables).
    fn skip_all(&mut self) {
        loop {
            self.skip_blank();
            self.skip_comment();
            match self.peek() {
                Some('\n') => {
                    self.bump();
                }
                Some('\r') if self.peek_at(1) == Some('\n') => {
                    self.bump();
                }
                _ => return,
            }
        }
    }

    fn key_part(&mut self) -> Result<String> {
        match self.peek() {
            Some('"') => self.basic_string(),
            Some('\'') => self.literal_string(),
            Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '-' => {
                let start = self.pos;
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                {
                    self.bump();
                }
                Ok(self
                    .text
                    .get(start..self.pos)
                    .unwrap_or_default()
                    .to_owned())
            }
            None => Err(self.error("unexpected EOF; expected key separator '='")),
            Some('=') => Err(self.error("unexpected '=': key name appears blank")),
            Some('.') => Err(self.error("unexpected '.': keys cannot start with a '.'")),
            Some(c) => Err(self.error(format!("expected '.' or '=', but got {} instead", q(c)))),
        }
    }

    fn key(&mut self) -> Result<Vec<String>> {
        let mut parts = vec![self.key_part()?];
        loop {
            self.skip_blank();
            if self.peek() == Some('.') {
                self.bump();
                self.skip_blank();
                parts.push(self.key_part()?);
            } else {
                return Ok(parts);
            }
        }
    }

    fn hex_escape(&mut self, n: usize, name: char) -> Result<char> {
        let start = self.pos;
        for _ in 0..n {
            if !self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
                let current = self.text.get(start..self.pos).unwrap_or_default();
                let what = match n {
                    2 => "two",
                    4 => "four",
                    _ => "eight",
                };
                return Err(self.error(format!(
                    "expected {what} hexadecimal digits after '\\{name}', but got {} instead",
                    crate::template::fmt::quote(current)
                )));
            }
            self.bump();
        }
        let digits = self.text.get(start..self.pos).unwrap_or_default();
        u32::from_str_radix(digits, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| self.error(format!("invalid escape: '\\{name}{digits}'")))
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let Some(c) = self.bump() else {
            return Err(self.error("unexpected EOF; expected '\"'"));
        };
        out.push(match c {
            'b' => '\u{8}',
            't' => '\t',
            'n' => '\n',
            'f' => '\u{c}',
            'r' => '\r',
            'e' => '\u{1b}',
            '"' => '"',
            '\\' => '\\',
            'x' => self.hex_escape(2, 'x')?,
            'u' => self.hex_escape(4, 'u')?,
            'U' => self.hex_escape(8, 'U')?,
            c => return Err(self.error(format!("invalid escape character {}; only the following escape characters are allowed: \\b, \\t, \\n, \\f, \\r, \\e, \\\", \\\\, \\x, \\u, \\U", q(c)))),
        });
        Ok(())
    }

    fn basic_string(&mut self) -> Result<String> {
        self.bump();
        if self.peek() == Some('"') && self.peek_at(1) == Some('"') {
            self.bump();
            self.bump();
            return self.multiline_basic();
        }
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("unexpected EOF; expected '\"'")),
                Some('\n') => {
                    self.line -= 1;
                    return Err(self.error("strings cannot contain newlines"));
                }
                Some('"') => return Ok(out),
                Some('\\') => self.escape(&mut out)?,
                Some(c) => out.push(c),
            }
        }
    }

    fn multiline_basic(&mut self) -> Result<String> {
        if self.peek() == Some('\n') {
            self.bump();
        } else if self.peek() == Some('\r') && self.peek_at(1) == Some('\n') {
            self.bump();
            self.bump();
        }
        let mut out = String::new();
        loop {
            if self
                .text
                .get(self.pos..)
                .is_some_and(|s| s.starts_with("\"\"\""))
            {
                self.bump();
                self.bump();
                self.bump();
                // Up to two more quotes belong to the string.
                for _ in 0..2 {
                    if self.peek() == Some('"') {
                        self.bump();
                        out.push('"');
                    }
                }
                return Ok(out);
            }
            match self.bump() {
                None => return Err(self.error("unexpected EOF; expected '\"\"\"'")),
                Some('\\') => {
                    let rest = self.text.get(self.pos..).unwrap_or_default();
                    let trimmed = rest.trim_start_matches([' ', '\t', '\r']);
                    if trimmed.starts_with('\n') {
                        while matches!(self.peek(), Some(' ' | '\t' | '\r' | '\n')) {
                            self.bump();
                        }
                    } else {
                        self.escape(&mut out)?;
                    }
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn literal_string(&mut self) -> Result<String> {
        self.bump();
        if self.peek() == Some('\'') && self.peek_at(1) == Some('\'') {
            self.bump();
            self.bump();
            if self.peek() == Some('\n') {
                self.bump();
            }
            let mut out = String::new();
            loop {
                if self
                    .text
                    .get(self.pos..)
                    .is_some_and(|s| s.starts_with("'''"))
                {
                    self.bump();
                    self.bump();
                    self.bump();
                    for _ in 0..2 {
                        if self.peek() == Some('\'') {
                            self.bump();
                            out.push('\'');
                        }
                    }
                    return Ok(out);
                }
                match self.bump() {
                    None => return Err(self.error("unexpected EOF; expected \"'''\"")),
                    Some(c) => out.push(c),
                }
            }
        }
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("unexpected EOF; expected \"'\"")),
                Some('\n') => {
                    self.line -= 1;
                    return Err(self.error("strings cannot contain newlines"));
                }
                Some('\'') => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value> {
        if depth > 1000 {
            return Err(self.error("nested too deeply"));
        }
        match self.peek() {
            None => Err(self.error("unexpected EOF; expected value")),
            Some('"') => self.basic_string().map(Value::str),
            Some('\'') => self.literal_string().map(Value::str),
            Some('[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.skip_all();
                    match self.peek() {
                        Some(']') => {
                            self.bump();
                            return Ok(Value::list(items));
                        }
                        Some(',') => return Err(self.error("unexpected comma")),
                        _ => {}
                    }
                    items.push(self.value(depth + 1)?);
                    self.skip_all();
                    match self.peek() {
                        Some(',') => {
                            self.bump();
                        }
                        Some(']') => {}
                        other => {
                            let got = other.map_or_else(|| "EOF".to_owned(), q);
                            return Err(self.error(format!(
                                "expected a comma (',') or array terminator (']'), but got {got}"
                            )));
                        }
                    }
                }
            }
            Some('{') => {
                self.bump();
                let mut table = BTreeMap::new();
                loop {
                    self.skip_all();
                    match self.peek() {
                        Some('}') => {
                            self.bump();
                            return Ok(table_value(table));
                        }
                        Some(',') => return Err(self.error("unexpected comma")),
                        _ => {}
                    }
                    let key = self.key()?;
                    self.skip_blank();
                    if self.bump() != Some('=') {
                        return Err(self.error("expected '.' or '='"));
                    }
                    self.skip_blank();
                    let value = self.value(depth + 1)?;
                    insert(&mut table, &key, value).map_err(|m| self.error(m))?;
                    self.skip_all();
                    match self.peek() {
                        Some(',') => {
                            self.bump();
                        }
                        Some('}') => {}
                        other => {
                            let got = other.map_or_else(|| "EOF".to_owned(), q);
                            return Err(self.error(format!(
                                "expected a comma or an inline table terminator '}}', but got {got} instead"
                            )));
                        }
                    }
                }
            }
            Some(_) => self.scalar(),
        }
    }

    fn scalar(&mut self) -> Result<Value> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '.' | ':'))
            || (self.peek() == Some(' ')
                && self.peek_at(1).is_some_and(|c| c.is_ascii_digit())
                && self
                    .text
                    .get(start..self.pos)
                    .is_some_and(|s| s.len() == 10 && s.contains('-')))
        {
            self.bump();
        }
        let word = self.text.get(start..self.pos).unwrap_or_default();
        match word {
            "" => {
                let c = self.peek().unwrap_or(' ');
                return Err(self.error(format!("expected value but found {} instead", q(c))));
            }
            "true" => return Ok(Value::Bool(true)),
            "false" => return Ok(Value::Bool(false)),
            "inf" | "+inf" => return Ok(Value::Float(f64::INFINITY)),
            "-inf" => return Ok(Value::Float(f64::NEG_INFINITY)),
            "nan" | "+nan" | "-nan" => return Ok(Value::Float(f64::NAN)),
            _ => {}
        }
        let unsigned = word.trim_start_matches(['+', '-']);
        if let Some(rest) = unsigned.get(2..)
            && let Some(radix) = match unsigned.get(..2) {
                Some("0x") => Some(16),
                Some("0o") => Some(8),
                Some("0b") => Some(2),
                _ => None,
            }
        {
            if unsigned.len() != word.len() {
                return Err(self.error(format!(
                    "cannot use sign with non-decimal numbers: '{word}'"
                )));
            }
            let clean: String = rest.chars().filter(|&c| c != '_').collect();
            return i64::from_str_radix(&clean, radix)
                .map(Value::Int64)
                .map_err(|_| {
                    self.error(format!(
                        "expected value but found {} instead",
                        crate::template::fmt::quote(word)
                    ))
                });
        }
        let digits_ok = !unsigned.is_empty()
            && !unsigned.starts_with('_')
            && !unsigned.ends_with('_')
            && !unsigned.contains("__");
        let clean: String = word.chars().filter(|&c| c != '_').collect();
        if digits_ok && unsigned.bytes().all(|c| c.is_ascii_digit() || c == b'_') {
            if unsigned.len() > 1 && unsigned.starts_with('0') {
                return Err(self.error(format!(
                    "expected value but found {} instead",
                    crate::template::fmt::quote(word)
                )));
            }
            return clean.parse::<i64>().map(Value::Int64).map_err(|_| {
                self.error(format!(
                    "Integer '{word}' is out of the range of 64-bit signed integers"
                ))
            });
        }
        let is_float = digits_ok
            && unsigned.starts_with(|c: char| c.is_ascii_digit())
            && unsigned.bytes().all(|c| {
                c.is_ascii_digit() || matches!(c, b'_' | b'.' | b'e' | b'E' | b'+' | b'-')
            });
        if is_float && let Ok(f) = clean.parse::<f64>() {
            return Ok(Value::Float(f));
        }
        // Dates and times: kept as text.
        if word.starts_with(|c: char| c.is_ascii_digit())
            && (word.contains('-') || word.contains(':'))
        {
            return Ok(Value::str(word));
        }
        Err(self.error(format!(
            "expected value but found {} instead",
            crate::template::fmt::quote(word)
        )))
    }

    /// After a value or header: blanks, a comment, then a newline or the end.
    fn end_of_line(&mut self) -> Result<()> {
        self.skip_blank();
        self.skip_comment();
        match self.peek() {
            None => Ok(()),
            Some('\n') => {
                self.bump();
                Ok(())
            }
            Some('\r') if self.peek_at(1) == Some('\n') => {
                self.bump();
                self.bump();
                Ok(())
            }
            Some(c) => Err(self.error(format!(
                "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
                q(c)
            ))),
        }
    }
}

/// Inserts `value` at the dotted `key` below `table`.
fn insert(
    table: &mut BTreeMap<String, Node>,
    key: &[String],
    value: Value,
) -> std::result::Result<(), String> {
    let Some((last, parents)) = key.split_last() else {
        return Ok(());
    };
    let mut at = table;
    for part in parents {
        let node = at
            .entry(part.clone())
            .or_insert_with(|| Node::Table(BTreeMap::new(), true));
        at = match node {
            Node::Table(map, _) => map,
            Node::Tables(list) => match list.last_mut() {
                Some(map) => map,
                None => return Err(format!("Key '{}' has already been defined.", key.join("."))),
            },
            Node::Value(_) => {
                return Err(format!("Key '{}' has already been defined.", key.join(".")));
            }
        };
    }
    if at.contains_key(last) {
        return Err(format!("Key '{}' has already been defined.", key.join(".")));
    }
    at.insert(last.clone(), Node::Value(value));
    Ok(())
}

/// The table a header names (`array`: a new element of a list of tables).
fn open<'m>(
    root: &'m mut BTreeMap<String, Node>,
    key: &[String],
    array: bool,
) -> std::result::Result<&'m mut BTreeMap<String, Node>, String> {
    let Some((last, parents)) = key.split_last() else {
        return Ok(root);
    };
    let taken = || format!("Key '{}' has already been defined.", key.join("."));
    let mut at = root;
    for part in parents {
        let node = at
            .entry(part.clone())
            .or_insert_with(|| Node::Table(BTreeMap::new(), false));
        at = match node {
            Node::Table(map, _) => map,
            Node::Tables(list) => list.last_mut().ok_or_else(taken)?,
            Node::Value(_) => return Err(taken()),
        };
    }
    if array {
        let node = at
            .entry(last.clone())
            .or_insert_with(|| Node::Tables(Vec::new()));
        match node {
            Node::Tables(list) => {
                list.push(BTreeMap::new());
                list.last_mut().ok_or_else(taken)
            }
            _ => Err(taken()),
        }
    } else {
        let node = at
            .entry(last.clone())
            .or_insert_with(|| Node::Table(BTreeMap::new(), false));
        match node {
            Node::Table(map, defined) => {
                if *defined {
                    return Err(taken());
                }
                *defined = true;
                Ok(map)
            }
            _ => Err(taken()),
        }
    }
}

/// `toml.Unmarshal` into a map: the map, or the error's text (the map is then empty).
pub fn parse(text: &str) -> std::result::Result<Map, (Map, String)> {
    let mut reader = Reader {
        text,
        pos: 0,
        line: 1,
        last_key: String::new(),
    };
    let mut root: BTreeMap<String, Node> = BTreeMap::new();
    let mut current: Vec<String> = Vec::new();
    let mut current_is_array = false;
    let result = (|| -> Result<()> {
        loop {
            reader.skip_all();
            match reader.peek() {
                None => return Ok(()),
                Some('[') => {
                    reader.bump();
                    let array = reader.peek() == Some('[');
                    if array {
                        reader.bump();
                    }
                    reader.skip_blank();
                    if reader.peek() == Some(']') {
                        return Err(reader
                            .error("unexpected end of table name (table names cannot be empty)"));
                    }
                    let key = reader.key()?;
                    reader.skip_blank();
                    let close = if array { "]]" } else { "]" };
                    if !reader
                        .text
                        .get(reader.pos..)
                        .is_some_and(|s| s.starts_with(close))
                    {
                        let got = reader.peek().map_or_else(|| "EOF".to_owned(), q);
                        return Err(reader.error(format!(
                            "expected '.' or ']' to end table name, but got {got} instead"
                        )));
                    }
                    for _ in 0..close.len() {
                        reader.bump();
                    }
                    reader.last_key = key.join(".");
                    open(&mut root, &key, array).map_err(|m| reader.error(m))?;
                    current = key;
                    current_is_array = array;
                    reader.end_of_line()?;
                }
                Some(_) => {
                    let key = reader.key()?;
                    let mut full = current.clone();
                    full.extend(key.iter().cloned());
                    reader.last_key = full.join(".");
                    reader.skip_blank();
                    match reader.peek() {
                        Some('=') => {
                            reader.bump();
                        }
                        None => {
                            return Err(reader.error("unexpected EOF; expected key separator '='"));
                        }
                        Some(c) => {
                            return Err(reader
                                .error(format!("expected '.' or '=', but got {} instead", q(c))));
                        }
                    }
                    reader.skip_blank();
                    let value = reader.value(0)?;
                    let table = locate(&mut root, &current, current_is_array)
                        .ok_or_else(|| reader.error("internal: table not found"))?;
                    insert(table, &key, value).map_err(|m| reader.error(m))?;
                    reader.end_of_line()?;
                }
            }
        }
    })();
    match result {
        Ok(()) => Ok(root.into_iter().map(|(k, v)| (k, to_value(v))).collect()),
        Err(message) => Err((Map::new(), message)),
    }
}

/// The table opened last (the last element along lists of tables).
fn locate<'m>(
    root: &'m mut BTreeMap<String, Node>,
    key: &[String],
    _array: bool,
) -> Option<&'m mut BTreeMap<String, Node>> {
    let mut at = root;
    for part in key {
        at = match at.get_mut(part)? {
            Node::Table(map, _) => map,
            Node::Tables(list) => list.last_mut()?,
            Node::Value(_) => return None,
        };
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tables_and_values() {
        let map = parse("a = 1\n[b]\nc = \"d\"\n[[e]]\nf = 1.5\n[[e]]\ng = [1, 'x']\nh.i = true")
            .unwrap_or_default();
        assert_eq!(
            crate::json::to_json(&Value::map(map)),
            r#"{"a":1,"b":{"c":"d"},"e":[{"f":1.5},{"g":[1,"x"],"h":{"i":true}}]}"#
        );
    }

    #[test]
    fn errors_as_burntsushi_writes_them() {
        assert_eq!(
            parse("a = ").err().map(|e| e.1),
            Some("toml: line 1 (last key \"a\"): unexpected EOF; expected value".to_owned())
        );
        assert_eq!(
            parse("a = 1 2").err().map(|e| e.1),
            Some("toml: line 1 (last key \"a\"): expected a top-level item to end with a newline, comment, or EOF, but got '2' instead".to_owned())
        );
    }
}
