//! JSON text written by hand, where a serde derive would weigh more than the few lines it saves
//! (the page's module writes engine requests; the Kustomize renderer writes `--format json`).

use std::fmt::Write as _;

/// Appends `text` as a JSON string: `"` and `\` escaped, control characters as `\n`, `\t`, …
/// or `\u00XX`, the way serde_json and Go's encoder write them.
pub fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::write_string;

    #[test]
    fn escapes_what_json_must_and_nothing_else() {
        let mut out = String::new();
        write_string(&mut out, "a\"b\\c\nd\re\tf\u{8}g\u{c}h\u{1}é/");
        assert_eq!(out, r#""a\"b\\c\nd\re\tf\bg\fh\u0001é/""#);
    }
}
