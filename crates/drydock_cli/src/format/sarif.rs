//! SARIF 2.1.0, as GitHub code scanning reads it. Columns count Unicode code points
//! (`columnKind: unicodeCodePoints`), 1-based, the end column just past the region.

use std::io::{self, Write};

use drydock_core::rules::RuleMeta;
use drydock_core::{Finding, LineIndex, Severity, TextRange};
use serde_json::{Value, json};

use super::{CheckedFile, Report};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let rules: Vec<&RuleMeta> = drydock_core::rules::all().collect();
    let results: Vec<Value> = report
        .files
        .iter()
        .flat_map(|file| {
            let index = LineIndex::new(&file.text);
            let rules = &rules;
            file.findings
                .iter()
                .map(move |finding| result(finding, file, &index, rules))
                .collect::<Vec<_>>()
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "drydock",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/drydock/drydock",
                    "rules": rules.iter().map(|rule| rule_descriptor(rule)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

fn rule_descriptor(rule: &RuleMeta) -> Value {
    json!({
        "id": rule.id,
        "name": rule.id.rsplit('/').next().unwrap_or(rule.id),
        "shortDescription": { "text": rule.summary, "markdown": markdown(rule.summary) },
        "fullDescription": { "text": rule.summary },
        "help": { "text": rule.docs, "markdown": rule.docs },
        "defaultConfiguration": { "level": level(rule.severity), "enabled": rule.enabled_by_default },
        "properties": {
            "tags": [format!("{:?}", rule.language).to_lowercase()],
            "mirrors": rule.mirrors.iter().map(|m| format!("{}: {}", m.tool, m.id)).collect::<Vec<_>>(),
        },
    })
}

fn result(
    finding: &Finding,
    file: &CheckedFile,
    index: &LineIndex<'_>,
    rules: &[&RuleMeta],
) -> Value {
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str(&format!(" ({help})"));
    }
    let mut result = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": { "text": message, "markdown": markdown(&message) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&finding.path) },
                "region": {
                    "startLine": finding.start.line,
                    "startColumn": finding.start.column,
                    "endLine": finding.end.line,
                    "endColumn": finding.end.column,
                }
            }
        }],
    });
    let Some(object) = result.as_object_mut() else {
        return result;
    };
    if let Some(rule_index) = rules.iter().position(|rule| rule.id == finding.rule) {
        object.insert("ruleIndex".to_owned(), json!(rule_index));
    }
    if let Some(fix) = &finding.fix {
        let fixes = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(&file.name) },
                "replacements": fix.edits.iter().map(|edit| json!({
                    "deletedRegion": region(index, edit.range),
                    "insertedContent": { "text": edit.replacement },
                })).collect::<Vec<_>>(),
            }],
        }]);
        object.insert("fixes".to_owned(), fixes);
    }
    result
}

/// A message as GitHub-flavoured Markdown: its `code spans` stay code; outside them, characters
/// Markdown would read as markup (`*`, `_`, `<`, …) are escaped, so they show as written.
fn markdown(text: &str) -> String {
    let paired = text.matches('`').count().is_multiple_of(2);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            if paired {
                out.push('`');
            } else {
                out.push_str("\\`");
            }
        }
        if paired && i % 2 == 1 {
            out.push_str(part);
            continue;
        }
        for c in part.chars() {
            if "\\*_[]<>#|~".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

fn region(index: &LineIndex<'_>, range: TextRange) -> Value {
    let (start, end) = (index.position(range.start), index.position(range.end));
    json!({ "startLine": start.line, "startColumn": start.column, "endLine": end.line, "endColumn": end.column })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative URI reference for a path: `/`-separated, with reserved characters percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        let c = byte as char;
        if c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn code_spans_stay_code_and_markup_is_escaped() {
        assert_eq!(
            markdown("add `USER <name>` before *CMD*"),
            "add `USER <name>` before \\*CMD\\*"
        );
        assert_eq!(markdown("a lone ` tick_"), "a lone \\` tick\\_");
    }
}
