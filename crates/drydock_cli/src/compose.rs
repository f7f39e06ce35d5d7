//! `drydock render` for Compose: the project of a folder (found as `docker compose` finds it:
//! its first project file and first override) or the files named (merged in order, as `-f`
//! merges them), loaded by Drydock's own loader and printed as `docker compose config` prints
//! the resolved model. What Drydock's Compose checks find in the files goes to standard error
//! first; an error among them, or a project that does not load, prints nothing else and exits 1.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use drydock_core::LineIndex;
use drydock_core::compose::language::{self, load};
use drydock_core::workspace::SourceFile;

/// A Compose project on disk: its files (absolute), in the order Compose reads them, and its
/// working directory.
pub struct Project {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) working_dir: PathBuf,
    /// Why the files cannot be read as Compose would (a `COMPOSE_FILE` naming a missing file).
    pub(crate) refused: Option<String>,
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The project `paths` name: one folder with a Compose project file, or Compose files. `None`
/// when they are neither.
pub fn project(paths: &[PathBuf]) -> Option<Project> {
    if let [dir] = paths
        && dir.is_dir()
    {
        let dir = absolute(dir);
        // `COMPOSE_FILE` (from the environment, else the folder's `.env`) names the files.
        let (environment, _) = environment(&dir);
        if let Some(list) = environment.get("COMPOSE_FILE").filter(|l| !l.is_empty()) {
            let separator = environment
                .get("COMPOSE_PATH_SEPARATOR")
                .and_then(|s| s.chars().next())
                .unwrap_or(':');
            let mut files = Vec::new();
            let mut refused = None;
            for name in list.split(separator).filter(|n| !n.is_empty()) {
                let path = dir.join(name);
                if !path.is_file() && refused.is_none() {
                    refused = Some(format!(
                        "compose file {} set by COMPOSE_FILE environment variable is invalid: stat {}: no such file or directory",
                        language::dotenv::go_quote(name),
                        path.display()
                    ));
                }
                files.push(path);
            }
            return Some(Project {
                files,
                working_dir: dir,
                refused,
            });
        }
        let file = language::FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.is_file())?;
        let mut files = vec![file];
        if let Some(over) = language::OVERRIDE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|path| path.is_file())
        {
            files.push(over);
        }
        return Some(Project {
            files,
            working_dir: dir,
            refused: None,
        });
    }
    if paths.is_empty() || !paths.iter().all(|path| path.is_file()) {
        return None;
    }
    let files: Vec<PathBuf> = paths.iter().map(|path| absolute(path)).collect();
    let working_dir = files
        .first()
        .and_then(|file| file.parent())
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Some(Project {
        files,
        working_dir,
        refused: None,
    })
}

pub(crate) fn text_of(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The project's variables: its `.env` read into the process environment (which wins, as in
/// Compose).
pub(crate) fn environment(working_dir: &Path) -> (BTreeMap<String, String>, Option<String>) {
    let process: BTreeMap<String, String> = std::env::vars().collect();
    let mut environment = process.clone();
    let mut problem = None;
    let dotenv = working_dir.join(".env");
    if let Ok(text) = std::fs::read_to_string(&dotenv) {
        let lookup = |name: &str| process.get(name).cloned();
        match language::dotenv::parse(&text, &lookup) {
            Ok(entries) => {
                for entry in entries {
                    environment.entry(entry.key).or_insert(entry.value);
                }
            }
            Err(error) => {
                problem = Some(format!("failed to read {}: {error}", dotenv.display()));
            }
        }
    }
    (environment, problem)
}

/// A project loaded for `render` and `convert`: its resolved model, and what Drydock's Compose
/// checks found in its files (as `path:line:column: severity[rule]: message` lines).
pub(crate) struct Checked {
    pub resolved: load::Resolved,
    pub findings: Vec<String>,
}

/// Loads `project` as `docker compose config` does, after Drydock's Compose checks of its files;
/// `Err` with every line to print when the reference would refuse it (an error of a rule beyond
/// the reference, what fails at `up`, is said but does not refuse the model).
pub(crate) fn resolve(project: &Project) -> Result<Checked, Vec<String>> {
    if let Some(refused) = &project.refused {
        return Err(vec![format!("error: {refused}")]);
    }
    let working = text_of(&project.working_dir);
    let members: Vec<SourceFile> = project
        .files
        .iter()
        .filter_map(|file| {
            Some(SourceFile {
                name: text_of(file),
                text: std::fs::read_to_string(file).ok()?,
            })
        })
        .collect();
    let dotenv = format!("{working}/.env");
    let env = std::fs::read_to_string(&dotenv)
        .ok()
        .map(|text| SourceFile { name: dotenv, text });
    let member_refs: Vec<&SourceFile> = members.iter().collect();
    let render = drydock_core::compose::render_files(
        &working,
        &member_refs,
        env.as_ref(),
        &crate::disk::read_text,
    );
    let mut lines = Vec::new();
    let mut failed = false;
    for finding in &render.findings {
        let path = render
            .sources
            .get(finding.file)
            .cloned()
            .unwrap_or_default();
        let text = members
            .iter()
            .chain(env.iter())
            .find(|s| s.name == path)
            .map(|s| s.text.clone())
            .or_else(|| crate::disk::read_text(&path))
            .unwrap_or_default();
        let start = LineIndex::new(&text).position(finding.range.start);
        lines.push(format!(
            "{path}:{}:{}: {}[{}]: {}",
            start.line, start.column, finding.severity, finding.rule, finding.message
        ));
        failed |= finding.severity == drydock_core::Severity::Error
            && !language::rules::BEYOND_THE_REFERENCE.contains(&finding.rule.as_str());
    }
    let (environment, problem) = environment(&project.working_dir);
    if let Some(problem) = problem {
        lines.push(problem);
        return Err(lines);
    }
    let read = |path: &str| -> Option<String> {
        let path = Path::new(path);
        if path.is_file() {
            std::fs::read_to_string(path).ok()
        } else {
            None
        }
    };
    let options = load::Options {
        files: project.files.iter().map(|f| text_of(f)).collect(),
        working_dir: working,
        environment,
        read: &read,
    };
    let resolved = match load::resolved(&options) {
        Ok(resolved) => resolved,
        Err(error) => {
            let place = error.origin.and_then(|origin| {
                let path = error.sources.get(origin.file.0 as usize)?;
                let text = std::fs::read_to_string(path).ok()?;
                let start = LineIndex::new(&text).position(origin.range.start);
                Some(format!("{path}:{}:{}: ", start.line, start.column))
            });
            lines.push(format!(
                "{}error: {}",
                place.unwrap_or_default(),
                error.message
            ));
            return Err(lines);
        }
    };
    if failed {
        return Err(lines);
    }
    if let Some(problem) = resolved.problems.first() {
        lines.push(format!("error: {}", problem.message));
        return Err(lines);
    }
    Ok(Checked {
        resolved,
        findings: lines,
    })
}

pub fn render(project: &Project, json: bool) -> ExitCode {
    let mut err = std::io::stderr().lock();
    let checked = match resolve(project) {
        Ok(checked) => checked,
        Err(lines) => {
            for line in lines {
                let _ = writeln!(err, "{line}");
            }
            return ExitCode::from(1);
        }
    };
    for line in &checked.findings {
        let _ = writeln!(err, "{line}");
    }
    let loaded = checked.resolved;
    for warning in &loaded.loaded.warnings {
        let _ = writeln!(err, "warning: {warning}");
    }
    let text = if json {
        loaded.to_json_text()
    } else {
        loaded.to_yaml_text()
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(err, "drydock: cannot write the output: {error}");
            ExitCode::from(2)
        }
    }
}
