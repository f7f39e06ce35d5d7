//! `drydock check`: discovered files are read, checked and (with `--fix`) fixed in parallel,
//! then gathered into one [`Report`] in the order they were given.

use std::path::{Path, PathBuf};

use drydock_core::{FileKind, Finding, Settings, Severity, SourceFile};

use crate::discover::{self, Candidate, Read, Root};
use crate::format::{CheckedFile, Report};

/// What to do with fixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Report findings only.
    Off,
    /// Apply every fix and write the files back.
    Write,
    /// Compute the fixes and show them as a diff; change nothing.
    DryRun,
}

/// Everything that decides which findings a file gets.
pub struct Checker {
    settings: Settings,
    /// Findings below this severity are not reported.
    floor: Option<Severity>,
    pub fix: FixMode,
    /// Whether the report keeps the text of files with findings (code frames and SARIF fix
    /// regions need it; the other formats do not, and a large tree need not stay in memory).
    keep_text: bool,
}

/// A file whose fixed text differs from what is on disk.
pub struct Change {
    /// `None` for standard input.
    pub path: Option<PathBuf>,
    pub name: String,
    pub before: String,
    pub after: String,
}

/// The outcome of a run before formatting.
#[derive(Default)]
pub struct Outcome {
    pub report: Report,
    /// One-line messages for paths that could not be checked.
    pub problems: Vec<String>,
    /// With `--fix` or `--fix --dry-run`: the files fixes change, in report order.
    pub changes: Vec<Change>,
}

impl Checker {
    pub fn new(
        settings: Settings,
        floor: Option<Severity>,
        fix: FixMode,
        keep_text: bool,
    ) -> Checker {
        Checker {
            settings,
            floor,
            fix,
            keep_text,
        }
    }

    /// The findings for one file, with the settings applied.
    pub fn check(&self, file: &SourceFile) -> Vec<Finding> {
        let mut findings = drydock_core::check_file_with(file, &self.settings);
        if let Some(floor) = self.floor {
            findings.retain(|finding| finding.severity >= floor);
        }
        findings
    }
}

/// A unit of work for the parallel stage.
enum Job {
    Candidate(Candidate),
    /// Standard input, already read.
    Source(SourceFile),
}

enum Done {
    Checked {
        file: CheckedFile,
        change: Option<Change>,
    },
    NotOurs,
    Problem(String),
}

/// Where each command-line path's results go.
enum Slot {
    Problem(String),
    /// Jobs `start..end` came from this root; `directory` names a directory that must yield at
    /// least one file.
    Jobs {
        start: usize,
        end: usize,
        directory: Option<(String, bool)>,
        problems: Vec<String>,
    },
}

/// Checks `paths` (already expanded: `-` is standard input, read into `stdin`).
pub fn run(
    checker: &Checker,
    paths: &[PathBuf],
    stdin: Option<Result<SourceFile, String>>,
    ignored: &dyn Fn(&Path) -> bool,
    threads: usize,
) -> Outcome {
    let mut jobs = Vec::new();
    let mut slots = Vec::new();
    let mut stdin = stdin;
    for path in paths {
        if path.as_os_str() == "-" {
            match stdin.take() {
                Some(Ok(file)) => {
                    slots.push(Slot::Jobs {
                        start: jobs.len(),
                        end: jobs.len() + 1,
                        directory: None,
                        problems: Vec::new(),
                    });
                    jobs.push(Job::Source(file));
                }
                Some(Err(problem)) => slots.push(Slot::Problem(problem)),
                // `-` named twice: standard input is read once.
                None => {}
            }
            continue;
        }
        match discover::discover(path, ignored) {
            Root::Problem(problem) => slots.push(Slot::Problem(problem)),
            Root::Ignored => {}
            Root::File(candidate) => {
                slots.push(Slot::Jobs {
                    start: jobs.len(),
                    end: jobs.len() + 1,
                    directory: None,
                    problems: Vec::new(),
                });
                jobs.push(Job::Candidate(candidate));
            }
            Root::Directory {
                shown,
                candidates,
                problems,
                ignored_any,
            } => {
                let start = jobs.len();
                jobs.extend(candidates.into_iter().map(Job::Candidate));
                slots.push(Slot::Jobs {
                    start,
                    end: jobs.len(),
                    directory: Some((shown, ignored_any)),
                    problems,
                });
            }
        }
    }

    let done = crate::parallel::map(&jobs, threads, |job| checker.run_job(job));

    let mut outcome = Outcome::default();
    let mut done = done.into_iter();
    for slot in slots {
        match slot {
            Slot::Problem(problem) => outcome.problems.push(problem),
            Slot::Jobs {
                start,
                end,
                directory,
                problems,
            } => {
                outcome.problems.extend(problems);
                let mut checked = 0;
                for result in done.by_ref().take(end - start) {
                    match result {
                        Done::Checked { file, change } => {
                            checked += 1;
                            outcome.report.files.push(file);
                            outcome.changes.extend(change);
                        }
                        Done::NotOurs => {}
                        Done::Problem(problem) => outcome.problems.push(problem),
                    }
                }
                if let Some((shown, ignored_any)) = directory
                    && checked == 0
                    && !ignored_any
                {
                    outcome.problems.push(format!(
                        "{shown}: no Dockerfile or Kubernetes manifest found in this directory"
                    ));
                }
            }
        }
    }
    outcome
}

impl Checker {
    fn run_job(&self, job: &Job) -> Done {
        let (file, path) = match job {
            Job::Candidate(candidate) => match discover::read_candidate(candidate) {
                Read::File(file) => (file, Some(&candidate.path)),
                Read::NotOurs => return Done::NotOurs,
                Read::Problem(problem) => return Done::Problem(problem),
            },
            Job::Source(file) => (file.clone(), None),
        };
        // The core never panics by design; should it, one file is reported, not the whole run.
        let name = file.name.clone();
        let checked =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.check_one(file, path)));
        checked.unwrap_or_else(|_| {
            Done::Problem(format!(
                "{name}: internal error while checking this file (please report it)"
            ))
        })
    }

    fn check_one(&self, file: SourceFile, path: Option<&PathBuf>) -> Done {
        let kind = FileKind::detect(&file.name, &file.text);
        let mut findings = self.check(&file);
        let mut fixed = 0;
        let mut change = None;
        let mut file = file;
        if self.fix != FixMode::Off && findings.iter().any(|finding| finding.fix.is_some()) {
            let text = drydock_core::fix_all(&file, &self.settings);
            if text != file.text {
                let after = SourceFile {
                    name: file.name.clone(),
                    text,
                };
                let remaining = self.check(&after);
                // What the fixes resolved (a fix may resolve several findings, or none).
                fixed = findings.len().saturating_sub(remaining.len()).max(1);
                findings = remaining;
                change = Some(Change {
                    path: path.cloned(),
                    name: file.name,
                    before: file.text,
                    after: after.text.clone(),
                });
                file = after;
            }
        }
        let text = if findings.is_empty() || !self.keep_text {
            String::new()
        } else {
            file.text
        };
        Done::Checked {
            file: CheckedFile {
                name: file.name,
                kind,
                text,
                findings,
                fixed,
            },
            change,
        }
    }
}
