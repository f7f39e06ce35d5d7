//! Parser tests through one helper: `check(input, expected)` where `expected` is a dump of every
//! document (nodes with the text of their ranges) and every error.

use std::fmt::Write;

use super::*;

fn dump(text: &str) -> String {
    let stream = parse(text);
    let mut out = String::new();
    for document in &stream.documents {
        out.push_str("doc\n");
        if let Some(root) = document.root {
            node(text, document, root, 1, &mut out);
        }
        for error in &document.errors {
            let _ = writeln!(
                out,
                "  {:?} {:?}: {}",
                error.kind,
                error.range.slice(text),
                error.message
            );
            if let Some((range, message)) = &error.label {
                let _ = writeln!(out, "    label {:?}: {message}", range.slice(text));
            }
        }
    }
    out
}

fn node(text: &str, document: &Document, id: NodeId, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let n = document.node(id).unwrap();
    match &n.value {
        Value::Scalar(s) => {
            let _ = writeln!(out, "{pad}{:?} {:?}", s.kind, n.range.slice(text));
        }
        Value::Sequence(items) => {
            let _ = writeln!(out, "{pad}seq {:?}", n.range.slice(text));
            for item in items {
                node(text, document, *item, depth + 1, out);
            }
        }
        Value::Mapping(entries) => {
            let _ = writeln!(out, "{pad}map {:?}", n.range.slice(text));
            for entry in entries {
                let key = document.range(entry.key).slice(text);
                let merged = if entry.merged { " (merged)" } else { "" };
                let _ = writeln!(out, "{pad} key {key:?}{merged}");
                node(text, document, entry.value, depth + 1, out);
            }
        }
    }
}

#[track_caller]
fn check(text: &str, expected: &str) {
    let actual = dump(text);
    assert_eq!(actual.trim(), expected.trim(), "\n{actual}");
}

#[test]
fn keys_and_values_have_exact_ranges() {
    check(
        "a: 1\nb: \"x\"\nc: [1, {d: e}]\n",
        r#"
doc
  map "a: 1\nb: \"x\"\nc: [1, {d: e}]"
   key "a"
    Int(1) "1"
   key "b"
    String "\"x\""
   key "c"
    seq "[1, {d: e}]"
      Int(1) "1"
      map "{d: e}"
       key "d"
        String "e"
"#,
    );
}

#[test]
fn bom_crlf_and_unicode_keep_byte_ranges() {
    check(
        "\u{feff}é: ü\r\nb:\r\n  - x\r\n",
        r#"
doc
  map "é: ü\r\nb:\r\n  - x"
   key "é"
    String "ü"
   key "b"
    seq "- x"
      String "x"
"#,
    );
}

#[test]
fn block_scalars_anchors_and_tags() {
    check(
        "k: |\n  text\nf: >-\n  a\n  b\nt: !!str 3\nq: !!int \"4\"\nn:\n",
        r#"
doc
  map "k: |\n  text\nf: >-\n  a\n  b\nt: !!str 3\nq: !!int \"4\"\nn"
   key "k"
    String "text\n"
   key "f"
    String "a\n  b\n"
   key "t"
    String "3"
   key "q"
    Int(4) "\"4\""
   key "n"
    Null ""
"#,
    );
}

#[test]
fn aliases_share_nodes_and_merge_keys_merge() {
    check(
        "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nref: *b\n",
        r#"
doc
  map "base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nref: *b"
   key "base"
    map "{x: 1, y: 2}"
     key "x"
      Int(1) "1"
     key "y"
      Int(2) "2"
   key "use"
    map "<<: *b\n  y: 3"
     key "y"
      Int(3) "3"
     key "x" (merged)
      Int(1) "1"
   key "ref"
    map "{x: 1, y: 2}"
     key "x"
      Int(1) "1"
     key "y"
      Int(2) "2"
"#,
    );
}

#[test]
fn duplicate_keys_are_errors_with_the_first_labelled() {
    check(
        "a: 1\nb: 2\na: 3\n",
        r#"
doc
  map "a: 1\nb: 2\na: 3"
   key "a"
    Int(1) "1"
   key "b"
    Int(2) "2"
  DuplicateKey "a": duplicate key `a`: kubectl rejects a mapping that defines a key twice, and tools that accept it silently keep only one value
    label "a": first defined here
"#,
    );
}

#[test]
fn an_error_in_one_document_does_not_hide_another() {
    check(
        "a: [1, 2\n---\nb: 1\n---\nc: \"open\n",
        r#"
doc
  Syntax "": unclosed flow sequence: expected `,` or `]` here
    label "[": the flow sequence starts here
doc
  map "b: 1"
   key "b"
    Int(1) "1"
doc
  Syntax "\"": unclosed quoted string: no closing `"` before the end of the document
"#,
    );
}

#[test]
fn syntax_errors_say_what_and_where() {
    check(
        "a:\n\tb: 1\n",
        r#"
doc
  Syntax "\t": tab character in indentation: YAML indents with spaces only
"#,
    );
    check(
        "a:\n  b: 1\n   c: 2\n",
        r#"
doc
  Syntax "c": bad indentation: expected 2 spaces, found 3; a line that is not aligned with its siblings belongs to no mapping or list
"#,
    );
    check(
        "a:\n  - b: 1\n    c: 2\n   d: 3\n",
        r#"
doc
  Syntax "d": bad indentation: expected 2 or 4 spaces, found 3; a line that is not aligned with its siblings belongs to no mapping or list
"#,
    );
    check(
        "a: {b: 1\nc: 2\n",
        r#"
doc
  Syntax ":": unclosed flow mapping: expected `,` or `}` here
    label "{": the flow mapping starts here
"#,
    );
    check(
        "a: 'x\n",
        r#"
doc
  Syntax "'": unclosed quoted string: no closing `'` before the end of the document
"#,
    );
    check(
        "a: b: c\n",
        r#"
doc
  Syntax ":": unexpected `: ` inside a plain value: quote the value, or start the nested mapping on its own line
"#,
    );
}

#[test]
fn alias_bombs_are_rejected_without_expanding() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names: Vec<char> = "abcdefghi".chars().collect();
    for pair in names.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        let _ = writeln!(bomb, "{next}: &{next} [{refs}]");
    }
    let started = std::time::Instant::now();
    let stream = parse(&bomb);
    assert!(started.elapsed().as_millis() < 500);
    let errors: Vec<&YamlError> = stream.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].kind, ErrorKind::AliasLimit);
    assert!(errors[0].range.slice(&bomb).starts_with('*'));
    assert!(!stream.documents[0].is_complete());
}

#[test]
fn recursive_aliases_and_bad_merges_are_errors() {
    check(
        "a: &a [*a]\n",
        r#"
doc
  Syntax "*a": alias `*a` refers to a node that contains it: a recursive structure cannot be turned into JSON
"#,
    );
    check(
        "a:\n  <<: 3\n",
        r#"
doc
  map "a:\n  <<: 3"
   key "a"
    map "<<: 3"
  Syntax "<<": a merge key `<<` needs a mapping or a list of mappings as its value
"#,
    );
}

#[test]
fn adversarial_inputs_are_answered_quickly() {
    let deep = "[".repeat(10_000) + &"]".repeat(10_000);
    let mut block = String::new();
    for i in 0..10_000 {
        block.push_str(&" ".repeat(i));
        block.push_str("a:\n");
    }
    // The benchmark times the full-size inputs (50 MB scalar) in release; here they must only
    // be answered without a crash.
    let big = format!("a: {}\n", "x".repeat(1_000_000));
    for input in [deep, block, big] {
        let stream = parse(&input);
        assert_eq!(stream.documents.len(), 1);
    }
}

#[test]
fn documents_split_at_markers() {
    let text = "a: 1\n---\nb: 2\n--- # c\nc: 3\n...\n";
    let docs: Vec<&str> = split_documents(text)
        .iter()
        .map(|d| d.range.slice(text))
        .collect();
    assert_eq!(docs, ["a: 1\n", "---\nb: 2\n", "--- # c\nc: 3\n", "...\n"]);
    assert_eq!(split_documents("").len(), 1);
    assert_eq!(split_documents("----\n").len(), 1);
    // Empty documents are dropped from the parsed stream.
    assert_eq!(parse(text).documents.len(), 3);
    assert_eq!(parse("# only\n---\n").documents.len(), 0);
}
