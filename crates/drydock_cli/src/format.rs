//! Output formats for `drydock check`. Each writes a [`Report`].

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use drydock_core::{FileKind, Finding};

/// What a run found, file by file, in the order the files were given and discovered.
#[derive(Debug, Default)]
pub struct Report {
    pub files: Vec<CheckedFile>,
}

#[derive(Debug)]
pub struct CheckedFile {
    pub name: String,
    pub kind: FileKind,
    /// The text the findings point into. Left empty for a file without findings, and for
    /// formats that do not need it (JSON, GitHub, JUnit), so a large tree need not stay in memory.
    pub text: String,
    /// Ordered by position.
    pub findings: Vec<Finding>,
    /// How many fixes `--fix` applied to the file.
    pub fixed: usize,
}

impl Report {
    /// Every finding with its file, in output order.
    pub fn findings(&self) -> impl Iterator<Item = (&CheckedFile, &Finding)> {
        self.files
            .iter()
            .flat_map(|file| file.findings.iter().map(move |finding| (file, finding)))
    }

    pub fn finding_count(&self) -> usize {
        self.files.iter().map(|file| file.findings.len()).sum()
    }
}
