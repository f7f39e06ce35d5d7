//! rustc-style code frames, with a summary line.

use std::io::{self, Write};

use drydock_core::{Finding, LineIndex, Severity};

use super::Report;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        }
    }
}

/// Code frames for every finding, then a summary line unless `quiet`.
pub fn write(out: &mut impl Write, report: &Report, color: bool, quiet: bool) -> io::Result<()> {
    let style = Style { color };
    for file in &report.files {
        if file.findings.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.text);
        for finding in &file.findings {
            frame(out, &style, &index, finding)?;
        }
    }
    if quiet {
        return Ok(());
    }
    summary(out, &style, report)
}

fn frame(
    out: &mut impl Write,
    style: &Style,
    index: &LineIndex<'_>,
    finding: &Finding,
) -> io::Result<()> {
    let severity = style.paint(style.severity(finding.severity), finding.severity.as_str());
    let rule = style.paint(
        style.severity(finding.severity),
        &format!("[{}]", finding.rule),
    );
    writeln!(
        out,
        "{severity}{rule}: {}",
        style.paint("1", &finding.message)
    )?;
    let gutter = finding.end.line.to_string().len();
    let blue = |text: &str| style.paint("1;34", text);
    writeln!(
        out,
        "{:gutter$}{} {}:{}:{}",
        "",
        blue("-->"),
        finding.path,
        finding.start.line,
        finding.start.column
    )?;
    writeln!(out, "{:gutter$} {}", "", blue("|"))?;
    let first = finding.start.line as usize - 1;
    let last = (finding.end.line as usize - 1).max(first);
    // A range that ends at column 1 of a line ends with the previous line.
    let last = if last > first && finding.end.column == 1 {
        last - 1
    } else {
        last
    };
    let shown_lines = (first..=last).take(6);
    for line in shown_lines {
        let text = index.line_text(line);
        writeln!(
            out,
            "{} {} {}",
            blue(&format!("{:>gutter$}", line + 1)),
            blue("|"),
            text.replace('\t', "    ")
        )?;
        let Some(line_range) = index.line_range(line) else {
            continue;
        };
        let start = finding.range.start.max(line_range.start);
        let end = finding.range.end.min(line_range.end);
        let before = text
            .get(..start.saturating_sub(line_range.start))
            .unwrap_or("");
        let marked = text
            .get(start.saturating_sub(line_range.start)..end.saturating_sub(line_range.start))
            .unwrap_or("");
        let pad = width(before);
        let carets = "^".repeat(width(marked).max(1));
        writeln!(
            out,
            "{:gutter$} {} {:pad$}{}",
            "",
            blue("|"),
            "",
            style.paint(style.severity(finding.severity), &carets)
        )?;
    }
    if last - first >= 6 {
        writeln!(out, "{:gutter$} {} …", "", blue("|"))?;
    }
    for label in &finding.labels {
        let position = index.position(label.range.start);
        writeln!(
            out,
            "{:gutter$} {} {}:{}: {}",
            "",
            blue("="),
            position.line,
            position.column,
            label.message
        )?;
    }
    if let Some(help) = &finding.help {
        writeln!(out, "{:gutter$} {} {}", "", blue("= help:"), help)?;
    }
    if let Some(fix) = &finding.fix {
        writeln!(out, "{:gutter$} {} {}", "", blue("= fix:"), fix.title)?;
    }
    writeln!(out)
}

fn width(text: &str) -> usize {
    text.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

fn summary(out: &mut impl Write, style: &Style, report: &Report) -> io::Result<()> {
    let findings: Vec<&Finding> = report.findings().map(|(_, finding)| finding).collect();
    let count = |severity| {
        findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    };
    let files = report.files.len();
    let fixed: usize = report.files.iter().map(|file| file.fixed).sum();
    let fixed_files = report.files.iter().filter(|file| file.fixed > 0).count();
    let fixed = if fixed > 0 {
        format!(
            "{}; ",
            style.paint(
                "1;32",
                &format!(
                    "{} fixed in {}",
                    plural(fixed, "problem"),
                    plural(fixed_files, "file")
                )
            )
        )
    } else {
        String::new()
    };
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let files_text = plural(files, "file");
    if findings.is_empty() {
        return writeln!(
            out,
            "{fixed}{} {files_text} checked, no problems found",
            style.paint("1;32", "✓")
        );
    }
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(style.paint("1;31", &plural(errors, "error")));
    }
    if warnings > 0 {
        parts.push(style.paint("1;33", &plural(warnings, "warning")));
    }
    if infos > 0 {
        parts.push(plural(infos, "note"));
    }
    let fixable = findings
        .iter()
        .filter(|finding| finding.fix.is_some())
        .count();
    let fixable = if fixable > 0 {
        format!(" ({fixable} with a fix)")
    } else {
        String::new()
    };
    writeln!(out, "{fixed}{} in {files_text}{fixable}", parts.join(", "))
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
