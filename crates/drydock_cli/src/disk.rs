//! The file system as kustomizations read it: lazily, since a kustomization may read files far
//! from the folder given (`../../base`), and files that are not manifests (env files, scripts).

use std::path::Path;

use drydock_core::kustomize::language::files::{Files, Indexed};

/// The disk.
pub struct Disk;

/// The text of the file at `path`, if there is one and it is UTF-8.
pub fn read_text(path: &str) -> Option<String> {
    Disk.read(path)
}

impl Files for Disk {
    fn read(&self, path: &str) -> Option<String> {
        let path = Path::new(path);
        if !path.is_file() {
            return None;
        }
        std::fs::read_to_string(path).ok()
    }

    fn read_bytes(&self, path: &str) -> Option<Vec<u8>> {
        let path = Path::new(path);
        if !path.is_file() {
            return None;
        }
        std::fs::read(path).ok()
    }

    fn is_dir(&self, path: &str) -> bool {
        Path::new(path).is_dir()
    }

    fn list(&self, path: &str) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(path)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }
}

/// The files being checked (as they are now, fixes included), and the disk around them.
pub struct Around<'w> {
    pub workspace: Indexed<'w>,
}

impl Files for Around<'_> {
    fn read(&self, path: &str) -> Option<String> {
        self.workspace.read(path).or_else(|| Disk.read(path))
    }

    fn read_bytes(&self, path: &str) -> Option<Vec<u8>> {
        self.workspace
            .read(path)
            .map(String::into_bytes)
            .or_else(|| Disk.read_bytes(path))
    }

    fn is_dir(&self, path: &str) -> bool {
        self.workspace.is_dir(path) || Disk.is_dir(path)
    }

    fn list(&self, path: &str) -> Vec<String> {
        let mut names = self.workspace.list(path);
        names.extend(Disk.list(path));
        names.sort();
        names.dedup();
        names
    }
}
