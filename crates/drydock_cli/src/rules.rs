//! `drydock rules` and `drydock rules ID`, from the same metadata as SARIF's rule descriptors
//! and the playground's rule pages.

use std::io::{self, Write};
use std::process::ExitCode;

use drydock_core::rules::{FixKind, RuleMeta};

pub fn print(id: Option<&str>) -> ExitCode {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let result = match id {
        None => table(&mut out),
        Some(id) => {
            let rules = crate::config::rules_named(id);
            if rules.is_empty() {
                eprintln!("drydock: no rule `{id}`; `drydock rules` lists them");
                return ExitCode::from(2);
            }
            rules.iter().enumerate().try_for_each(|(n, rule)| {
                if n > 0 {
                    writeln!(out)?;
                }
                docs(&mut out, rule)
            })
        }
    };
    match result.and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

/// One line per rule: id, severity, on/off by default, fix, what it mirrors, summary.
fn table(out: &mut impl Write) -> io::Result<()> {
    let rules: Vec<&RuleMeta> = drydock_core::rules::all().collect();
    let rows: Vec<[String; 6]> = rules
        .iter()
        .map(|rule| {
            [
                rule.id.to_owned(),
                rule.severity.to_string(),
                default(rule).to_owned(),
                fix(rule.fix).to_owned(),
                mirrors(rule, true),
                rule.summary.to_owned(),
            ]
        })
        .collect();
    let header = ["RULE", "SEVERITY", "DEFAULT", "FIX", "MIRRORS", "SUMMARY"].map(str::to_owned);
    let mut widths = [0; 6];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (n, (cell, width)) in row.iter().zip(widths).enumerate() {
            if n + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  "));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// A rule's documentation in Markdown, as `drydock rules ID` prints it: what the language
/// server shows on hover over a finding.
pub fn markdown(rule: &RuleMeta) -> String {
    let mut out = Vec::new();
    // Writing to memory does not fail.
    let _ = docs(&mut out, rule);
    String::from_utf8_lossy(&out).trim_end().to_owned()
}

fn docs(out: &mut impl Write, rule: &RuleMeta) -> io::Result<()> {
    writeln!(out, "# {}\n\n{}\n", rule.id, rule.summary)?;
    writeln!(out, "- Severity: {}", rule.severity)?;
    writeln!(out, "- Default: {}", default(rule))?;
    writeln!(out, "- Fix: {}", fix(rule.fix))?;
    let mirrors = mirrors(rule, false);
    if !mirrors.is_empty() {
        writeln!(out, "- Mirrors: {mirrors}")?;
    }
    writeln!(out, "\n{}", rule.docs.trim_end())
}

fn default(rule: &RuleMeta) -> &'static str {
    if rule.enabled_by_default { "on" } else { "off" }
}

fn fix(kind: FixKind) -> &'static str {
    match kind {
        FixKind::None => "-",
        FixKind::Sometimes => "sometimes",
        FixKind::Always => "always",
    }
}

/// `hadolint DL1000, buildkit …`; `short` leaves out descriptions that are not ids (with spaces).
fn mirrors(rule: &RuleMeta, short: bool) -> String {
    let list: Vec<String> = rule
        .mirrors
        .iter()
        .filter(|mirror| !short || !mirror.id.contains(' '))
        .map(|mirror| format!("{} {}", mirror.tool, mirror.id))
        .collect();
    if list.is_empty() && short {
        "-".to_owned()
    } else {
        list.join(", ")
    }
}
