//! Key-value sources as kustomize reads them (`api/kv/kv.go`, `api/internal/generators`):
//! `key=value` literals, `[key=]path` file sources, and env files.
//!
//! Everything here works on text and byte offsets only, so that every key and value keeps the
//! range it was written at.

use drydock_base::text::TextRange;

/// One `key=value` line of an env file, with where its key and value are in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvPair {
    pub key: String,
    pub key_range: TextRange,
    pub value: String,
    /// The text after `=` (empty at the end of the key when the line has no `=`).
    pub value_range: TextRange,
    /// The whole line, without its line break.
    pub line_range: TextRange,
}

/// A line of an env file that kustomize silently skips or stops at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnvIssue {
    /// `=value`: the key is empty, so kustomize drops the line without a word.
    EmptyKey(TextRange),
    /// A line of more than 65,535 bytes: Go's line scanner gives up there, and kustomize keeps
    /// the lines before it and silently drops it and everything after it.
    LineTooLong(TextRange),
}

/// The longest line Go's `bufio.Scanner` reads with its default buffer (64 KiB, line break
/// included).
const MAX_LINE: usize = 64 * 1024 - 1;

const BOM: &str = "\u{feff}";

/// The pairs of an env file, in order. Comments (`#` after leading white space) and blank lines
/// are skipped; a BOM is dropped from the first line only; a line without `=` is a key with an
/// empty value; values are taken verbatim (no quotes removed, no trailing space trimmed), and
/// keys are not trimmed on the right (`A = 1` is the key `A ` with the value ` 1`), as kustomize
/// does. Linear in the length of `text`.
pub fn parse_env(text: &str) -> (Vec<EnvPair>, Vec<EnvIssue>) {
    let mut pairs = Vec::new();
    let mut issues = Vec::new();
    let mut start = 0;
    let mut first = true;
    while start < text.len() {
        let rest = text.get(start..).unwrap_or("");
        let (line_len, next) = match rest.find('\n') {
            Some(at) => (at, start + at + 1),
            None => (rest.len(), text.len()),
        };
        if line_len > MAX_LINE {
            issues.push(EnvIssue::LineTooLong(TextRange::new(
                start,
                start + line_len,
            )));
            break;
        }
        let mut line = rest.get(..line_len).unwrap_or("");
        // Go's line scanner drops one `\r` before the line break.
        line = line.strip_suffix('\r').unwrap_or(line);
        let line_range = TextRange::new(start, start + line.len());
        let mut offset = start;
        if first {
            if let Some(stripped) = line.strip_prefix(BOM) {
                offset += BOM.len();
                line = stripped;
            }
            first = false;
        }
        let trimmed = line.trim_start();
        offset += line.len() - trimmed.len();
        start = next;
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (key, value, value_start) = match trimmed.split_once('=') {
            Some((key, value)) => (key, value, offset + key.len() + 1),
            None => (trimmed, "", offset + trimmed.len()),
        };
        if key.is_empty() {
            issues.push(EnvIssue::EmptyKey(line_range));
            continue;
        }
        pairs.push(EnvPair {
            key: key.to_owned(),
            key_range: TextRange::new(offset, offset + key.len()),
            value: value.to_owned(),
            value_range: TextRange::new(value_start, value_start + value.len()),
            line_range,
        });
    }
    (pairs, issues)
}

/// A literal split into its key and value: `value_offset` is where the value starts in `source`
/// (after the surrounding quotes kustomize removes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Literal<'a> {
    pub key: &'a str,
    pub value: &'a str,
    pub value_offset: usize,
}

/// `key=value`, split at the first `=`; one pair of matching quotes around the value is removed.
/// `Err` with kustomize's message when there is no `=` or nothing before it.
pub fn parse_literal(source: &str) -> Result<Literal<'_>, String> {
    match source.split_once('=') {
        Some((key, value)) if !key.is_empty() => {
            let mut value_offset = key.len() + 1;
            let value = match remove_quotes(value) {
                Some(inner) => {
                    value_offset += 1;
                    inner
                }
                None => value,
            };
            Ok(Literal {
                key,
                value,
                value_offset,
            })
        }
        _ => Err(format!(
            "invalid literal source {source}, expected key=value"
        )),
    }
}

/// The text inside one pair of matching `"` or `'` around `text`, if it has them.
fn remove_quotes(text: &str) -> Option<&str> {
    ["\"", "'"].iter().find_map(|quote| {
        text.strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
    })
}

/// `[key=]path`: the key (the path's base name when none is given) and the path. `Err` with
/// kustomize's message for `=path`, `key=`, and more than one `=`.
pub fn parse_file_source(source: &str) -> Result<(String, &str), String> {
    let mut parts = source.split('=');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(path), None, _) => Ok((base_name(path), path)),
        (Some(""), Some(path), None) => Err(format!(
            "missing key name for file path {} in source {}",
            go_quote(path),
            go_quote(source)
        )),
        (Some(key), Some(""), None) => Err(format!(
            "missing file path for key name {} in source {}",
            go_quote(key),
            go_quote(source)
        )),
        (Some(key), Some(path), None) => Ok((key.to_owned(), path)),
        _ => Err(format!(
            "source {} key name or file path contains '='",
            go_quote(source)
        )),
    }
}

/// Go's `path.Base`: the last element, trailing slashes ignored; `.` for an empty path and `/`
/// for a path of slashes.
fn base_name(path: &str) -> String {
    if path.is_empty() {
        return ".".to_owned();
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".to_owned();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_owned()
}

/// Go's `%q` for the strings messages quote (close enough: Rust's escapes for the rest).
fn go_quote(text: &str) -> String {
    format!("{text:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(env file, expected key=value pairs, expected issues)`.
    #[allow(clippy::type_complexity)]
    const ENV_CASES: &[(&str, &[(&str, &str)], usize)] = &[
        ("A=1\nB=2\n", &[("A", "1"), ("B", "2")], 0),
        ("# comment\n\n   \nA=1", &[("A", "1")], 0),
        ("  # indented comment\n\tA=x=y", &[("A", "x=y")], 0),
        (
            "\u{feff}A=1\n\u{feff}B=2",
            &[("A", "1"), ("\u{feff}B", "2")],
            0,
        ),
        (
            "A=\"quoted\"\nB='single'",
            &[("A", "\"quoted\""), ("B", "'single'")],
            0,
        ),
        ("A = 1 ", &[("A ", " 1 ")], 0),
        ("KEY\nOTHER=", &[("KEY", ""), ("OTHER", "")], 0),
        ("A=1\r\nB=2\r\n", &[("A", "1"), ("B", "2")], 0),
        ("=nokey\nA=1", &[("A", "1")], 1),
        (
            "A=1\nB=2#not a comment",
            &[("A", "1"), ("B", "2#not a comment")],
            0,
        ),
        ("", &[], 0),
        ("\n\n", &[], 0),
    ];

    #[test]
    fn env_files() {
        for (text, expected, issues) in ENV_CASES {
            let (pairs, found) = parse_env(text);
            let got: Vec<(&str, &str)> = pairs
                .iter()
                .map(|pair| (pair.key.as_str(), pair.value.as_str()))
                .collect();
            assert_eq!(&got, expected, "{text:?}");
            assert_eq!(found.len(), *issues, "{text:?}");
            for pair in &pairs {
                assert_eq!(
                    text.get(pair.key_range.start..pair.key_range.end),
                    Some(pair.key.as_str())
                );
                assert_eq!(
                    text.get(pair.value_range.start..pair.value_range.end),
                    Some(pair.value.as_str())
                );
            }
        }
    }

    #[test]
    fn env_lines_past_go_scanner_limit_stop_the_file() {
        let text = format!("A=1\nB={}\nC=3\n", "x".repeat(MAX_LINE));
        let (pairs, issues) = parse_env(&text);
        assert_eq!(pairs.len(), 1);
        assert!(matches!(issues.as_slice(), [EnvIssue::LineTooLong(_)]));
        let fits = format!("B={}\nC=3\n", "x".repeat(MAX_LINE - 2));
        assert_eq!(parse_env(&fits).0.len(), 2);
    }

    #[test]
    fn a_large_env_file_is_linear() {
        let text = "KEY_NAME=some value here\n".repeat(400_000);
        assert_eq!(parse_env(&text).0.len(), 400_000);
    }

    /// `(literal, Ok((key, value, value offset)) or Err(message))`.
    #[allow(clippy::type_complexity)]
    const LITERAL_CASES: &[(&str, Result<(&str, &str, usize), &str>)] = &[
        ("a=b", Ok(("a", "b", 2))),
        ("a=b=c", Ok(("a", "b=c", 2))),
        ("a=", Ok(("a", "", 2))),
        ("a=\"quoted\"", Ok(("a", "quoted", 3))),
        ("a='single'", Ok(("a", "single", 3))),
        ("a=\"mismatched'", Ok(("a", "\"mismatched'", 2))),
        ("a=\"", Ok(("a", "\"", 2))),
        ("a=''", Ok(("a", "", 3))),
        ("k= spaced ", Ok(("k", " spaced ", 2))),
        ("=b", Err("invalid literal source =b, expected key=value")),
        (
            "novalue",
            Err("invalid literal source novalue, expected key=value"),
        ),
        ("", Err("invalid literal source , expected key=value")),
    ];

    #[test]
    fn literals() {
        for (source, expected) in LITERAL_CASES {
            let got = parse_literal(source)
                .map(|literal| (literal.key, literal.value, literal.value_offset));
            let expected = expected.map_err(str::to_owned);
            assert_eq!(got, expected, "{source:?}");
        }
    }

    #[test]
    fn file_sources() {
        assert_eq!(
            parse_file_source("a/b.txt"),
            Ok(("b.txt".to_owned(), "a/b.txt"))
        );
        assert_eq!(
            parse_file_source("key=a/b.txt"),
            Ok(("key".to_owned(), "a/b.txt"))
        );
        assert_eq!(parse_file_source("dir/"), Ok(("dir".to_owned(), "dir/")));
        assert!(parse_file_source("=a").is_err_and(|e| e.contains("missing key name")));
        assert!(parse_file_source("k=").is_err_and(|e| e.contains("missing file path")));
        assert!(parse_file_source("a=b=c").is_err_and(|e| e.contains("contains '='")));
    }
}
