//! Where a render reads files from, and the table of every file it read.
//!
//! Paths are `/`-separated. The CLI reads the disk; the playground reads its workspace. A
//! kustomization names other files relative to its own folder: [`join`] resolves such a name
//! lexically, the way kustomize's loader does (`..` and `.` removed, no symlinks followed).

use crate::value::FileId;
use drydock_base::workspace::Workspace;

/// Read access to a tree of files.
pub trait Files {
    /// The text of the file at `path`, when it is a file that can be read as UTF-8.
    fn read(&self, path: &str) -> Option<String>;
    /// The bytes of the file at `path` (a generator's file need not be text).
    fn read_bytes(&self, path: &str) -> Option<Vec<u8>> {
        self.read(path).map(String::into_bytes)
    }
    /// True when `path` is a folder.
    fn is_dir(&self, path: &str) -> bool;
    /// The names (not paths) of the entries of folder `path`, sorted.
    fn list(&self, path: &str) -> Vec<String>;
}

/// The playground's (and the tests') files: a workspace whose file names are paths.
impl Files for Workspace {
    fn read(&self, path: &str) -> Option<String> {
        let path = normalize(path);
        self.files
            .iter()
            .find(|file| normalize(&file.name) == path)
            .map(|file| file.text.clone())
    }

    fn is_dir(&self, path: &str) -> bool {
        let path = normalize(path);
        if path.is_empty() || path == "." {
            return true;
        }
        self.files.iter().any(|file| {
            let name = normalize(&file.name);
            name.strip_prefix(path.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
                || (path == "/" && name.starts_with('/'))
        })
    }

    fn list(&self, path: &str) -> Vec<String> {
        let path = normalize(path);
        let mut names: Vec<String> = self
            .files
            .iter()
            .filter_map(|file| {
                let name = normalize(&file.name);
                let rest = if path.is_empty() || path == "." {
                    Some(name.as_str())
                } else if path == "/" {
                    name.strip_prefix('/')
                } else {
                    name.strip_prefix(path.as_str())
                        .and_then(|rest| rest.strip_prefix('/'))
                }?;
                Some(rest.split('/').next().unwrap_or(rest).to_owned())
            })
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// A workspace indexed by path, for renders over many files (reading through [`Workspace`]
/// itself compares every file's name).
#[derive(Debug, Default)]
pub struct Indexed<'w> {
    files: std::collections::HashMap<String, &'w str>,
    /// Every folder, with the sorted names of its entries.
    dirs: std::collections::HashMap<String, Vec<String>>,
}

impl<'w> Indexed<'w> {
    pub fn new(workspace: &'w Workspace) -> Self {
        Indexed::from_files(
            workspace
                .files
                .iter()
                .map(|file| (file.name.as_str(), file.text.as_str())),
        )
    }

    /// Indexes `(path, text)` pairs.
    pub fn from_files(files: impl IntoIterator<Item = (&'w str, &'w str)>) -> Self {
        let mut index = Indexed::default();
        for (name, text) in files {
            let path = normalize(name);
            let mut child = path.clone();
            loop {
                let dir = parent(&child);
                let entry = child.rsplit('/').next().unwrap_or(&child).to_owned();
                let names = index.dirs.entry(dir.clone()).or_default();
                let known = names.contains(&entry);
                if !known {
                    names.push(entry);
                }
                if known || dir == "." || dir == "/" || dir == child {
                    break;
                }
                child = dir;
            }
            index.files.insert(path, text);
        }
        for names in index.dirs.values_mut() {
            names.sort();
        }
        index
    }
}

impl Files for Indexed<'_> {
    fn read(&self, path: &str) -> Option<String> {
        self.files
            .get(&normalize(path))
            .map(|text| (*text).to_owned())
    }

    fn is_dir(&self, path: &str) -> bool {
        self.dirs.contains_key(&normalize(path))
    }

    fn list(&self, path: &str) -> Vec<String> {
        self.dirs.get(&normalize(path)).cloned().unwrap_or_default()
    }
}

/// A path with `.` segments, empty segments and `..` after a named segment removed (see
/// [`drydock_base::workspace::normalize_path`]).
pub fn normalize(path: &str) -> String {
    drydock_base::workspace::normalize_path(path)
}

/// `name` resolved against folder `dir` (an absolute `name` stays as it is).
pub fn join(dir: &str, name: &str) -> String {
    if name.starts_with('/') || dir.is_empty() || dir == "." {
        normalize(name)
    } else {
        normalize(&format!("{dir}/{name}"))
    }
}

/// The folder of a file path (`.` for a bare name).
pub fn parent(path: &str) -> String {
    match path.rfind('/') {
        Some(0) => "/".to_owned(),
        Some(at) => path.get(..at).unwrap_or(".").to_owned(),
        None => ".".to_owned(),
    }
}

/// True when `path` is `root` or below it (both normalized).
pub fn is_within(path: &str, root: &str) -> bool {
    if root == "." {
        return !path.starts_with("../") && path != ".." && !path.starts_with('/');
    }
    path == root
        || root == "/" && path.starts_with('/')
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// One file a render read, with its text (findings and provenance point into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub path: String,
    pub text: String,
}

/// Every file a render read, each once; a [`FileId`] indexes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    files: Vec<SourceText>,
    by_path: std::collections::HashMap<String, FileId>,
}

impl Sources {
    /// The id of `path`, adding it with `text` if it is new.
    pub fn add(&mut self, path: &str, text: String) -> FileId {
        if let Some(id) = self.id(path) {
            return id;
        }
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.by_path.insert(path.to_owned(), id);
        self.files.push(SourceText {
            path: path.to_owned(),
            text,
        });
        id
    }

    pub fn id(&self, path: &str) -> Option<FileId> {
        self.by_path.get(path).copied()
    }

    pub fn get(&self, id: FileId) -> Option<&SourceText> {
        self.files.get(id.0 as usize)
    }

    pub fn path(&self, id: FileId) -> &str {
        self.get(id).map_or("", |file| file.path.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |file| file.text.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceText)> {
        self.files
            .iter()
            .enumerate()
            .map(|(at, file)| (FileId(u32::try_from(at).unwrap_or(u32::MAX)), file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_lexically() {
        assert_eq!(normalize("a/./b/../c/"), "a/c");
        assert_eq!(normalize("../a"), "../a");
        assert_eq!(normalize("/../a"), "/a");
        assert_eq!(normalize(""), ".");
        assert_eq!(join("overlays/prod", "../../base"), "base");
        assert_eq!(join(".", "base"), "base");
        assert_eq!(parent("a/b/kustomization.yaml"), "a/b");
        assert_eq!(parent("kustomization.yaml"), ".");
        assert!(is_within("base/x.yaml", "base"));
        assert!(!is_within("basement/x.yaml", "base"));
        assert!(!is_within("../x.yaml", "."));
        assert!(is_within("x.yaml", "."));
    }

    #[test]
    fn a_workspace_is_a_tree() {
        let mut workspace = Workspace::new();
        workspace.insert("base/kustomization.yaml", "resources: []");
        workspace.insert("base/sub/a.yaml", "a: 1");
        assert!(workspace.is_dir("base"));
        assert!(workspace.is_dir("base/sub"));
        assert!(!workspace.is_dir("bas"));
        assert_eq!(workspace.list("base"), ["kustomization.yaml", "sub"]);
        assert_eq!(workspace.list("."), ["base"]);
        assert_eq!(
            workspace.read("./base/../base/sub/a.yaml").as_deref(),
            Some("a: 1")
        );
        let indexed = Indexed::new(&workspace);
        assert!(indexed.is_dir("base") && indexed.is_dir("base/sub") && indexed.is_dir("."));
        assert!(!indexed.is_dir("bas") && !indexed.is_dir("base/kustomization.yaml"));
        assert_eq!(indexed.list("base"), ["kustomization.yaml", "sub"]);
        assert_eq!(indexed.list("."), ["base"]);
        assert_eq!(
            indexed.read("./base/../base/sub/a.yaml").as_deref(),
            Some("a: 1")
        );
    }
}
