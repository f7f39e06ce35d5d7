//! The coverage table `best_practices.tsv` lists every check of kube-linter, kube-score and
//! Polaris with the Drydock rule that mirrors it, or why none does. This test keeps the table and
//! the rules' `mirrors` in step: a covered row names a rule that declares that mirror, and every
//! mirror a rule declares of those tools has its covered row.

use std::collections::{BTreeMap, BTreeSet};

const TOOLS: [(&str, usize); 3] = [("kube-linter", 63), ("kube-score", 39), ("polaris", 44)];

struct Row {
    line: usize,
    tool: String,
    check: String,
    status: String,
    rule: String,
    note: String,
}

fn rows() -> Vec<Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/best_practices.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
    let (_, header) = lines.next().expect("a header line");
    assert_eq!(header, "tool\tcheck\tdefault\tstatus\trule\tnote");
    lines
        .map(|(index, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(
                fields.len(),
                6,
                "line {}: six tab-separated fields",
                index + 1
            );
            assert!(
                ["yes", "no"].contains(&fields[2]),
                "line {}: default is yes or no",
                index + 1
            );
            Row {
                line: index + 1,
                tool: fields[0].to_owned(),
                check: fields[1].to_owned(),
                status: fields[3].to_owned(),
                rule: fields[4].to_owned(),
                note: fields[5].to_owned(),
            }
        })
        .collect()
}

#[test]
fn every_check_of_the_three_tools_is_listed_once() {
    let rows = rows();
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert!(
            seen.insert((row.tool.clone(), row.check.clone())),
            "line {}: {} {} is listed twice",
            row.line,
            row.tool,
            row.check
        );
    }
    for (tool, count) in TOOLS {
        let listed = rows.iter().filter(|r| r.tool == tool).count();
        assert_eq!(
            listed, count,
            "{tool} has {count} checks, the table lists {listed}"
        );
    }
    assert_eq!(rows.len(), TOOLS.iter().map(|(_, n)| n).sum::<usize>());
}

#[test]
fn covered_rows_match_the_rules_mirrors() {
    let rows = rows();
    let mut covered: BTreeMap<(String, String), String> = BTreeMap::new();
    for row in &rows {
        match row.status.as_str() {
            "covered" => {
                let rule = drydock_core::rules::by_id(&row.rule)
                    .unwrap_or_else(|| panic!("line {}: no rule {}", row.line, row.rule));
                assert!(
                    rule.mirrors
                        .iter()
                        .any(|m| m.tool == row.tool && m.id == row.check),
                    "line {}: {} does not declare the mirror {} {}",
                    row.line,
                    row.rule,
                    row.tool,
                    row.check
                );
                covered.insert((row.tool.clone(), row.check.clone()), row.rule.clone());
            }
            "out-of-scope" | "not-covered" => {
                assert!(
                    row.rule.is_empty() && !row.note.is_empty(),
                    "line {}: a {} row gives its reason and no rule",
                    row.line,
                    row.status
                );
            }
            other => panic!("line {}: unknown status {other}", row.line),
        }
    }
    for rule in drydock_core::rules::all() {
        for mirror in rule.mirrors {
            if !TOOLS.iter().any(|(tool, _)| *tool == mirror.tool) {
                continue;
            }
            let key = (mirror.tool.to_owned(), mirror.id.to_owned());
            assert_eq!(
                covered.get(&key).map(String::as_str),
                Some(rule.id),
                "{} declares {} {}: the table must list it as covered by this rule",
                rule.id,
                mirror.tool,
                mirror.id
            );
        }
    }
}
