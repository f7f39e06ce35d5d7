//! `drydock check`: discovered files are read, checked and (with `--fix`) fixed in parallel,
//! then gathered into one [`Report`] in the order they were given.

use std::path::{Path, PathBuf};

use drydock_core::{FileKind, Finding, Severity, SourceFile};

use crate::config::{Config, RuleLevel, rules_named};
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
    /// Per-rule settings, resolved to our rule ids. Our own id outranks a mirrored one.
    levels: Vec<(&'static str, RuleLevel)>,
    /// The Kubernetes version manifests are checked against (`1.30`).
    target_version: Option<String>,
    /// Findings below this severity are not reported.
    floor: Option<Severity>,
    pub fix: FixMode,
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
        config: &Config,
        target_version: Option<String>,
        floor: Option<Severity>,
        fix: FixMode,
    ) -> Checker {
        let mut levels: Vec<(&'static str, RuleLevel, bool)> = Vec::new();
        for (key, level) in &config.rules {
            for rule in rules_named(key) {
                let exact = rule.id == key;
                match levels.iter_mut().find(|(id, _, _)| *id == rule.id) {
                    Some(entry) if exact || !entry.2 => *entry = (rule.id, *level, exact),
                    Some(_) => {}
                    None => levels.push((rule.id, *level, exact)),
                }
            }
        }
        Checker {
            levels: levels
                .into_iter()
                .map(|(id, level, _)| (id, level))
                .collect(),
            target_version,
            floor,
            fix,
        }
    }

    fn level(&self, rule: &str) -> Option<RuleLevel> {
        self.levels
            .iter()
            .find(|(id, _)| *id == rule)
            .map(|(_, level)| *level)
    }

    /// The findings for one file, with the configuration applied.
    pub fn check(&self, file: &SourceFile) -> Vec<Finding> {
        let mut findings = drydock_core::check_file(file);
        findings.retain_mut(|finding| {
            let enabled_by_default =
                drydock_core::rules::by_id(finding.rule).is_none_or(|rule| rule.enabled_by_default);
            match self.level(finding.rule) {
                Some(RuleLevel::Off) => return false,
                Some(RuleLevel::Severity(severity)) => finding.severity = severity,
                Some(RuleLevel::On) => {}
                None if !enabled_by_default => return false,
                None => {}
            }
            self.floor.is_none_or(|floor| finding.severity >= floor)
        });
        findings
    }

    /// The file's text with every fix of its reported findings applied (repeated until nothing
    /// more changes), and how many fixes were applied.
    pub fn fix_text(&self, file: &SourceFile) -> (String, usize) {
        let mut current = file.clone();
        let mut applied = 0;
        // Each round applies the fixes that do not overlap; a later round gets the rest.
        for _ in 0..8 {
            let findings = self.check(&current);
            let fixes: Vec<_> = findings
                .iter()
                .filter_map(|finding| finding.fix.as_ref())
                .collect();
            if fixes.is_empty() {
                break;
            }
            let (text, count) = apply_fixes(&current.text, &fixes);
            if count == 0 || text == current.text {
                break;
            }
            applied += count;
            current.text = text;
        }
        (current.text, applied)
    }
}

/// Applies whole fixes that do not overlap an earlier one; returns the text and how many fixes
/// were applied.
fn apply_fixes(text: &str, fixes: &[&drydock_core::Fix]) -> (String, usize) {
    let mut taken: Vec<drydock_core::TextRange> = Vec::new();
    let mut edits = Vec::new();
    let mut count = 0;
    for fix in fixes {
        let clashes = fix.edits.iter().any(|edit| {
            taken
                .iter()
                .any(|range| edit.range.start < range.end && range.start < edit.range.end)
        });
        if clashes {
            continue;
        }
        taken.extend(fix.edits.iter().map(|edit| edit.range));
        edits.extend(fix.edits.iter());
        count += 1;
    }
    (
        drydock_core::diagnostic::apply_edits(text, edits.iter().copied()),
        count,
    )
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
        let (file, fixed, change) = match self.fix {
            FixMode::Off => (file, 0, None),
            FixMode::Write | FixMode::DryRun => {
                let (text, fixed) = self.fix_text(&file);
                if text == file.text {
                    (file, fixed, None)
                } else {
                    let change = Change {
                        path: path.cloned(),
                        name: file.name.clone(),
                        before: file.text,
                        after: text.clone(),
                    };
                    let file = SourceFile {
                        name: file.name,
                        text,
                    };
                    (file, fixed, Some(change))
                }
            }
        };
        let findings = self.check(&file);
        let text = if findings.is_empty() {
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
