//! `drydock check`: discovered files are read in parallel, checked and (with `--fix`) fixed in
//! parallel, then the cross-file rules run once over the whole workspace, and everything is
//! gathered into one [`Report`] in the order the files were given.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use drydock_core::k8s::Crds;
use drydock_core::{FileKind, Finding, ParsedFile, Settings, Severity, SourceFile, Workspace};

use crate::discover::{self, Candidate, Root};
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

    /// The findings of one file (parsed as `parsed`) of a workspace with these
    /// CustomResourceDefinitions, with the settings applied. Cross-file rules are not among them
    /// (see [`run`]).
    fn check(
        &self,
        file: &SourceFile,
        parsed: &ParsedFile,
        crds: &Crds,
        owned: &HashSet<String>,
    ) -> Vec<Finding> {
        let owned = drydock_core::kustomize::owns(owned, &file.name);
        let mut findings =
            drydock_core::check_parsed_file_owned(file, parsed, &self.settings, crds, owned);
        self.keep_reported(&mut findings);
        findings
    }

    fn keep_reported(&self, findings: &mut Vec<Finding>) {
        if let Some(floor) = self.floor {
            findings.retain(|finding| finding.severity >= floor);
        }
    }
}

/// A unit of work for the parallel stage.
enum Job {
    Candidate(Candidate),
    /// Standard input, already read.
    Source(SourceFile),
}

/// A job once read.
enum Loaded {
    /// The next file of the workspace.
    File,
    NotOurs,
    Problem(String),
}

/// One file once checked (and fixed).
struct Checked {
    kind: FileKind,
    findings: Vec<Finding>,
    fixed: usize,
    change: Option<Change>,
    /// What the cross-file rules read of the file as it is now ([`ParsedFile::for_workspace`]),
    /// when they run; `None` as well when the parse made before checking still holds.
    parsed: Option<ParsedFile>,
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

    // Read, in parallel; then the files in order form the workspace.
    let read = crate::parallel::map(&jobs, threads, read_job);
    let mut workspace = Workspace::new();
    let mut paths = Vec::new();
    let loaded: Vec<Loaded> = read
        .into_iter()
        .map(|read| match read {
            Read::File(file, path) => {
                workspace.files.push(file);
                paths.push(path);
                Loaded::File
            }
            Read::NotOurs => Loaded::NotOurs,
            Read::Problem(problem) => Loaded::Problem(problem),
        })
        .collect();

    // Each file is parsed once, for its own rules and the cross-file ones. Custom resources are
    // checked against the workspace's CRDs, so the few files that define CRDs are parsed first
    // (in parallel), the others as they are checked.
    // Kustomizations are rendered first: the files they read are checked through what they
    // render (their own check keeps only the YAML rules).
    let renders = render(&workspace);
    let owned = drydock_core::kustomize::owned(&renders);
    let cross_file = checker.settings.enables_workspace_rules() || !renders.is_empty();
    let mut early: Vec<Option<ParsedFile>> =
        crate::parallel::map(&workspace.files, threads, |file| {
            file.text
                .contains("CustomResourceDefinition")
                .then(|| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ParsedFile::new(file)))
                        .ok()
                })
                .flatten()
        });
    let mut crds = Crds::new();
    for stream in early.iter().flatten().filter_map(ParsedFile::kubernetes) {
        crds.add_stream(stream);
    }

    // Check and fix each file, in parallel.
    let indexes: Vec<usize> = (0..workspace.files.len()).collect();
    let mut checked = crate::parallel::map(&indexes, threads, |&index| {
        let file = workspace.files.get(index)?;
        let path = paths.get(index).and_then(Option::as_ref);
        let parsed = early.get(index).and_then(Option::as_ref);
        // The core never panics by design; should it, one file is reported, not the whole run.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            checker.check_one(file, path, parsed, &crds, &owned, cross_file)
        }))
        .ok()
    });

    // The cross-file rules, once, over the files as they are now (fixed, with `--fix`).
    for (file, result) in workspace.files.iter_mut().zip(&checked) {
        if let Some(Checked {
            change: Some(change),
            ..
        }) = result
        {
            file.text.clone_from(&change.after);
        }
    }
    // Fixes may have changed what the kustomizations render.
    let renders = if checked
        .iter()
        .any(|c| c.as_ref().is_some_and(|c| c.change.is_some()))
    {
        render(&workspace)
    } else {
        renders
    };
    let mut problems_after = Vec::new();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if !cross_file {
            return Vec::new();
        }
        let parsed: Vec<ParsedFile> = workspace
            .files
            .iter()
            .zip(checked.iter_mut())
            .zip(early.iter_mut())
            .map(|((file, result), early)| {
                result
                    .as_mut()
                    .and_then(|result| result.parsed.take())
                    .or_else(|| early.take().map(|parsed| parsed.for_workspace(file)))
                    // Only after an internal error in that file's check.
                    .unwrap_or_else(|| ParsedFile::new(file).for_workspace(file))
            })
            .collect();
        drydock_core::check_workspace_rules_rendered(
            &workspace,
            &parsed,
            &checker.settings,
            &renders,
        )
    })) {
        Ok(mut cross) => {
            checker.keep_reported(&mut cross);
            let index: HashMap<&str, usize> = workspace
                .files
                .iter()
                .enumerate()
                .rev()
                .map(|(n, file)| (file.name.as_str(), n))
                .collect();
            for finding in cross {
                if let Some(Some(result)) = index
                    .get(finding.path.as_str())
                    .and_then(|&n| checked.get_mut(n))
                {
                    result.findings.push(finding);
                }
            }
        }
        Err(_) => problems_after.push(
            "internal error in the cross-file checks (please report it); each file was still checked"
                .to_owned(),
        ),
    }

    let mut done: Vec<Done> = Vec::with_capacity(loaded.len());
    let mut files = workspace.files.into_iter().zip(checked);
    for loaded in loaded {
        done.push(match loaded {
            Loaded::File => match files.next() {
                Some((file, Some(result))) => checker.finish(file, result),
                Some((file, None)) => Done::Problem(format!(
                    "{}: internal error while checking this file (please report it)",
                    file.name
                )),
                None => Done::NotOurs,
            },
            Loaded::NotOurs => Done::NotOurs,
            Loaded::Problem(problem) => Done::Problem(problem),
        });
    }

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
    outcome.problems.extend(problems_after);
    outcome
}

enum Done {
    Checked {
        file: CheckedFile,
        change: Option<Change>,
    },
    NotOurs,
    Problem(String),
}

enum Read {
    File(SourceFile, Option<PathBuf>),
    NotOurs,
    Problem(String),
}

fn read_job(job: &Job) -> Read {
    match job {
        Job::Candidate(candidate) => match discover::read_candidate(candidate) {
            discover::Read::File(file) => Read::File(file, Some(candidate.path.clone())),
            discover::Read::NotOurs => Read::NotOurs,
            discover::Read::Problem(problem) => Read::Problem(problem),
        },
        Job::Source(file) => Read::File(file.clone(), None),
    }
}

impl Checker {
    /// Checks (and fixes) one file; `early` is its parse when it was parsed before checking.
    /// With `cross_file`, the result keeps what the cross-file rules read of a file parsed here.
    fn check_one(
        &self,
        file: &SourceFile,
        path: Option<&PathBuf>,
        early: Option<&ParsedFile>,
        crds: &Crds,
        owned: &HashSet<String>,
        cross_file: bool,
    ) -> Checked {
        if let Some(parsed) = early {
            return self.check_parsed(file, path, parsed, crds, owned, cross_file);
        }
        let parsed = ParsedFile::new(file);
        let mut checked = self.check_parsed(file, path, &parsed, crds, owned, cross_file);
        if cross_file && checked.change.is_none() {
            checked.parsed = Some(parsed.for_workspace(file));
        }
        checked
    }

    fn check_parsed(
        &self,
        file: &SourceFile,
        path: Option<&PathBuf>,
        parsed: &ParsedFile,
        crds: &Crds,
        owned: &HashSet<String>,
        cross_file: bool,
    ) -> Checked {
        let mut findings = self.check(file, parsed, crds, owned);
        let mut fixed = 0;
        let mut change = None;
        let mut parsed_now = None;
        if self.fix != FixMode::Off && findings.iter().any(|finding| finding.fix.is_some()) {
            let text = drydock_core::fix_all(file, &self.settings);
            if text != file.text {
                let after = SourceFile {
                    name: file.name.clone(),
                    text,
                };
                let parsed_after = ParsedFile::new(&after);
                let remaining = self.check(&after, &parsed_after, crds, owned);
                if cross_file {
                    parsed_now = Some(parsed_after.for_workspace(&after));
                }
                // What the fixes resolved (a fix may resolve several findings, or none).
                fixed = findings.len().saturating_sub(remaining.len()).max(1);
                findings = remaining;
                change = Some(Change {
                    path: path.cloned(),
                    name: file.name.clone(),
                    before: file.text.clone(),
                    after: after.text,
                });
            }
        }
        Checked {
            kind: parsed.kind,
            findings,
            fixed,
            change,
            parsed: parsed_now,
        }
    }

    /// The report entry for a checked file: findings in order, text only where needed.
    fn finish(&self, file: SourceFile, checked: Checked) -> Done {
        let Checked {
            kind,
            mut findings,
            fixed,
            change,
            parsed: _,
        } = checked;
        findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
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

/// The workspace's renders: its top-level kustomizations, rendered from the files being checked
/// and the disk around them, its Compose projects (with the `.env` beside a project file
/// named on the command line, read from the disk), and the Helm charts its templates belong to
/// (read whole from the disk: `Chart.yaml` and the values are not manifests the walk keeps). An internal error renders nothing rather than
/// ending the run.
pub(crate) fn render(workspace: &Workspace) -> Vec<drydock_core::rendered::Rendered> {
    let kinds: Vec<Kinds> = workspace.files.iter().map(Kinds::of).collect();
    render_with_kinds(workspace, &kinds)
}

/// What [`render`] needs to know of a file's kind: found once per text by a caller that keeps
/// it (the language server), since detecting reads the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kinds {
    pub kind: FileKind,
    /// A Compose project file (by name, or YAML that reads as Compose).
    pub compose: bool,
}

impl Kinds {
    pub(crate) fn of(file: &SourceFile) -> Kinds {
        let kind = FileKind::detect(&file.name, &file.text);
        let compose = match kind {
            FileKind::Compose => true,
            FileKind::Yaml => drydock_core::workspace::looks_like_compose(&file.text),
            _ => false,
        };
        Kinds { kind, compose }
    }
}

/// [`render`] with each file's kinds known (`kinds`, one per file, in order).
pub(crate) fn render_with_kinds(
    workspace: &Workspace,
    kinds: &[Kinds],
) -> Vec<drydock_core::rendered::Rendered> {
    let mut renders = Vec::new();
    if workspace
        .files
        .iter()
        .any(|file| drydock_core::kustomize::is_kustomization_file(&file.name))
    {
        renders = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let files = crate::disk::Around {
                workspace: drydock_core::kustomize::language::files::Indexed::new(workspace),
            };
            drydock_core::kustomize::render_with(workspace, &files)
        }))
        .unwrap_or_default();
    }
    // As `drydock_core::compose::has_compose_files` finds them.
    if kinds.iter().any(|kinds| kinds.compose) {
        let projects = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let mut renders = drydock_core::compose::render_workspace_with(
                &with_env_files(workspace, kinds),
                &crate::disk::read_text,
            );
            renders.extend(drydock_core::links::compose_build::renders(
                &workspace.files,
            ));
            renders
        }))
        .unwrap_or_default();
        renders.extend(projects);
    }
    let charts = crate::helm::chart_files_of(workspace, &|at| {
        kinds
            .get(at)
            .is_some_and(|kinds| kinds.kind == FileKind::HelmTemplate)
    });
    if !charts.is_empty() {
        // Helm lets a template include itself a thousand times deep: a deep stack for that.
        let rendered = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(move || {
                std::panic::catch_unwind(|| {
                    drydock_core::helm::workspace::render_workspace(&charts)
                })
                .unwrap_or_default()
            })
            .ok()
            .and_then(|handle| handle.join().ok())
            .unwrap_or_default();
        renders.extend(rendered);
    }
    renders
}

/// The workspace's files, and the `.env` of every folder with a Compose file whose `.env` is
/// not among them but is on the disk (Compose reads it: a project file was named alone).
fn with_env_files(workspace: &Workspace, kinds: &[Kinds]) -> Vec<SourceFile> {
    let mut files = workspace.files.clone();
    for (file, kinds) in workspace.files.iter().zip(kinds) {
        if kinds.kind != FileKind::Compose {
            continue;
        }
        let env = match file.name.rfind('/') {
            Some(at) => format!("{}/.env", file.name.get(..at).unwrap_or_default()),
            None => ".env".to_owned(),
        };
        if files.iter().any(|f| f.name == env) {
            continue;
        }
        if let Some(text) = crate::disk::read_text(&env) {
            files.push(SourceFile { name: env, text });
        }
    }
    files
}
