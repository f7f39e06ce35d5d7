//! What the Helm tests share: a chart folder read from the disk as the CLI reads it.

use std::path::Path;

use drydock_helm::archive;
use drydock_helm::chart::Files;

/// The files of the chart folder `dir` by path relative to it (subchart archives expanded, as
/// `archive::add_file` does for the CLI), but those `skip` names.
pub fn chart_files(dir: &Path, skip: &dyn Fn(&str) -> bool) -> Files {
    let mut files = Files::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(at) = pending.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let (Ok(rel), Ok(bytes)) = (path.strip_prefix(dir), std::fs::read(&path)) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !skip(&rel) {
                    archive::add_file(&mut files, &rel, bytes);
                }
            }
        }
    }
    files
}
