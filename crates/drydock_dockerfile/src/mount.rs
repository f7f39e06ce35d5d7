//! `RUN --mount=…` values: comma-separated `key=value` fields (BuildKit reads them as one CSV
//! record), each with its range in the source when the flag's text allows it.

use super::syntax::{Flag, Word};
use drydock_base::text::TextRange;

/// One `--mount` flag, split into fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// The whole flag, `--mount=…`.
    pub range: TextRange,
    pub fields: Vec<MountField>,
}

/// `key=value`, or a bare `key` (`readonly`, `rw`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MountField {
    /// Lower-cased, as BuildKit compares keys.
    pub key: String,
    pub value: Option<String>,
    /// The field in the source; the whole flag value when quotes or continuations make the
    /// field's own place uncertain.
    pub range: TextRange,
    /// The value alone, under the same rule.
    pub value_range: TextRange,
}

impl Mount {
    /// Reads a `--mount` flag; `None` for any other flag or one without a value.
    pub fn from_flag(flag: &Flag, text: &str) -> Option<Mount> {
        if !flag.name.value.eq_ignore_ascii_case("mount") {
            return None;
        }
        let value = flag.value.as_ref()?;
        Some(Mount {
            range: flag.range,
            fields: fields(value, text),
        })
    }

    pub fn get(&self, key: &str) -> Option<&MountField> {
        self.fields.iter().find(|field| field.key == key)
    }

    /// The mount type; BuildKit's default is `bind`.
    pub fn kind(&self) -> &str {
        self.get("type")
            .and_then(|field| field.value.as_deref())
            .unwrap_or("bind")
    }
}

fn fields(value: &Word, text: &str) -> Vec<MountField> {
    // Offsets into the value map onto the source only when the value is the source verbatim.
    let exact = value.range.slice(text) == value.value;
    let place = |start: usize, end: usize| {
        if exact {
            TextRange::new(value.range.start + start, value.range.start + end)
        } else {
            value.range
        }
    };
    let mut out = Vec::new();
    for (field, start, end) in csv_fields(&value.value) {
        let (key, field_value, value_start) = match field.split_once('=') {
            Some((key, rest)) => (key, Some(rest.to_owned()), start + key.len() + 1),
            None => (field.as_str(), None, end),
        };
        out.push(MountField {
            key: key.trim().to_ascii_lowercase(),
            value: field_value,
            range: place(start, end),
            value_range: place(value_start.min(end), end),
        });
    }
    out
}

/// Splits a CSV record: `,` separates fields, `"…"` quotes (with `""` for a quote).
fn csv_fields(record: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut start = 0;
    let mut quoted = false;
    let mut chars = record.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if quoted => {
                if chars.peek().is_some_and(|&(_, next)| next == '"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            }
            '"' => quoted = true,
            ',' if !quoted => {
                out.push((std::mem::take(&mut field), start, i));
                start = i + 1;
            }
            _ => field.push(c),
        }
    }
    out.push((field, start, record.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_ranges() {
        let text = "RUN --mount=type=cache,target=/root/.cache,ro true";
        let tree = crate::parse(text);
        let flag = tree.instructions[0].flags[0].clone();
        let mount = Mount::from_flag(&flag, text).unwrap();
        let got: Vec<String> = mount
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{}={:?} {:?} {:?}",
                    f.key,
                    f.value,
                    f.range.slice(text),
                    f.value_range.slice(text)
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                r#"type=Some("cache") "type=cache" "cache""#,
                r#"target=Some("/root/.cache") "target=/root/.cache" "/root/.cache""#,
                r#"ro=None "ro" """#,
            ]
        );
        assert_eq!(mount.kind(), "cache");
    }
}
