//! The JSON format: `{"version": 1, "files": [...], "findings": [...]}`, documented in README.md.
//! Findings are serialised exactly as the core's `Finding` (byte ranges, 1-based positions).

use std::io::{self, Write};

use drydock_core::{FileKind, Finding, SourceFile};
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    files: Vec<FileEntry<'a>>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct FileEntry<'a> {
    path: &'a str,
    kind: FileKind,
}

pub fn write(out: &mut impl Write, files: &[SourceFile], findings: &[Finding]) -> io::Result<()> {
    let output = Output {
        version: 1,
        files: files
            .iter()
            .map(|file| FileEntry {
                path: &file.name,
                kind: FileKind::detect(&file.name, &file.text),
            })
            .collect(),
        findings,
    };
    serde_json::to_writer_pretty(&mut *out, &output)?;
    writeln!(out)
}
