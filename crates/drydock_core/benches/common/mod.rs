//! What the benchmarks share: reading a folder of files as a workspace.

use std::path::Path;

use drydock_core::SourceFile;

/// Every UTF-8 file below `root`, named by its path there (with `/`), sorted by name. A file
/// that is not UTF-8 (a packed subchart) is left out, as a workspace leaves it out.
pub fn read_tree(root: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let (Ok(name), Ok(text)) =
                (path.strip_prefix(root), std::fs::read_to_string(&path))
            {
                files.push(SourceFile {
                    name: name.to_string_lossy().replace('\\', "/"),
                    text,
                });
            }
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}
