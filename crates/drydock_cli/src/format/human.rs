//! rustc-style code frames, with a summary line.

use std::io::{self, Write};

use drydock_core::{Finding, LineIndex, Severity};

use super::Report;

struct Style {
    color: bool,
}

/// Text in a colour when colours are on, written straight into the output (a frame has a dozen
/// painted pieces; a `String` each was most of the format's allocations).
struct Painted<'a, T> {
    code: &'a str,
    text: T,
    color: bool,
}

impl<T: std::fmt::Display> std::fmt::Display for Painted<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.color {
            write!(f, "\x1b[{}m{}\x1b[0m", self.code, self.text)
        } else {
            self.text.fmt(f)
        }
    }
}

/// Text whose `code spans` are shown as code: in colour (cyan, without the backticks) when
/// colours are on; as written, backticks and all, in plain text, where backticks are how code is
/// told apart.
struct Spans<'a> {
    text: &'a str,
    color: bool,
}

impl std::fmt::Display for Spans<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let paired = self.text.matches('`').count().is_multiple_of(2);
        if !self.color || !paired {
            return f.write_str(self.text);
        }
        for (i, part) in self.text.split('`').enumerate() {
            if i % 2 == 1 {
                // Only the foreground changes: the text around may be bold.
                write!(f, "\x1b[36m{part}\x1b[39m")?;
            } else {
                f.write_str(part)?;
            }
        }
        Ok(())
    }
}

impl Style {
    fn spans<'a>(&self, text: &'a str) -> Spans<'a> {
        Spans {
            text,
            color: self.color,
        }
    }

    fn paint<'a, T: std::fmt::Display>(&self, code: &'a str, text: T) -> Painted<'a, T> {
        Painted {
            code,
            text,
            color: self.color,
        }
    }

    fn blue<T: std::fmt::Display>(&self, text: T) -> Painted<'static, T> {
        self.paint("1;34", text)
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
    let rule = format!("[{}]", finding.rule);
    let rule = style.paint(style.severity(finding.severity), &rule);
    writeln!(
        out,
        "{severity}{rule}: {}",
        style.paint("1", style.spans(&finding.message))
    )?;
    let gutter = finding.end.line.to_string().len();
    let blue = |text| style.blue(text);
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
            style.blue(format_args!("{:>gutter$}", line + 1)),
            blue("|"),
            Untabbed(text)
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
            style.spans(&label.message)
        )?;
    }
    if let Some(help) = &finding.help {
        writeln!(
            out,
            "{:gutter$} {} {}",
            "",
            blue("= help:"),
            style.spans(help)
        )?;
    }
    if let Some(fix) = &finding.fix {
        writeln!(
            out,
            "{:gutter$} {} {}",
            "",
            blue("= fix:"),
            style.spans(&fix.title)
        )?;
    }
    writeln!(out)
}

/// A source line with its tabs shown as four spaces.
struct Untabbed<'a>(&'a str);

impl std::fmt::Display for Untabbed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut pieces = self.0.split('\t');
        if let Some(first) = pieces.next() {
            f.write_str(first)?;
        }
        for piece in pieces {
            f.write_str("    ")?;
            f.write_str(piece)?;
        }
        Ok(())
    }
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
        parts.push(style.paint("1;31", plural(errors, "error")).to_string());
    }
    if warnings > 0 {
        parts.push(style.paint("1;33", plural(warnings, "warning")).to_string());
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
