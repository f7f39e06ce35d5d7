//! The workspace the server checks: the files of the workspace folder, read once at initialize
//! with the discovery `drydock check` uses, with the open documents' text over them.
//!
//! Files are named as `drydock check` run in the folder names them (relative to it, `/`
//! separated), so cross-file rules, renders and configured image paths see the same names.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use drydock_core::{FileKind, SourceFile, Workspace};
use lsp_types::{TextDocumentContentChangeEvent, Url};

use super::position::{Encoding, apply_changes};

/// Past this many files the folder is not read (a home directory opened by mistake): the open
/// documents are still checked.
const MAX_FOLDER_FILES: usize = 5_000;

/// A document the client has open.
pub struct Document {
    pub uri: Url,
    /// Its name in the workspace.
    pub name: String,
    pub text: String,
    pub version: i32,
}

/// The workspace as the server checks it, kept up to date as documents open, change and close
/// (rather than assembled for each check: a check reads it without copying its texts), with
/// each file found by name at once.
#[derive(Default)]
pub struct Documents {
    root: Option<PathBuf>,
    /// The folder's files (in discovery order, an open document's text over the disk's), then
    /// the open documents the folder does not have, by name.
    workspace: Workspace,
    /// How many of the workspace's files are the folder's.
    from_folder: usize,
    /// Each file's index in the workspace, by name.
    index: HashMap<String, usize>,
    open: BTreeMap<Url, Document>,
    /// The URI of each open document, by name.
    uris: HashMap<String, Url>,
}

/// What opening a document did to the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// Its file has another text now, or is new.
    Changed,
    /// Its file already had this text (it was read from the folder): nothing to check again.
    Same,
}

impl Documents {
    pub fn new(root: Option<PathBuf>) -> Documents {
        Documents {
            root,
            ..Documents::default()
        }
    }

    /// Reads the folder's Dockerfiles and manifests (what `drydock check` in it would check,
    /// less what `ignored` leaves out), the open documents' text over them. Returns the problems
    /// met, one line each.
    fn read_folder(&mut self, ignored: &dyn Fn(&Path) -> bool) -> Vec<String> {
        let mut folder = Vec::new();
        let problems = match &self.root {
            Some(root) => read(root, ignored, &mut folder),
            None => Vec::new(),
        };
        self.from_folder = folder.len();
        self.workspace.files = folder;
        self.reindex();
        let open: Vec<SourceFile> = self
            .open
            .values()
            .map(|document| SourceFile {
                name: document.name.clone(),
                text: document.text.clone(),
            })
            .collect();
        for file in open {
            match self.index.get(&file.name) {
                Some(&at) => {
                    if let Some(kept) = self.workspace.files.get_mut(at) {
                        kept.text = file.text;
                    }
                }
                None => self.insert_extra(file),
            }
        }
        problems
    }

    /// Indexes the workspace's files by name.
    fn reindex(&mut self) {
        self.index = self
            .workspace
            .files
            .iter()
            .enumerate()
            .map(|(at, file)| (file.name.clone(), at))
            .collect();
    }

    /// Adds a file the folder does not have, in name order after the folder's.
    fn insert_extra(&mut self, file: SourceFile) {
        let extras = self
            .workspace
            .files
            .get(self.from_folder..)
            .unwrap_or_default();
        let at = self.from_folder
            + extras.partition_point(|other| other.name.as_str() < file.name.as_str());
        let name = file.name.clone();
        self.workspace.files.insert(at, file);
        // The files after it moved one place on.
        for (index, moved) in self.workspace.files.iter().enumerate().skip(at + 1) {
            if let Some(slot) = self.index.get_mut(&moved.name) {
                *slot = index;
            }
        }
        self.index.insert(name, at);
    }

    /// The workspace name of the document at `uri`: its path relative to the folder, or the URI
    /// itself when it names no file (an unsaved buffer).
    pub fn name_of(&self, uri: &Url) -> String {
        match (uri.to_file_path(), &self.root) {
            (Ok(path), Some(root)) => name_of_path(root, &path),
            (Ok(path), None) => crate::discover::display(&path),
            (Err(()), _) => uri.to_string(),
        }
    }

    /// Opens a document. A name that says nothing of its kind (an unsaved buffer, `Dockerfile-dev`)
    /// is checked as the language the editor says it is: the name gets the matching extension.
    pub fn open(&mut self, uri: Url, language: &str, text: String, version: i32) -> Opened {
        let mut name = self.name_of(&uri);
        if FileKind::detect(&name, &text) == FileKind::Other {
            match language {
                "dockerfile" => name.push_str(".dockerfile"),
                "yaml" | "helm" => name.push_str(".yaml"),
                _ => {}
            }
        }
        let opened = match self.index.get(&name) {
            Some(&at) => match self.workspace.files.get_mut(at) {
                Some(file) if file.text == text => Opened::Same,
                Some(file) => {
                    file.text.clone_from(&text);
                    Opened::Changed
                }
                None => Opened::Changed,
            },
            None => {
                self.insert_extra(SourceFile {
                    name: name.clone(),
                    text: text.clone(),
                });
                Opened::Changed
            }
        };
        // The same URI opened again (without a close) under another name: its old file goes.
        if let Some(previous) = self.open.remove(&uri)
            && previous.name != name
        {
            self.uris.remove(&previous.name);
            self.forget(&previous.name, &previous.uri);
        }
        self.uris.insert(name.clone(), uri.clone());
        self.open.insert(
            uri.clone(),
            Document {
                uri,
                name,
                text,
                version,
            },
        );
        opened
    }

    /// Applies changes to an open document; `false` when it is not open.
    pub fn change(
        &mut self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> bool {
        let Some(document) = self.open.get_mut(uri) else {
            return false;
        };
        apply_changes(&mut document.text, changes, encoding);
        document.version = version;
        if let Some(file) = self
            .index
            .get(&document.name)
            .and_then(|&at| self.workspace.files.get_mut(at))
        {
            file.text.clone_from(&document.text);
        }
        true
    }

    /// Closes a document: the workspace has its file as the disk now has it (it may have been
    /// saved), or not at all.
    pub fn close(&mut self, uri: &Url) -> Option<Document> {
        let document = self.open.remove(uri)?;
        if self.uris.get(&document.name) == Some(uri) {
            self.uris.remove(&document.name);
        }
        self.forget(&document.name, &document.uri);
        Some(document)
    }

    /// A file the document at `uri` no longer holds open: as the disk has it now when it is the
    /// folder's, else out of the workspace.
    fn forget(&mut self, name: &str, uri: &Url) {
        if let Some(other) = self.uris.get(name) {
            // Another document still has it open.
            if let Some(text) = self.open.get(other).map(|document| document.text.clone())
                && let Some(file) = self
                    .index
                    .get(name)
                    .and_then(|&at| self.workspace.files.get_mut(at))
            {
                file.text = text;
            }
            return;
        }
        let Some(&at) = self.index.get(name) else {
            return;
        };
        if at >= self.from_folder {
            self.workspace.files.remove(at);
            self.reindex();
            return;
        }
        let on_disk = uri
            .to_file_path()
            .ok()
            .and_then(|path| std::fs::read(path).ok())
            .and_then(|bytes| crate::discover::decode(name, bytes).ok());
        match on_disk {
            Some(text) => {
                if let Some(file) = self.workspace.files.get_mut(at) {
                    file.text = text;
                }
            }
            None => {
                self.workspace.files.remove(at);
                self.from_folder = self.from_folder.saturating_sub(1);
                self.reindex();
            }
        }
    }

    /// The URI of the file `name`: the open document's, else the file's in the folder.
    pub fn uri_of(&self, name: &str) -> Option<Url> {
        if let Some(uri) = self.uris.get(name) {
            return Some(uri.clone());
        }
        let path = match &self.root {
            Some(root) => root.join(name),
            None => PathBuf::from(name),
        };
        Url::from_file_path(path).ok()
    }

    /// The name of the document at `uri` in the workspace, open or not.
    pub fn name_for(&self, uri: &Url) -> String {
        match self.open.get(uri) {
            Some(document) => document.name.clone(),
            None => self.name_of(uri),
        }
    }

    /// The folder the workspace is read from.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Reads the folder again (its configuration changed: what it ignores may have).
    pub fn reread_folder(&mut self, ignored: &dyn Fn(&Path) -> bool) -> Vec<String> {
        self.read_folder(ignored)
    }

    pub fn get(&self, uri: &Url) -> Option<&Document> {
        self.open.get(uri)
    }

    pub fn open_documents(&self) -> impl Iterator<Item = &Document> {
        self.open.values()
    }

    /// The text of the file `name`, open or on the disk.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        let at = *self.index.get(name)?;
        self.workspace.files.get(at).map(|file| file.text.as_str())
    }

    /// The folder's files with the open documents over them, then the open documents the folder
    /// does not have.
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }
}

/// Reads the folder's files into `files`; returns the problems met.
fn read(root: &Path, ignored: &dyn Fn(&Path) -> bool, files: &mut Vec<SourceFile>) -> Vec<String> {
    let (candidates, mut problems) = match crate::discover::discover(root, ignored) {
        crate::discover::Root::Directory {
            candidates,
            problems,
            ..
        } => (candidates, problems),
        crate::discover::Root::Problem(problem) => return vec![problem],
        _ => return Vec::new(),
    };
    if candidates.len() > MAX_FOLDER_FILES {
        problems.push(format!(
            "{}: more than {MAX_FOLDER_FILES} files to check; only the open documents are",
            root.display()
        ));
        return problems;
    }
    let threads = crate::parallel::default_threads();
    let read = crate::parallel::map(&candidates, threads, crate::discover::read_candidate);
    for (candidate, read) in candidates.iter().zip(read) {
        match read {
            crate::discover::Read::File(file) => files.push(SourceFile {
                name: name_of_path(root, &candidate.path),
                text: file.text,
            }),
            crate::discover::Read::NotOurs => {}
            crate::discover::Read::Problem(problem) => problems.push(problem),
        }
    }
    problems
}

/// `path` as `drydock check` run in `root` shows it.
fn name_of_path(root: &Path, path: &Path) -> String {
    crate::discover::display(&crate::discover::relative_from(path, root))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_and_texts(documents: &Documents) -> Vec<(String, String)> {
        documents
            .workspace()
            .files
            .iter()
            .map(|file| (file.name.clone(), file.text.clone()))
            .collect()
    }

    /// The kept workspace is what the folder and the open documents make: the folder's files in
    /// order with open text over them, then the other open documents by name.
    #[test]
    fn the_workspace_follows_opens_changes_and_closes() {
        let folder = std::env::temp_dir().join(format!("drydock-documents-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("Dockerfile"), "FROM a\n").unwrap();
        std::fs::write(folder.join("b.dockerfile"), "FROM b\n").unwrap();
        let mut documents = Documents::new(Some(folder.clone()));
        assert!(documents.reread_folder(&|_| false).is_empty());
        let file = |name: &str| Url::from_file_path(folder.join(name)).unwrap();
        let pair = |name: &str, text: &str| (name.to_owned(), text.to_owned());
        assert_eq!(
            documents.open(file("Dockerfile"), "dockerfile", "FROM a\n".into(), 1),
            Opened::Same
        );
        assert_eq!(
            documents.open(file("z.dockerfile"), "dockerfile", "FROM z\n".into(), 1),
            Opened::Changed
        );
        assert_eq!(
            documents.open(file("c.dockerfile"), "dockerfile", "FROM c\n".into(), 1),
            Opened::Changed
        );
        documents.change(
            &file("b.dockerfile"),
            2,
            vec![TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "FROM x\n".into(),
            }],
            Encoding::Utf16,
        );
        assert_eq!(
            documents.open(file("b.dockerfile"), "dockerfile", "FROM bb\n".into(), 1),
            Opened::Changed
        );
        assert_eq!(
            names_and_texts(&documents),
            [
                pair("Dockerfile", "FROM a\n"),
                pair("b.dockerfile", "FROM bb\n"),
                pair("c.dockerfile", "FROM c\n"),
                pair("z.dockerfile", "FROM z\n"),
            ]
        );
        assert_eq!(documents.text_of("z.dockerfile"), Some("FROM z\n"));
        // Closed: the folder's file as the disk has it; another document's file gone.
        documents.close(&file("b.dockerfile"));
        documents.close(&file("c.dockerfile"));
        assert_eq!(
            names_and_texts(&documents),
            [
                pair("Dockerfile", "FROM a\n"),
                pair("b.dockerfile", "FROM b\n"),
                pair("z.dockerfile", "FROM z\n"),
            ]
        );
        assert_eq!(documents.text_of("c.dockerfile"), None);
        assert_eq!(documents.text_of("z.dockerfile"), Some("FROM z\n"));
        let _ = std::fs::remove_dir_all(&folder);
    }
}
