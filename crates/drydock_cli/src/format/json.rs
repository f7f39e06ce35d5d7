//! The JSON format: `{"version": 1, "files": [...], "findings": [...]}`, documented in README.md.
//! Findings are serialised exactly as the core's `Finding` (byte ranges, 1-based positions).

use std::io::{self, Write};

use drydock_core::{FileKind, Finding};
use serde::Serialize;

use super::Report;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<FileEntry<'a>>,
    findings: Vec<&'a Finding>,
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    kind: FileKind,
    /// Present only after `--fix` changed the file.
    #[serde(skip_serializing_if = "is_zero")]
    fixed: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub fn write(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let output = Output {
        version: 1,
        files: report
            .files
            .iter()
            .map(|file| FileEntry {
                path: &file.name,
                kind: file.kind,
                fixed: file.fixed,
            })
            .collect(),
        findings: report.findings().map(|(_, finding)| finding).collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
