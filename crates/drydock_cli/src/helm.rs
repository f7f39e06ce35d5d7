//! `drydock render CHART_DIR`: a Helm chart rendered as `helm template` renders it (release
//! `release` in namespace `default` unless told otherwise), by Drydock's own renderer.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use drydock_core::helm::archive;
use drydock_core::helm::chart::{self, Files, Options};

/// Whether `dir` holds a chart.
pub fn is_chart(dir: &Path) -> bool {
    dir.is_dir() && dir.join("Chart.yaml").is_file()
}

/// The chart's files (text files, subchart archives expanded), by path relative to it.
fn chart_files(dir: &Path) -> Files {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(dir), std::fs::read(&path)) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                archive::add_file(&mut files, &rel, bytes);
            }
        }
    }
    files
}

/// The files of every chart the workspace's Helm templates (or values files) belong to, read from the disk (those
/// the workspace has, with its text) and
/// named as the workspace names its files (the template's name, its part inside the chart
/// replaced by each file's), so that findings on the templates land on them. `is_template`
/// says whether the workspace's file at an index is a Helm template (`FileKind::HelmTemplate`).
pub fn chart_files_of(
    workspace: &drydock_core::Workspace,
    is_template: &dyn Fn(usize) -> bool,
) -> Vec<drydock_core::SourceFile> {
    let mut roots: Vec<(std::path::PathBuf, String)> = Vec::new();
    for (at, file) in workspace.files.iter().enumerate() {
        let path = Path::new(&file.name);
        let values = path
            .file_name()
            .is_some_and(|name| name == "values.yaml" || name == "Chart.yaml")
            && path.parent().is_some_and(is_chart);
        if !values && !is_template(at) {
            continue;
        }
        // The nearest folder with a `Chart.yaml`, then up past `charts/` to the top chart.
        let mut root = path
            .parent()
            .and_then(|p| p.ancestors().find(|dir| is_chart(dir)));
        while let Some(dir) = root {
            let above = dir
                .parent()
                .filter(|charts| charts.file_name().is_some_and(|n| n == "charts"))
                .and_then(Path::parent)
                .filter(|parent| is_chart(parent));
            match above {
                Some(parent) => root = Some(parent),
                None => break,
            }
        }
        let Some(root) = root else { continue };
        if roots.iter().any(|(known, _)| known == root) {
            continue;
        }
        let prefix = root.to_string_lossy().replace('\\', "/");
        roots.push((root.to_path_buf(), prefix));
    }
    // The workspace's text wins over the disk's: a fixed file (`--fix`), an editor's unsaved one.
    let texts: std::collections::HashMap<&str, &str> = workspace
        .files
        .iter()
        .map(|file| (file.name.as_str(), file.text.as_str()))
        .collect();
    let mut files = Vec::new();
    for (root, prefix) in roots {
        for (rel, text) in chart_files(&root) {
            let name = if prefix.is_empty() || prefix == "." {
                rel
            } else {
                format!("{prefix}/{rel}")
            };
            let text = texts
                .get(name.as_str())
                .map_or(text, |&text| text.to_owned());
            files.push(drydock_core::SourceFile { name, text });
        }
    }
    files
}

/// What `drydock render` is told of the release: its values files (in order), `--set` and
/// `--set-string` lines, whether to check the values schema, name and namespace.
pub struct Release {
    pub values: Vec<std::path::PathBuf>,
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    pub skip_schema_validation: bool,
    pub name: String,
    pub namespace: String,
}

/// Renders the chart in `dir` as `release`, printing what `helm template` prints; `Error: …`
/// on standard error and status 1 when Helm would refuse.
pub fn render(dir: &Path, release: Release) -> ExitCode {
    let mut texts = Vec::new();
    for path in &release.values {
        match std::fs::read_to_string(path) {
            Ok(text) => texts.push(text),
            Err(e) => {
                eprintln!("Error: open {}: {e}", path.display());
                return ExitCode::from(1);
            }
        }
    }
    let files = chart_files(dir);
    let options = Options {
        release_name: release.name,
        namespace: release.namespace,
        values: texts,
        set: release.set,
        set_string: release.set_string,
        skip_schema_validation: release.skip_schema_validation,
    };
    // Helm lets a template include itself a thousand times deep: that needs a deep stack.
    let rendered = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || chart::render(&files, &options).map(|m| chart::print(&m)))
        .ok()
        .and_then(|handle| handle.join().ok());
    match rendered {
        Some(Ok(text)) => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Some(Err(error)) => {
            eprintln!("Error: {}", error.helm_message());
            ExitCode::from(1)
        }
        None => {
            eprintln!("drydock: internal error while rendering the chart (please report it)");
            ExitCode::from(1)
        }
    }
}
