//! `values.schema.json` as Helm checks it: each case of `tests/schema/cases.txt` (a schema, the
//! values, and what helm v4.1.4 printed) rendered by Drydock, which must refuse the same values
//! with the same text. Helm walks Go maps in random order, so violations are compared as a set
//! of their top-level blocks, and each one's causes as a set too.

use std::collections::BTreeMap;

use drydock_helm::chart::{self, Options};

struct Case {
    name: String,
    schema: String,
    values: String,
    helm: String,
}

fn cases() -> Vec<Case> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/cases.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut out = Vec::new();
    for block in text.split("\n=== ").skip(1) {
        let (name, rest) = block.split_once('\n').unwrap_or((block, ""));
        let mut sections: BTreeMap<&str, String> = BTreeMap::new();
        for section in rest.split("--- ").skip(1) {
            let (title, body) = section.split_once('\n').unwrap_or((section, ""));
            sections.insert(title.trim(), body.to_owned());
        }
        let get = |key: &str| sections.get(key).cloned().unwrap_or_default();
        out.push(Case {
            name: name.trim().to_owned(),
            schema: get("schema"),
            values: get("values"),
            helm: get("helm"),
        });
    }
    out
}

/// The text with the violations of every level in a canonical order (each with the lines
/// under it): the lines before the first violation, then the violations sorted.
fn blocks(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.trim().lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("- at "))
        .unwrap_or(lines.len());
    let mut out = vec![lines.get(..first).unwrap_or_default().join("\n")];
    out.extend(level(lines.get(first..).unwrap_or_default(), 0));
    out
}

/// The violations of `lines` at `indent` (two spaces a level), each with what is under it in
/// canonical order, sorted.
fn level(lines: &[&str], indent: usize) -> Vec<String> {
    let prefix = format!("{}- at ", "  ".repeat(indent));
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(line) = lines.get(at) {
        let end = (at + 1..lines.len())
            .find(|&i| lines.get(i).is_some_and(|l| l.starts_with(&prefix)))
            .unwrap_or(lines.len());
        let under = level(lines.get(at + 1..end).unwrap_or_default(), indent + 1);
        out.push(format!("{line}\n{}", under.join("")));
        at = end;
    }
    out.sort();
    out
}

/// Cases where Drydock is known to differ, and why.
const KNOWN: &[(&str, &str)] = &[(
    "draft7-format",
    "`format` is not checked (Helm asserts it for drafts 4 to 7)",
)];

#[test]
fn values_are_refused_as_helm_refuses_them() {
    let all = cases();
    assert!(all.len() >= 30, "only {} cases read", all.len());
    let mut wrong = Vec::new();
    let mut same = 0;
    for case in &all {
        let mut files = chart::Files::new();
        files.insert(
            "Chart.yaml".to_owned(),
            "apiVersion: v2\nname: c\nversion: 0.1.0\n".to_owned(),
        );
        files.insert("values.yaml".to_owned(), case.values.clone());
        files.insert("values.schema.json".to_owned(), case.schema.clone());
        files.insert("templates/t.yaml".to_owned(), "a: 1\n".to_owned());
        let got = match chart::render(&files, &Options::default()) {
            Ok(_) => String::new(),
            Err(error) => format!("Error: {}", error.helm_message()),
        };
        let known = KNOWN.iter().any(|(name, _)| *name == case.name);
        if blocks(&got) == blocks(&case.helm) {
            same += 1;
            assert!(
                !known,
                "{} is listed as known to differ but agrees",
                case.name
            );
        } else if !known {
            wrong.push(format!(
                "{}:\n  helm    {:?}\n  drydock {:?}",
                case.name, case.helm, got
            ));
        }
    }
    println!(
        "values.schema.json: {same} of {} cases as Helm says them",
        all.len()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
