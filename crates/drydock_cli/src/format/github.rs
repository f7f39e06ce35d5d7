//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per finding,
//! which GitHub shows as an annotation on the pull request's diff.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::MESSAGE`. Values are escaped as
//! the Actions runner unescapes them: `%`, `\r` and `\n` everywhere, and `:` and `,` in the
//! properties too.

use std::io::{self, Write};

use drydock_core::Severity;

use super::Report;

pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    for (_, finding) in report.findings() {
        let command = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = finding.message.clone();
        if let Some(help) = &finding.help {
            message.push_str("\n\n");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(&finding.path),
            finding.start.line,
            finding.start.column,
            finding.end.line,
            finding.end.column,
            property(&format!("drydock {}", finding.rule)),
            data(&message),
        )?;
    }
    Ok(())
}

/// The message part.
pub fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping() {
        assert_eq!(super::data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(super::property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }
}
