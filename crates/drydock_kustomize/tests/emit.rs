//! The printer against kustomize's own output: every rendered stream of the conformance data
//! (`expected.yaml` of the krusty cases, the corpus renders) read and printed again must come out
//! byte for byte the same. Plus tables of values and what kustomize prints for them (checked with
//! `kubectl kustomize` on a resource holding each value).

use std::path::{Path, PathBuf};

use drydock_base::text::TextRange;
use drydock_kustomize::emit::{to_json, to_yaml};
use drydock_kustomize::{Entry, FileId, Node, Origin, Value};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/kustomize")
}

/// The objects of a YAML stream.
fn read(text: &str) -> Vec<Node> {
    let stream = drydock_yaml::parse(text);
    let mut budget = 10_000_000;
    stream
        .documents
        .iter()
        .filter(|document| !document.is_empty())
        .filter_map(|document| Node::from_yaml(document, document.root?, FileId(0), &mut budget))
        .collect()
}

fn reprint(text: &str) -> String {
    let objects = read(text);
    let refs: Vec<&Node> = objects.iter().collect();
    to_yaml(&refs).text
}

fn first_difference(want: &str, got: &str) -> String {
    let line = want
        .lines()
        .zip(got.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| want.lines().count().min(got.lines().count()));
    let show = |text: &str| {
        text.lines()
            .skip(line.saturating_sub(1))
            .take(3)
            .collect::<Vec<_>>()
            .join("\n      ")
    };
    format!(
        "line {}\n    want: {}\n    got:  {}",
        line + 1,
        show(want),
        show(got)
    )
}

#[test]
fn conformance_streams_print_back_identically() {
    let root = shared();
    if !root.exists() {
        println!("emit round trip: skipped, {} is absent", root.display());
        return;
    }
    let mut files: Vec<PathBuf> = Vec::new();
    if let Ok(cases) = std::fs::read_dir(root.join("krusty")) {
        for case in cases.flatten() {
            let expected = case.path().join("expected.yaml");
            if expected.exists() {
                files.push(expected);
            }
        }
    }
    if let Ok(renders) = std::fs::read_dir(root.join("corpus-renders")) {
        for render in renders.flatten() {
            let path = render.path();
            if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut identical = 0;
    let mut failures = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            failures.push(format!("{}: unreadable", path.display()));
            continue;
        };
        let got = reprint(&text);
        if got == text {
            identical += 1;
        } else {
            failures.push(format!(
                "{}: {}",
                path.display(),
                first_difference(&text, &got)
            ));
        }
    }
    println!(
        "emit round trip: {identical} of {} files identical",
        files.len()
    );
    for failure in failures.iter().take(10) {
        println!("  {failure}");
    }
    assert!(failures.is_empty(), "{} files differ", failures.len());
}

/// `key: <value as written>` → what kustomize prints for it.
fn check_values(cases: &[(&str, &str)]) {
    let mut wrong = Vec::new();
    for &(written, printed) in cases {
        let text = format!("k: {written}\n");
        let got = reprint(&text);
        let separator = if printed.starts_with('\n') { "" } else { " " };
        let want = format!("k:{separator}{printed}\n");
        if got != want {
            wrong.push(format!("{written:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn scalars_print_as_kustomize_prints_them() {
    check_values(&[
        ("'value'", "value"),
        ("[a, b]", "\n- a\n- b"),
        ("0777", "511"),
        ("1.0", "1"),
        ("1e3", "1000"),
        ("~", "null"),
        ("", "null"),
        ("Yes", "\"Yes\""),
        ("\"123\"", "\"123\""),
        ("\"true\"", "\"true\""),
        ("\"line1\\nline2\\n\"", "|\n  line1\n  line2"),
        ("\"trailing  \\nx\"", "\"trailing  \\nx\""),
        ("\"é\\t\\u0001x\"", "\"é\\t\\x01x\""),
        ("{}", "{}"),
        ("[]", "[]"),
        ("\"a: b\"", "'a: b'"),
        ("\"- x\"", "'- x'"),
        ("\"#x\"", "'#x'"),
        ("\"x #y\"", "'x #y'"),
        ("\"\"", "\"\""),
        ("\"  lead\"", "'  lead'"),
        ("0x1F", "31"),
        ("null", "null"),
        ("\"y\"", "\"y\""),
        ("\"null\"", "\"null\""),
        ("'it''s'", "it's"),
        ("1000000", "1000000"),
        ("1e6", "1000000"),
        ("12345678901234567890", "12345678901234567890"),
        ("0.000001", "1e-06"),
        ("1.5", "1.5"),
        ("-0.0", "0"),
        ("3.0e2", "300"),
        ("1e20", "1e+20"),
        ("1e21", "1e+21"),
        ("0.0000001", "1e-07"),
        ("9223372036854775807", "9223372036854775807"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("18446744073709551615", "18446744073709551615"),
        ("0.1", "0.1"),
        ("123456789.123456789", "1.2345678912345679e+08"),
        ("+5", "5"),
        ("0o17", "15"),
        ("2.5e+30", "2.5e+30"),
        ("\"a\\n\"", "|\n  a"),
        ("\"a\\n\\n\"", "|+\n  a\n"),
        ("\"\\na\"", "|2-\n\n  a"),
        ("\" a\\nb\"", "|2-\n   a\n  b"),
        ("\"a\\nb \"", "\"a\\nb \""),
        ("\"a \\nb\"", "\"a \\nb\""),
        ("\"a\\tb\\nc\"", "\"a\\tb\\nc\""),
        ("\"a\\tb\"", "\"a\\tb\""),
        ("\"\\t\"", "\"\\t\""),
        ("\"2006-01-02\"", "\"2006-01-02\""),
        ("\"1:20\"", "\"1:20\""),
        ("\"0x1\"", "\"0x1\""),
        ("\"1_000\"", "\"1_000\""),
        ("\"on\"", "\"on\""),
        ("\"~\"", "\"~\""),
        ("\"é\"", "é"),
        ("\"\\u00a0x\"", "\u{a0}x"),
        ("\"a\\u2028b\"", "'a\u{2028}  b'"),
        ("\"\\ufeffx\"", "\"\\uFEFF\\x78\""),
        ("\"x\\u0085y\"", "x y"),
        ("\"x\\u0085y\\n\"", "|\n  x y"),
        ("\"@x\"", "'@x'"),
        ("\"`x\"", "'`x'"),
        ("\"x:\"", "'x:'"),
        ("\"x: \"", "'x: '"),
        ("\"-\"", "'-'"),
        ("\"?\"", "'?'"),
        ("\"a\\rb\"", "\"a\\rb\""),
        ("\"emoji 😀\"", "\"emoji \\U0001F600\""),
        ("\"a'b\"", "a'b"),
        ("\"a\\\"b\"", "a\"b"),
        ("\"=x\"", "=x"),
        ("\"*x\"", "'*x'"),
        ("\"&x\"", "'&x'"),
        ("\"!x\"", "'!x'"),
        ("\"%x\"", "'%x'"),
        ("\"{x\"", "'{x'"),
        ("\"[x\"", "'[x'"),
        ("\"x,y\"", "x,y"),
        ("\"x]\"", "x]"),
        ("\"|\"", "'|'"),
        ("\">\"", "'>'"),
        ("\"1.0\"", "\"1.0\""),
        ("\".5\"", "\".5\""),
        ("\"+1\"", "\"+1\""),
        ("\"-.inf\"", "\"-.inf\""),
        ("\"Null\"", "\"Null\""),
        ("\"tRue\"", "tRue"),
        ("\"190:20:30\"", "\"190:20:30\""),
        ("\"1e3\"", "\"1e3\""),
        ("\"0b101\"", "\"0b101\""),
        ("\"---\"", "'---'"),
        ("\"...\"", "'...'"),
        ("\"a\\n \"", "\"a\\n \""),
        ("\"   \"", "'   '"),
        ("\"\\n\"", "|2+\n"),
        ("\"a\\n\\nb\\n\"", "|\n  a\n\n  b"),
        ("\"a\\n  b\\n\"", "|\n  a\n    b"),
        ("\"  a\\nb\\n\"", "|2\n    a\n  b"),
        ("|\n  folded\n  text\n", "|\n  folded\n  text"),
        (">\n  folded\n  text\n", "|\n  folded text"),
        ("!!str 5", "\"5\""),
        ("true", "true"),
        ("True", "true"),
    ]);
}

/// Strings that look like numbers or timestamps, at the edges of what go-yaml v2 reads as such.
#[test]
fn strings_are_quoted_only_when_v2_would_misread_them() {
    check_values(&[
        ("\"1e400\"", "1e400"),
        ("\"0x1FFFFFFFFFFFFFFFF\"", "0x1FFFFFFFFFFFFFFFF"),
        ("\"2006-1-2x\"", "2006-1-2x"),
        ("\"2006-02-30\"", "2006-02-30"),
        ("\"2006-02-29\"", "2006-02-29"),
        ("\"2004-02-29\"", "\"2004-02-29\""),
        ("\"1_\"", "\"1_\""),
        (
            "\"2001-12-14t21:59:43.10-05:00\"",
            "\"2001-12-14t21:59:43.10-05:00\"",
        ),
        ("\"2001-12-14 21:59:43.10\"", "\"2001-12-14 21:59:43.10\""),
        ("\"2006-01-02T25:00:00Z\"", "2006-01-02T25:00:00Z"),
        ("\"2006-01-02T10:00:00\"", "2006-01-02T10:00:00"),
        ("\"2006-01-02T10:00:00+25:00\"", "2006-01-02T10:00:00+25:00"),
        ("\"2006-01-02T10:00:00,5Z\"", "\"2006-01-02T10:00:00,5Z\""),
        ("\"1:60\"", "1:60"),
        ("\"-1:30.5\"", "\"-1:30.5\""),
        ("\"08\"", "\"08\""),
        ("\".e1\"", ".e1"),
        ("\"._5\"", "._5"),
        ("\".5_5\"", "\".5_5\""),
        ("\"0b\"", "0b"),
        ("\"-0b1\"", "\"-0b1\""),
        ("\"1__0\"", "\"1__0\""),
        ("\"+.5\"", "\"+.5\""),
        ("\"1.2.3\"", "1.2.3"),
        ("\"0o\"", "0o"),
        ("\"0O17\"", "\"0O17\""),
        ("\"0B11\"", "\"0B11\""),
        ("\"-0x1f\"", "\"-0x1f\""),
    ]);
}

#[test]
fn long_lines_fold_past_column_80() {
    let a = "a".repeat(83);
    let b = "b".repeat(63);
    let c = "c".repeat(24);
    check_values(&[
        (&format!("\"{a} {b} {c}\""), &format!("{a}\n  {b} {c}")),
        (&format!("\"{a}: {b} {c}\""), &format!("'{a}:\n  {b} {c}'")),
    ]);
}

#[test]
fn keys_sort_naturally_and_long_or_multiline_keys_are_complex() {
    let text = "m:\n  key10: 1\n  key9: 2\n  key1a: 3\n  Key: 4\n  _k: 5\n  k-1: 6\n  \"1\": 7\n  \"10\": 8\n  \"2\": 9\n  n: 10\n";
    assert_eq!(
        reprint(text),
        "m:\n  _k: 5\n  \"1\": 7\n  \"2\": 9\n  \"10\": 8\n  Key: 4\n  k-1: 6\n  key1a: 3\n  key9: 2\n  key10: 1\n  \"n\": 10\n"
    );
    let long = format!("? long key {}", "a".repeat(130));
    let text = format!(
        "m:\n  \"{long}\": {{a: 1}}\n  \"k\\nl\": x\n  s: [[a, b], {{x: [y]}}]\n  \"seq {long}\": [a, [b, c], {{d: e}}, [], {{}}]\n"
    );
    let want = format!(
        "m:\n  ? '{long}'\n  : a: 1\n  ? |-\n    k\n    l\n  : x\n  s:\n  - - a\n    - b\n  - x:\n    - \"y\"\n  ? seq {long}\n  : - a\n    - - b\n      - c\n    - d: e\n    - []\n    - {{}}\n"
    );
    assert_eq!(reprint(&text), want);
}

#[test]
fn documents_are_separated_by_dashes() {
    assert_eq!(
        reprint("a: 1\n---\nb: \"x\\n\\n\"\n---\n{}\n"),
        "a: 1\n---\nb: |+\n  x\n\n---\n{}\n"
    );
    assert_eq!(reprint(""), "");
}

#[test]
fn json_prints_the_same_values() {
    let objects = read("b: 0777\na: [1.5, \"x\\u0085y\", {}]\n");
    let refs: Vec<&Node> = objects.iter().collect();
    assert_eq!(
        to_json(&refs),
        "[\n  {\n    \"a\": [\n      1.5,\n      \"x y\",\n      {}\n    ],\n    \"b\": 511\n  }\n]\n"
    );
}

#[test]
fn spans_map_printed_text_back_to_origins() {
    let text = "metadata:\n  name: web\n  labels: {app: web}\nkind: Service\n";
    let objects = read(text);
    let refs: Vec<&Node> = objects.iter().collect();
    let rendered = to_yaml(&refs);
    assert_eq!(
        rendered.text,
        "kind: Service\nmetadata:\n  labels:\n    app: web\n  name: web\n"
    );
    let at = |needle: &str, nth: usize| {
        let start = rendered
            .text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or(usize::MAX);
        let origin = rendered.origin_at(TextRange::new(start, start + needle.len()));
        origin.and_then(|o| text.get(o.range.start..o.range.end).map(str::to_owned))
    };
    assert_eq!(at("Service", 0).as_deref(), Some("Service"));
    assert_eq!(at("kind", 0).as_deref(), Some("kind"));
    assert_eq!(at("app", 0).as_deref(), Some("app"));
    // The first `web` printed is the label's value, written inside the flow mapping.
    assert_eq!(at("web", 0).as_deref(), Some("web"));
    assert_eq!(at("labels", 0).as_deref(), Some("labels"));
    // A range across two entries maps to the mapping that holds both.
    let both = rendered.text.find("labels").unwrap_or(0);
    let origin = rendered.origin_at(TextRange::new(both, rendered.text.len() - 1));
    assert_eq!(
        origin.map(|o| o.range),
        Some(TextRange::new(
            text.find("name").unwrap_or(0),
            text.find("\nkind").unwrap_or(0)
        ))
    );
    // Spans are sorted by start.
    assert!(
        rendered
            .spans
            .windows(2)
            .all(|w| w[0].range.start <= w[1].range.start)
    );

    // Nodes without an origin have no span; their children still do.
    let object = Node::new(
        Value::Map(vec![Entry {
            key: "a".to_owned(),
            key_origin: None,
            value: Node::string("x", origin_of(10, 11)),
        }]),
        None,
    );
    let rendered = to_yaml(&[&object]);
    assert_eq!(rendered.text, "a: x\n");
    assert_eq!(rendered.spans.len(), 1);
    assert_eq!(rendered.origin_at(TextRange::new(3, 4)), origin_of(10, 11));
    assert_eq!(rendered.origin_at(TextRange::new(0, 1)), None);
}

fn origin_of(start: usize, end: usize) -> Option<Origin> {
    Some(Origin {
        file: FileId(1),
        range: TextRange::new(start, end),
    })
}

#[test]
fn deep_and_odd_trees_do_not_panic() {
    let mut node = Node::string("leaf", None);
    for _ in 0..5_000 {
        node = Node::seq(vec![node], None);
    }
    let rendered = to_yaml(&[&node]);
    assert!(rendered.text.ends_with("null\n"));
    let _ = to_json(&[&node]);
    let controls: String = (0u8..0x20).map(char::from).collect();
    let object = Node::new(
        Value::Map(vec![Entry {
            key: controls.clone(),
            key_origin: None,
            value: Node::string(controls, None),
        }]),
        None,
    );
    let _ = to_yaml(&[&object]);
    let _ = to_json(&[&object]);
}
