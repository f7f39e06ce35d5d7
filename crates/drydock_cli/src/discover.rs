//! Finding the files to check, and reading them.

use std::path::Path;

use drydock_core::{FileKind, SourceFile};

const SKIPPED_DIRECTORIES: [&str; 3] = [".git", "target", "node_modules"];

/// Adds the files at `path` to `files`: the file itself, or every Dockerfile and Kubernetes
/// manifest below a directory. Problems become one-line messages naming the path.
pub fn discover(path: &Path, files: &mut Vec<SourceFile>, problems: &mut Vec<String>) {
    let shown = display(path);
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => {
            problems.push(format!("{shown}: {}", describe(&error)));
            return;
        }
    };
    if metadata.is_dir() {
        let before = files.len();
        walk(path, files, problems);
        if files.len() == before {
            problems.push(format!(
                "{shown}: no Dockerfile or Kubernetes manifest found in this directory"
            ));
        }
        return;
    }
    match read(path) {
        Ok(text) => {
            if FileKind::detect(&shown, &text) == FileKind::Other {
                problems.push(format!(
                    "{shown}: not a Dockerfile or a YAML file, so not checked"
                ));
            } else {
                files.push(SourceFile { name: shown, text });
            }
        }
        Err(problem) => problems.push(problem),
    }
}

fn walk(directory: &Path, files: &mut Vec<SourceFile>, problems: &mut Vec<String>) {
    let entries = match std::fs::read_dir(directory) {
        Ok(entries) => entries,
        Err(error) => {
            problems.push(format!("{}: {}", display(directory), describe(&error)));
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
            if !SKIPPED_DIRECTORIES.iter().any(|skipped| name == *skipped) {
                walk(&path, files, problems);
            }
            continue;
        }
        let shown = display(&path);
        // Decide by name first, so unrelated files are never read.
        let by_name = FileKind::detect(&shown, "");
        let is_yaml = matches!(by_name, FileKind::Yaml | FileKind::Kubernetes);
        if by_name != FileKind::Dockerfile && !is_yaml {
            continue;
        }
        match read(&path) {
            // In a directory, YAML that is not a manifest (CI config, Helm values) is not ours.
            Ok(text) if is_yaml && FileKind::detect(&shown, &text) != FileKind::Kubernetes => {}
            Ok(text) => files.push(SourceFile { name: shown, text }),
            Err(problem) => problems.push(problem),
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    let shown = display(path);
    let bytes = std::fs::read(path).map_err(|error| format!("{shown}: {}", describe(&error)))?;
    decode(&shown, bytes)
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

fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// The path as the user will recognise it: as discovered, with `/` separators and no `./`.
fn display(path: &Path) -> String {
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
