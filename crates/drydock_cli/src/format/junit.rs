//! JUnit XML, as CI servers (GitLab, Jenkins, Azure Pipelines) show test reports: one
//! `<testsuite>` per checked file, one failing `<testcase>` per finding, and one passing
//! `<testcase>` for a file without findings.

use std::io::{self, Write};

use super::Report;

pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let tests: usize = report
        .files
        .iter()
        .map(|file| file.findings.len().max(1))
        .sum();
    let failures = report.finding_count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="drydock" tests="{tests}" failures="{failures}" errors="0">"#
    )?;
    for file in &report.files {
        let name = escape(&file.name);
        writeln!(
            out,
            r#"  <testsuite name="{name}" tests="{}" failures="{}" errors="0">"#,
            file.findings.len().max(1),
            file.findings.len()
        )?;
        if file.findings.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="no problems" classname="{name}" file="{name}"/>"#
            )?;
        }
        for finding in &file.findings {
            let mut body = format!(
                "{}:{}:{}: {}: {}",
                finding.path,
                finding.start.line,
                finding.start.column,
                finding.severity,
                finding.message
            );
            if let Some(help) = &finding.help {
                body.push_str("\nhelp: ");
                body.push_str(help);
            }
            writeln!(
                out,
                r#"    <testcase name="{} at {}:{}" classname="{name}" file="{name}" line="{}">"#,
                escape(finding.rule),
                finding.start.line,
                finding.start.column,
                finding.start.line,
            )?;
            writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                escape(&finding.message),
                finding.severity,
                escape_text(&body)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// Text for an XML attribute. Characters XML 1.0 cannot hold at all (most control characters)
/// become U+FFFD.
pub fn escape(text: &str) -> String {
    escape_xml(text, true)
}

/// Text for an XML element's content: line breaks and tabs stay as they are.
fn escape_text(text: &str) -> String {
    escape_xml(text, false)
}

fn escape_xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' if !attribute => out.push(c),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(
            super::escape("a<b & \"c\"\n'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot;&#10;&apos;d&apos;\u{FFFD}"
        );
        assert_eq!(super::escape_text("a\n<b>\u{0}"), "a\n&lt;b&gt;\u{FFFD}");
    }
}
