//! Parser tests through one helper: `check(input, expected)` where `expected` is a dump of every
//! document (nodes with the text of their ranges) and every error.

use drydock_base::text::TextRange;
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

// The fast path against saphyr: wherever `fast` accepts a document it must build exactly what
// saphyr builds (nodes, values, ranges, errors).

/// Every document of `text` through both paths; returns how many the fast path accepted.
fn fast_agrees(text: &str, what: &str) -> usize {
    let mut accepted = 0;
    for slice in split_documents(text) {
        let Some(fast) = fast::parse_document(text, slice.range) else {
            continue;
        };
        let reference = build::parse_document_saphyr(text, slice.range);
        // Debug text when `==` fails: a `.nan` scalar is not equal to itself.
        assert!(
            fast == reference || format!("{fast:?}") == format!("{reference:?}"),
            "{what}: the fast path differs from saphyr on {:?}\nfast: {fast:#?}\nsaphyr: {reference:#?}",
            slice.range.slice(text)
        );
        accepted += 1;
    }
    accepted
}

#[test]
fn fast_path_agrees_with_saphyr_on_snippets() {
    let snippets = [
        "a:\nb: \nc: |\n  x\n\n  y\n\nd: >-\n  p\n  q\n\n  r\ne: \"x\" # c\nf:\n- 1\n-\n- [a, \"b\", {}]\ng: {k: v}\n# end\n",
        "--- \nk:\n  - a: 1\n    b:\n  - - x\n# c\n",
        "a: \"x\"   \nb: \"y\"\nc: 'z' # c\n\"k\": v\n'q':\nl:\n- \"x\" # c\n-\nm: |\n   a\n # comment\nn: |+\n  a\n\n# c\n\nz: 1\no: x # c\n",
        "k: [a]   # c\nl: [\"a\" , b, ]\nm: {}  \nn:\n- {}\n- {a: \"b\" }\no: [\"x\"]\n",
        "a: 'it''s'\nb: \"\\t\\u00e9\\x41\\\\ \\\"\"\nc: \"\\q\"\n",
        "a: |-\n  x\n\n\nb: |+\n  x\n\n\nc: >\n  a\n  b\n\n  c\n   d\n",
        "a: |\n  x\n  y",
        "a: |\n  x\n  ",
        "a: >\n\n  x\n",
        "a: |\n  \n  x\n",
        "- a\n- b: 1\n  c: 2\n-   d: 3\n- - e\n",
        "a:\n  b:\n    c: d\n  e: f\ng: h\n",
        "a: b\n  c\n",
        "a: b: c\n",
        "a:\n- b\n-\n  c: d\n- |\n  x\nz: 1\n",
        "é: ü\nkey with spaces: value with spaces\n'quoted key': \"x\" # é\n",
        "a: 1\na: 2\n",
        "<<: {a: 1}\nb: 2\n",
        "a: -1\nb: 0777\nc: on\nd: yes\ne: \"1\"\nf: 1.5\ng: ~\nh: null\ni: .inf\n",
        "a: [1, [2, [3]], {b: [c]}]\n",
        "a: [1,\n  2]\n",
        "a: {b: c, d: \"e\"}\n",
        "a: {b:c}\n",
        "a: [b: c]\n",
        "a: x#y\nb: x #y\n",
        "a: \"x\"#y\n",
        "  a: 1\n  b: 2\n",
        "  a: 1\nb: 2\n",
        "a: 1\n- b\n",
        "-\n-\n",
        "- # c\n  a: 1\n",
        "key:\n  value\n",
        "a: |\nb: 1\n",
        "a: |2\n   x\n",
        "a: | # comment\n  x\n",
        "a: |x\n  x\n",
        "a: 'x\n  y'\n",
        "a: [\n]\n",
        "...\n",
        "--- |\n  x\n",
        "--- # c\na: 1\n",
        "---\n",
        "# only a comment\n",
        "a: b\n---\nc: d\n...\ne: f\n",
        "a:  \n  - x\n  - y\n",
        "a:\n  - x\n   - y\n",
        "a: [x] y\n",
        "a: {}#\n",
        "a:\n  -  b: c\n     d: e\n",
        "- a: |\n    x\n  b: 1\n",
        "a: >-\n  x\n\n  y\n",
        "a: \"\\ud800\"\n",
        "a: \"\\U0001F600\"\n",
        "? a\n: b\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a:\tb\n",
        "a: b\r\n",
        "-1: x\n-a: y\n",
        "a: %x\n",
        "a: @x\n",
        "a: ,x\n",
        "a: ]\n",
        "a: -\n",
        "a: - b\n",
        "a: x:\n",
        "a: ::\n",
        "a: 'x' : y\n",
        "\"a\" : b\n",
        "a : b\n",
        "a: |\n  x\n # c\n  y\n",
        "a: |\n    x\n  b: c\n",
        "a:\n  b: |\n    x\n  c: d\n",
        "a: |-\n  x",
        "a: [\"x\"]",
        "a: x",
        "a:",
        "- x",
        "-",
        "a: b\n  c\n\n  d\ne: f\n",
        "- a\n  b\n- c\n   \n  d\n",
        "a: b\n  c: d\n",
        "a: b # x\n  c\n",
        "a: b\n  # x\n  c\n",
        "a: b\n\n\nc: d\n",
        "a: b\n  c  \n   d\n",
        "a:\n  b: x\n   y\n  c: z\n",
        "a: b\n  - c\n  [d] &e *f !g\n",
        "a: b\n  c",
        "- a: b\n    c\n  d: e\n",
        // Quoted scalars over several lines.
        "a: 'x y\n  z'\nb: \"p  \n   q\n\n  r\n \n\n  s\"  # c\nc: 1\n",
        "a:\n  b: 'it''s\n    ok'\n  c: 'x\n  y'\n",
        "- 'a\n  b'\n- \"c\\t\n  d\\\n  e\"\n",
        "a: 'x\n'\n",
        "a: 'x\ny'\n",
        "a: 'x\n  '\n",
        "a: \"x\n  \"\n",
        "a: 'x\n\n  y'\n",
        "a: 'x\n  ---\n  y'\n",
        "a: 'x\n---\n  y'\n",
        "a:\n  - 'x\n    y'\n  - 'p\n  q'\n",
        "a:\n- 'x\n y'\n",
        "'a\n  b': c\n",
        "a: 'x\n  y': z\n",
        "a: [ 'x\n  y' ]\n",
        // A flow collection on a line of its own.
        "a:\n  {}\nb:\n    [1, \"x\"]  # c\n\nc: 1\n",
        "a:\n  {}\n  # c\n  \n",
        "-\n  {}\n- \n  []\n",
        "a:\n  {}: x\n",
        "a:\n  {}\n   b\n",
        "a:\n  {}\n  b: 1\n",
        "a:\n  [1,\n   2]\n",
        "a:\n  {}x\n",
        "---\n# c\n",
        "",
        "\n\n",
    ];
    let mut accepted = 0;
    for snippet in snippets {
        accepted += fast_agrees(snippet, snippet);
    }
    assert!(
        accepted > 40,
        "the fast path accepted only {accepted} snippets"
    );
}

/// `split_documents` as it was written first, line by line (it now skips most lines unread).
fn split_lines(text: &str) -> Vec<DocumentSlice> {
    let mut documents = Vec::new();
    let mut start = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start_matches('\u{feff}');
        let marker = content.starts_with("---") || content.starts_with("...");
        let after = content.get(3..).unwrap_or("");
        if marker
            && (after.is_empty() || after.starts_with([' ', '\t', '\r', '\n']))
            && offset > start
        {
            documents.push(DocumentSlice {
                range: TextRange::new(start, offset),
            });
            start = offset;
        }
        offset += line.len();
    }
    if offset > start || documents.is_empty() {
        documents.push(DocumentSlice {
            range: TextRange::new(start, offset),
        });
    }
    documents
}

/// Every YAML file the repository's tests and the shared corpus hold, and truncations and
/// one-byte edits of the corpus (which reach the fast path's refusals).
#[test]
fn fast_path_agrees_with_saphyr_on_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dirs = [
        root.join("../drydock_core/tests/specs"),
        root.join("../../../shared/corpus/k8s"),
        root.join("../../../shared/seed"),
        root.join("../../../shared/conformance"),
    ];
    let mut files = Vec::new();
    let mut stack: Vec<_> = dirs.to_vec();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                files.push((path, text));
            }
        }
    }
    let mut accepted = 0;
    let mut total = 0;
    for (index, (path, text)) in files.iter().enumerate() {
        let what = path.display().to_string();
        assert_eq!(split_documents(text), split_lines(text), "{what}");
        accepted += fast_agrees(text, &what);
        total += split_documents(text).len();
        // Edits of every third file: drop a byte, insert a space, a line break or a colon, or cut
        // the file short, at a few places.
        let bytes = text.as_bytes();
        for k in (1..4).filter(|_| index % 3 == 0 && !bytes.is_empty()) {
            let at = bytes.len() * k / 4;
            for edit in 0..5u8 {
                let mut edited = bytes.to_vec();
                match edit {
                    0 => {
                        edited.remove(at.min(edited.len().saturating_sub(1)));
                    }
                    1 => edited.insert(at, b' '),
                    2 => edited.insert(at, b'\n'),
                    3 => edited.insert(at, b':'),
                    _ => edited.truncate(at),
                }
                if let Ok(edited) = String::from_utf8(edited) {
                    fast_agrees(&edited, &what);
                }
            }
        }
    }
    // The corpus is what the fast path is for: nearly all of it must take it.
    if files.len() > 900 {
        assert!(
            accepted * 100 >= total * 90,
            "the fast path accepted {accepted} of {total} documents"
        );
    }
    eprintln!("fast path: {accepted} of {total} documents");
}

#[test]
fn a_block_scalar_at_the_end_of_the_stream_has_no_final_break_to_keep() {
    let value = |text: &str| -> String {
        let stream = parse(text);
        let document = stream.documents.first().unwrap();
        let root = document.root.unwrap();
        let entry = document.entries(root).unwrap().first().unwrap();
        document.scalar(entry.value).unwrap().value.clone()
    };
    // Without a line break after the last line, clip and keep have none to keep (go-yaml,
    // which kustomize and kubectl use, reads it so).
    assert_eq!(value("a: |\n  x\n  y"), "x\ny");
    assert_eq!(value("a: |+\n  x\n  y"), "x\ny");
    assert_eq!(value("a: |-\n  x\n  y"), "x\ny");
    assert_eq!(value("a: >\n  x\n  y"), "x y");
    assert_eq!(value("a: |\n  x\n  y\n"), "x\ny\n");
    assert_eq!(value("a: |\n  x\n  y\n---\nb: 1\n"), "x\ny\n");
}

#[test]
fn a_flow_collection_may_close_at_its_keys_indentation_as_go_yaml_reads_it() {
    // saphyr refuses the `]` (and the `"b"` line) for their indentation; go-yaml, kubectl and
    // Docker Compose read them. Ranges are those of the text as written.
    check(
        "k:\n  command: [\n  \"a\",\n    \"b\"\n  ]\n  next: {x: 1,\n y: 2\n }\n",
        r#"
doc
  map "k:\n  command: [\n  \"a\",\n    \"b\"\n  ]\n  next: {x: 1,\n y: 2\n }"
   key "k"
    map "command: [\n  \"a\",\n    \"b\"\n  ]\n  next: {x: 1,\n y: 2\n }"
     key "command"
      seq "[\n  \"a\",\n    \"b\"\n  ]"
        String "\"a\""
        String "\"b\""
     key "next"
      map "{x: 1,\n y: 2\n }"
       key "x"
        Int(1) "1"
       key "y"
        Int(2) "2"
"#,
    );
}

#[test]
fn a_block_line_indented_too_little_is_still_an_error() {
    // Only lines inside a flow collection are forgiven.
    let stream = parse("a:\n  b: 1\n c: 2\n");
    assert!(stream.errors().next().is_some());
}

#[test]
fn local_tags_are_kept_with_their_nodes() {
    let stream = parse("a: !reset null\nb: !override [1]\nc: !!str 3\nd: !reset\n  x: 1\n");
    let document = &stream.documents[0];
    let root = document.root.unwrap();
    let tag = |key: &str| document.local_tag(document.get(root, key).unwrap().value);
    assert_eq!(tag("a"), Some("reset"));
    assert_eq!(tag("b"), Some("override"));
    assert_eq!(tag("c"), None);
    assert_eq!(tag("d"), Some("reset"));
}
