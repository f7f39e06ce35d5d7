//! Finding the files to check, and reading them.
//!
//! Discovery only walks directories and decides by name; reading, decoding and deciding by
//! content happen in [`read_candidate`], which the checker runs in parallel.

use std::path::{Path, PathBuf};

use drydock_core::workspace::looks_like_compose;
use drydock_core::{FileKind, SourceFile};

const SKIPPED_DIRECTORIES: [&str; 3] = [".git", "target", "node_modules"];

/// A file that may be checked, once read.
#[derive(Debug)]
pub struct Candidate {
    pub path: PathBuf,
    /// The path as the user will recognise it (see [`display`]).
    pub shown: String,
    /// Named on the command line (so it must be checkable), rather than found in a directory
    /// (where YAML that is not a Kubernetes manifest is silently not ours).
    pub explicit: bool,
}

/// What one path on the command line turned into.
#[derive(Debug)]
pub enum Root {
    /// A path that cannot be checked, as a one-line message naming it.
    Problem(String),
    File(Candidate),
    /// A directory and the candidates found below it (in a stable order).
    Directory {
        shown: String,
        candidates: Vec<Candidate>,
        /// Problems met while walking (unreadable directories).
        problems: Vec<String>,
        /// Whether some file was left out by an `ignore` pattern.
        ignored_any: bool,
    },
    /// Left out entirely by an `ignore` pattern.
    Ignored,
}

/// Turns a command-line path into a [`Root`]. `ignored` says whether a path is excluded by the
/// configuration.
pub fn discover(path: &Path, ignored: &dyn Fn(&Path) -> bool) -> Root {
    let shown = display(path);
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return Root::Problem(format!("{shown}: {}", describe(&error))),
    };
    if ignored(path) {
        return Root::Ignored;
    }
    if metadata.is_dir() {
        let mut walk = Walk {
            candidates: Vec::new(),
            problems: Vec::new(),
            ignored_any: false,
            ignored,
        };
        walk.directory(path);
        return Root::Directory {
            shown,
            candidates: walk.candidates,
            problems: walk.problems,
            ignored_any: walk.ignored_any,
        };
    }
    Root::File(Candidate {
        path: path.to_path_buf(),
        shown,
        explicit: true,
    })
}

struct Walk<'a> {
    candidates: Vec<Candidate>,
    problems: Vec<String>,
    ignored_any: bool,
    ignored: &'a dyn Fn(&Path) -> bool,
}

impl Walk<'_> {
    fn directory(&mut self, directory: &Path) {
        let entries = match std::fs::read_dir(directory) {
            Ok(entries) => entries,
            Err(error) => {
                self.problems
                    .push(format!("{}: {}", display(directory), describe(&error)));
                return;
            }
        };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        // Sorted, so output is the same on every machine.
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name();
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            if file_type.is_dir() {
                if SKIPPED_DIRECTORIES.iter().any(|skipped| name == *skipped) {
                    continue;
                }
                if (self.ignored)(&path) {
                    self.ignored_any = true;
                } else {
                    self.directory(&path);
                }
                continue;
            }
            let shown = display(&path);
            // Decide by name first, so unrelated files are never read; but Helm renders every
            // file of a chart's `templates/`, whatever its name, and `helm lint` reports one it
            // should not (`helm/template-extension` is placed on it).
            if FileKind::detect(&shown, "") == FileKind::Other && !in_chart_templates(&path) {
                continue;
            }
            if (self.ignored)(&path) {
                self.ignored_any = true;
                continue;
            }
            self.candidates.push(Candidate {
                path,
                shown,
                explicit: false,
            });
        }
    }
}

/// What reading a candidate gave.
pub enum Read {
    File(SourceFile),
    /// Found in a directory, but not ours (YAML that is not a Kubernetes manifest).
    NotOurs,
    Problem(String),
}

pub fn read_candidate(candidate: &Candidate) -> Read {
    let text = match read(&candidate.path, &candidate.shown) {
        Ok(text) => text,
        // A file of a chart's `templates/` that is not text (an image left there) is the
        // chart's problem, reported by its render, not a file this walk failed to read.
        Err(_)
            if !candidate.explicit
                && FileKind::detect(&candidate.shown, "") == FileKind::Other
                && in_chart_templates(&candidate.path) =>
        {
            return Read::NotOurs;
        }
        Err(problem) => return Read::Problem(problem),
    };
    let kind = FileKind::detect(&candidate.shown, &text);
    if candidate.explicit {
        if kind == FileKind::Other {
            return Read::Problem(format!(
                "{}: not a Dockerfile or a YAML file, so not checked",
                candidate.shown
            ));
        }
    } else if kind == FileKind::Yaml
        && !looks_like_compose(&text)
        && !is_chart_values(&candidate.path)
    {
        // In a directory, YAML that is not a manifest (CI config, values files) is not ours; one
        // that reads as Compose is a project's extra file or a fragment it includes or extends
        // (`compose.prod.yaml`, `base.yaml`), whose findings are reported in it; a chart's
        // `values.yaml` is where the chart's values are reported (`helm/values-schema`).
        return Read::NotOurs;
    }
    Read::File(SourceFile {
        name: candidate.shown.clone(),
        text,
    })
}

/// Whether `path` is inside a Helm chart's `templates/` folder (one beside a `Chart.yaml`).
fn in_chart_templates(path: &Path) -> bool {
    path.ancestors().skip(1).any(|dir| {
        dir.file_name().is_some_and(|name| name == "templates")
            && dir
                .parent()
                .is_some_and(|chart| chart.join("Chart.yaml").is_file())
    })
}

/// Whether `path` is a Helm chart's `values.yaml` (beside its `Chart.yaml`) or the
/// `Chart.yaml` itself: `helm lint`'s findings on it are reported there.
fn is_chart_values(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name == "values.yaml" || name == "Chart.yaml")
        && path
            .parent()
            .is_some_and(|dir| dir.join("Chart.yaml").is_file())
}

fn read(path: &Path, shown: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{shown}: {}", describe(&error)))?;
    decode(shown, bytes)
}

/// Text from bytes: refuses binary files and anything that is not UTF-8.
pub fn decode(shown: &str, bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(format!("{shown}: binary file, not checked"));
    }
    String::from_utf8(bytes).map_err(|error| {
        format!(
            "{shown}: not UTF-8 text (invalid byte at offset {}), not checked",
            error.utf8_error().valid_up_to()
        )
    })
}

pub fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// The path as the user will recognise it: as discovered, with `/` separators and no `./`.
pub fn display(path: &Path) -> String {
    let shown = path.to_string_lossy().replace('\\', "/");
    let mut shown = shown.as_str();
    while let Some(rest) = shown.strip_prefix("./") {
        shown = rest;
    }
    if shown.is_empty() {
        ".".to_owned()
    } else {
        shown.to_owned()
    }
}

/// `path` relative to `base`, `/`-separated, when it lies below it: `.` and `..` are resolved
/// lexically against `cwd` (symbolic links are not followed).
pub fn relative_to(path: &Path, cwd: &Path, base: &Path) -> Option<String> {
    let absolute = normalize(&cwd.join(path));
    let base = normalize(base);
    let relative = absolute.strip_prefix(&base).ok()?;
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// `path` as seen from `cwd` (both absolute, or both relative to the same place), with `..` where
/// it lies outside: `/repo/app/Dockerfile` from `/repo/k8s` is `../app/Dockerfile`.
pub fn relative_from(path: &Path, cwd: &Path) -> PathBuf {
    let (path, cwd) = (normalize(path), normalize(cwd));
    let common = path
        .components()
        .zip(cwd.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = PathBuf::new();
    for _ in cwd.components().skip(common) {
        out.push("..");
    }
    for component in path.components().skip(common) {
        out.push(component);
    }
    out
}

fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_relative_to_the_configuration() {
        let cwd = Path::new("/repo/app");
        let base = Path::new("/repo");
        assert_eq!(
            relative_to(Path::new("k8s/a.yaml"), cwd, base).as_deref(),
            Some("app/k8s/a.yaml")
        );
        assert_eq!(
            relative_to(Path::new("../vendor/./x"), cwd, base).as_deref(),
            Some("vendor/x")
        );
        assert_eq!(relative_to(Path::new("../../etc"), cwd, base), None);
        assert_eq!(
            relative_from(Path::new("/repo/./app/Dockerfile"), Path::new("/repo/k8s")),
            Path::new("../app/Dockerfile")
        );
        assert_eq!(
            relative_from(Path::new("/repo/app/Dockerfile"), Path::new("/repo")),
            Path::new("app/Dockerfile")
        );
    }
}
